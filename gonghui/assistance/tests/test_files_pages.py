"""The hardship-file pages as a town user, a chair and the district: list (filters, due
lists, export), new file (the category shown, a second file linked), detail (scope: town
B's file is 404 for town A), workflow buttons, visits, documents, standards."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.assistance.choices import FileState
from gonghui.assistance.models import HardshipFile, LivingStandard
from gonghui.assistance.tests.factories import make_file
from gonghui.core.models import AuditEntry
from gonghui.members.tests.factories import new_ric

from .files_helpers import PDF, approved, open_file, standards

pytestmark = pytest.mark.django_db


def new_file_post(ric: str, **extra) -> dict:
    data = {
        "name": "陈七",
        "ric": ric,
        "annual_income": "9600",
        "essential_expenses": "2400",
        "cause": "unemployment",
        "contact_name": "张联系",
        "household-TOTAL_FORMS": "6",
        "household-INITIAL_FORMS": "0",
        "household-MIN_NUM_FORMS": "0",
        "household-MAX_NUM_FORMS": "20",
        "household-0-name": "陈妻",
        "household-0-relation": "spouse",
        "doc_id_card": SimpleUploadedFile("id.pdf", PDF),
        "doc_household_register": SimpleUploadedFile("h.pdf", PDF),
        "doc_income_proof": SimpleUploadedFile("i.pdf", PDF),
    }
    data.update(extra)
    return data


def test_a_chair_opens_a_file_and_sees_its_category(world, client_for):
    standards(world)
    client = client_for(world.chair_a)
    assert client.get("/assistance/files/new/").status_code == 200
    response = client.post("/assistance/files/new/", new_file_post(new_ric()), follow=True)
    file = HardshipFile.objects.get()
    assert response.redirect_chain[-1][0] == f"/assistance/files/{file.pk}/"
    text = response.content.decode()
    assert "深度困难" in text and "人均月收入 300.00 元" in text
    assert file.union == world.union_a and file.household_size == 2
    assert file.documents.count() == 3


def test_a_second_file_links_the_first(world, client_for):
    standards(world)
    ric = new_ric()
    first = open_file(world, ric=ric)
    response = client_for(world.town_a_user).post(
        "/assistance/files/new/", new_file_post(ric, union=str(world.union_a.pk))
    )
    text = response.content.decode()
    assert response.status_code == 200 and first.number in text
    assert f'href="/assistance/files/{first.pk}/"' in text


def test_the_refusal_with_figures_is_on_the_page(world, client_for):
    standards(world, "400")
    response = client_for(world.chair_a).post(
        "/assistance/files/new/",
        new_file_post(new_ric(), annual_income="19500", essential_expenses="0"),
    )
    assert "人均月收入 812.50 元，不低于低保标准 400.00 元的 2 倍" in response.content.decode()
    assert not HardshipFile.objects.exists()


def test_scope_town_b_file_is_404_for_town_a(world, client_for):
    standards(world)
    mine = open_file(world)
    theirs = open_file(world, actor=world.town_b_user, union=world.union_b)
    client = client_for(world.town_a_user)
    assert client.get(f"/assistance/files/{mine.pk}/").status_code == 200
    assert client.get(f"/assistance/files/{theirs.pk}/").status_code == 404
    doc = theirs.documents.first()
    assert client.get(f"/assistance/files/{theirs.pk}/documents/{doc.pk}/").status_code == 404
    assert client.get(f"/assistance/files/{theirs.pk}/visits/new/").status_code == 404
    listed = client.get("/assistance/files/").content.decode()
    assert mine.number in listed and theirs.number not in listed
    # the chair sees their own union's only
    chair = client_for(world.chair_a)
    assert chair.get(f"/assistance/files/{theirs.pk}/").status_code == 404


def test_workflow_buttons_by_role(world, client_for):
    standards(world)
    file = open_file(world)
    town = client_for(world.town_a_user).get(f"/assistance/files/{file.pk}/").content.decode()
    assert 'id="action-review"' in town and 'id="action-approve"' not in town
    response = client_for(world.town_a_user).post(
        f"/assistance/files/{file.pk}/review/", {"version": file.version, "note": "属实"}
    )
    assert response.status_code == 302
    file.refresh_from_db()
    assert file.state == FileState.REVIEWED
    district = (
        client_for(world.district_staff).get(f"/assistance/files/{file.pk}/").content.decode()
    )
    assert 'id="action-approve"' in district and 'id="action-reject"' in district
    client_for(world.district_staff).post(
        f"/assistance/files/{file.pk}/approve/", {"version": file.version}
    )
    file.refresh_from_db()
    assert file.state == FileState.APPROVED and file.visit_due


def test_the_notice_guard_on_the_page(world, client_for):
    standards(world)
    file = approved(world)
    client = client_for(world.town_a_user)
    client.post(
        f"/assistance/files/{file.pk}/propose_exit/", {"version": file.version, "reason": "已脱困"}
    )
    file.refresh_from_db()
    assert file.state == FileState.EXIT_NOTICE
    response = client_for(world.district_staff).post(
        f"/assistance/files/{file.pk}/exit/", {"version": file.version}, follow=True
    )
    assert "公示期满后方可批准退档" in response.content.decode()
    file.refresh_from_db()
    assert file.state == FileState.EXIT_NOTICE


def test_documents_download_through_the_file(world, client_for):
    standards(world)
    file = open_file(world)
    doc = file.documents.first()
    response = client_for(world.town_a_user).get(f"/assistance/files/{file.pk}/documents/{doc.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert AuditEntry.objects.filter(action="assistance.document.viewed").exists()
    client = client_for(world.chair_a)
    response = client.post(
        f"/assistance/files/{file.pk}/documents/",
        {"kind": "other", "upload": SimpleUploadedFile("x.html", b"<html>")},
        follow=True,
    )
    assert "不是允许的文件类型" in response.content.decode()


def test_visit_form_and_history(world, client_for):
    standards(world)
    ric = new_ric()
    make_file(world.union_a, ric=ric, state=FileState.EXITED, exited_on=datetime.date(2014, 1, 1))
    file = approved(world, ric=ric)
    client = client_for(world.chair_a)
    page = client.get(f"/assistance/files/{file.pk}/").content.decode()
    assert 'id="history"' in page and 'id="file-previous"' in page
    response = client.post(
        f"/assistance/files/{file.pk}/visits/new/",
        {
            "kind": "visit",
            "visited_on": file.opened_on.isoformat(),
            "visitor": "张联系",
            "note": "好转",
        },
        follow=True,
    )
    assert "已登记入户走访" in response.content.decode()
    file.refresh_from_db()
    assert file.last_visit_on == file.opened_on


def test_list_filters_and_due_lists(world, client_for):
    standards(world)
    today = datetime.date.today()
    due = make_file(
        world.union_a,
        approved_on=today,
        visit_due=today - datetime.timedelta(days=1),
        review_due=today + datetime.timedelta(days=30),
    )
    late = make_file(
        world.union_a,
        approved_on=today,
        visit_due=today + datetime.timedelta(days=30),
        review_due=today - datetime.timedelta(days=1),
        category="relative",
    )
    client = client_for(world.town_a_user)

    def numbers(query: str) -> set[str]:
        text = client.get(f"/assistance/files/?{query}").content.decode()
        return set(re.findall(r"KN\d{8}", text))

    assert numbers("due=visit") == {due.number}
    assert numbers("due=review") == {late.number}
    assert numbers("category=relative") == {late.number}
    assert numbers(f"standing_on={today.isoformat()}") == {due.number, late.number}
    assert numbers("standing_on=2000-01-01") == set()
    assert numbers(f"org={world.union_a.pk}") == {due.number, late.number}
    assert "筛选条件有误" in client.get("/assistance/files/?opened_from=abc").content.decode()
    page = client.get("/assistance/files/").content.decode()
    assert 'data-export="assistance.files"' in page


def test_standards_page(world, client_for):
    client = client_for(world.district_staff)
    response = client.post(
        "/assistance/standards/",
        {
            "town": world.town_a.pk,
            "effective_from": "2020-01-01",
            "monthly_amount": "1010",
            "note": "文件",
        },
        follow=True,
    )
    assert "已保存" in response.content.decode()
    assert LivingStandard.objects.get().monthly_amount == 1010
    town = client_for(world.town_a_user)
    page = town.get("/assistance/standards/").content.decode()
    assert "1,010.00" in page and 'id="standard-form"' not in page
    assert town.post("/assistance/standards/", {"town": world.town_a.pk}).status_code == 403


def test_pages_at_phone_width_use_the_kit(world, client_for):
    standards(world)
    file = open_file(world)
    client = client_for(world.town_a_user)
    for url in (
        "/assistance/files/",
        "/assistance/files/new/",
        f"/assistance/files/{file.pk}/",
        "/assistance/standards/",
    ):
        text = client.get(url).content.decode()
        assert "<script>" not in text and "style=" not in text.split("<main", 1)[-1]
    detail = client.get(f"/assistance/files/{file.pk}/").content.decode()
    assert (
        '<dl class="props">' in detail
        and "table-responsive" in client.get("/assistance/files/").content.decode()
    )


def _export(client, data: dict, capture) -> list[tuple]:
    from gonghui.core.models import Job
    from tests.stored import stored_workbook

    with capture(execute=True):
        response = client.post("/exports/assistance.files/", data)
    job = Job.objects.latest("pk")
    assert response.url == f"/jobs/{job.pk}/" and job.status == Job.Status.SUCCEEDED
    return list(stored_workbook(job.result_file).active.values)


def test_the_export_masks_the_ric_unless_full_and_allowed(
    world, client_for, django_capture_on_commit_callbacks
):
    standards(world)
    ric = new_ric()
    mine = open_file(world, ric=ric)
    open_file(world, actor=world.town_b_user, union=world.union_b)
    # the town's staff: masked even when asking (no assistance.view_full_id), own town only
    header, *body = _export(
        client_for(world.town_a_user), {"full": "1"}, django_capture_on_commit_callbacks
    )
    column = header.index("身份证号")
    assert [r[0] for r in body] == [mine.number]
    assert body[0][column] != ric and body[0][column].endswith(ric[-4:])
    # the district, asking: in full, and audited
    header, *body = _export(
        client_for(world.district_staff),
        {"full": "1", "state": "submitted"},
        django_capture_on_commit_callbacks,
    )
    assert ric in [r[column] for r in body] and len(body) == 2
    assert AuditEntry.objects.filter(action="assistance.file.exported").count() == 2
