"""The disbursement pages and API: scope, create, detail with failures, download, return."""

import pytest

from gonghui.assistance.choices import GrantState
from gonghui.assistance.models import Disbursement
from gonghui.assistance.services.payments import disbursement_create
from gonghui.assistance.tests.payments_helpers import (
    approved,
    district_program,
    sheet_rows,
    upload,
    xlsx,
)
from gonghui.core.importing.models import ImportRun

pytestmark = pytest.mark.django_db


@pytest.fixture
def lists(world):
    program = district_program(world)
    a = approved(program, world.union_a, "500", name="甲甲")
    b = approved(program, world.union_b, "400", name="乙乙")
    list_a = disbursement_create(actor=world.admin, program=program, town=world.town_a)
    list_b = disbursement_create(actor=world.admin, program=program, town=world.town_b)
    return program, a, b, list_a, list_b


def test_the_list_page_shows_what_the_user_may_see(world, lists, client_for):
    _program, _a, _b, list_a, list_b = lists
    page = client_for(world.admin).get("/assistance/disbursements/")
    assert {d.pk for d in page.context["page"]} == {list_a.pk, list_b.pk}
    assert "生成发放名单" in page.content.decode()
    town = client_for(world.town_a_user).get("/assistance/disbursements/")
    assert [d.pk for d in town.context["page"]] == [list_a.pk]
    assert (
        list_b.number not in town.content.decode() and "生成发放名单" not in town.content.decode()
    )
    assert (
        client_for(world.town_a_user).get(f"/assistance/disbursements/{list_b.pk}/").status_code
        == 404
    )
    # the town may look at its list, not download it
    assert (
        client_for(world.town_a_user).get(f"/assistance/disbursements/{list_a.pk}/").status_code
        == 200
    )
    assert (
        client_for(world.town_a_user)
        .get(f"/assistance/disbursements/{list_a.pk}/file/")
        .status_code
        == 403
    )
    filtered = client_for(world.admin).get("/assistance/disbursements/", {"town": world.town_b.pk})
    assert [d.pk for d in filtered.context["page"]] == [list_b.pk]
    bad = client_for(world.admin).get("/assistance/disbursements/", {"year": "abc"})
    assert bad.status_code == 200 and "筛选条件有误" in bad.content.decode()


def test_create_through_the_page(world, client_for):
    program = district_program(world)
    approved(program, world.union_a, "500")
    client = client_for(world.admin)
    form = client.get("/assistance/disbursements/new/")
    assert form.status_code == 200 and str(program) in form.content.decode()
    done = client.post("/assistance/disbursements/new/", {"program": program.pk})
    made = Disbursement.objects.get()
    assert done.url == f"/assistance/disbursements/{made.pk}/"
    again = client.post("/assistance/disbursements/new/", {"program": program.pk})
    assert again.status_code == 200 and "不能生成空名单" in again.content.decode()
    assert client_for(world.town_a_user).get("/assistance/disbursements/new/").status_code == 403


def test_detail_download_and_return_through_the_pages(
    world, lists, client_for, django_capture_on_commit_callbacks
):
    _program, a, _b, list_a, _list_b = lists
    client = client_for(world.admin)
    file = client.get(f"/assistance/disbursements/{list_a.pk}/file/")
    assert file.status_code == 200 and file["Content-Disposition"].startswith("attachment")
    rows = sheet_rows(b"".join(file.streaming_content))
    assert rows[1][4] == "****5678"
    full = client.get(f"/assistance/disbursements/{list_a.pk}/file/", {"full": "on"})
    assert sheet_rows(b"".join(full.streaming_content))[1][4] == "6222020200112345678"
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(
            f"/assistance/disbursements/{list_a.pk}/return/",
            {"file": upload(xlsx([(a.number, "失败", "账户已销户", "")]))},
        )
    run = ImportRun.objects.get(kind="assistance.bank_return")
    assert sent.url == f"/imports/{run.pk}/"
    a.refresh_from_db()
    assert a.state == GrantState.PAYMENT_FAILED
    page = client.get(f"/assistance/disbursements/{list_a.pk}/")
    html = page.content.decode()
    assert 'id="failure-list"' in html and "账户已销户" in html and a.number in html
    assert page.context["disbursement"].failed_count == 1
    # a file that is not a spreadsheet: said on the page, nothing started
    bad = client.post(
        f"/assistance/disbursements/{list_a.pk}/return/",
        {"file": upload(b"\x00\x01garbage", "x.xlsx")},
        follow=True,
    )
    assert bad.status_code == 200 and ImportRun.objects.count() == 1


def test_the_api(world, lists, client_for, django_capture_on_commit_callbacks):
    program, a, _b, list_a, list_b = lists
    client = client_for(world.admin)
    listed = client.get("/api/v1/assistance/disbursements").json()
    assert {d["id"] for d in listed["items"]} == {list_a.pk, list_b.pk}
    one = client.get(f"/api/v1/assistance/disbursements/{list_a.pk}").json()
    assert one["number"] == list_a.number and one["total"] == "500.00"
    town = client_for(world.town_a_user)
    assert town.get(f"/api/v1/assistance/disbursements/{list_b.pk}").status_code == 404
    assert [d["id"] for d in town.get("/api/v1/assistance/disbursements").json()["items"]] == [
        list_a.pk
    ]
    client = client_for(world.admin)
    empty = client.post(
        "/api/v1/assistance/disbursements",
        {"program_id": program.pk},
        content_type="application/json",
    )
    assert empty.status_code == 400 and "不能生成空名单" in empty.json()["detail"]
    approved(program, world.union_a, "300")
    made = client.post(
        "/api/v1/assistance/disbursements",
        {"program_id": program.pk, "town_id": world.town_a.pk},
        content_type="application/json",
    )
    assert made.status_code == 201 and made.json()["grant_count"] == 1
    missing = client.post(
        "/api/v1/assistance/disbursements",
        {"program_id": 10**15},
        content_type="application/json",
    )
    assert missing.status_code == 404
    file = client.get(f"/api/v1/assistance/disbursements/{list_a.pk}/file")
    assert sheet_rows(b"".join(file.streaming_content))[-1][0] == "合计"
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(
            f"/api/v1/assistance/disbursements/{list_a.pk}/returns",
            {"file": upload(xlsx([(a.number, "成功", "", "2026-12-01")]))},
        )
    assert started.status_code == 201, started.content
    a.refresh_from_db()
    assert a.state == GrantState.PAID
