"""Pages and API of service records: list (filters, export), form, detail with the
beneficiaries, adding one, importing a list; scope (town B's record is 404 for town A)."""

import datetime
import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.assistance.models import ServiceRecord
from gonghui.assistance.tests.factories import make_program, make_service
from gonghui.core.models import Job
from gonghui.core.tests.importing.helpers import xlsx_bytes
from gonghui.members.tests.factories import make_member, new_ric
from tests.stored import stored_workbook


@pytest.fixture
def records(world):
    cooling = make_program(world.district, code="summer_cooling", year=2013)
    return {
        "a": make_service(world.union_a, title="甲公司体检", head_count=300),
        "cooling": make_service(
            world.town_a,
            kind="in_kind",
            title="送清凉",
            program=cooling,
            item="绿豆汤",
            quantity=50,
            value=Decimal("800"),
        ),
        "b": make_service(world.union_b, title="乙公司体检"),
    }


def titles(response) -> set[str]:
    return {r.title for r in response.context["page"]}


def test_the_list_shows_the_scope_and_filters(world, records, client_for):
    client = client_for(world.town_a_user)
    page = client.get("/assistance/services/")
    assert page.status_code == 200 and titles(page) == {"甲公司体检", "送清凉"}
    assert 'data-export="assistance.services"' in page.content.decode()
    assert titles(client.get("/assistance/services/", {"kind": "in_kind"})) == {"送清凉"}
    assert titles(client.get("/assistance/services/", {"program_kind": "summer_cooling"})) == {
        "送清凉"
    }
    assert titles(client.get("/assistance/services/", {"held_from": "2013-06-01"})) == set()
    wrong = client.get("/assistance/services/", {"held_from": "昨天"})
    assert wrong.status_code == 200 and "日期起" in wrong.content.decode()
    admin = client_for(world.admin)
    assert titles(admin.get("/assistance/services/", {"town": world.town_b.pk})) == {"乙公司体检"}


def test_the_export_holds_the_lists_rows(
    world, records, client_for, django_capture_on_commit_callbacks
):
    client = client_for(world.town_a_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/exports/assistance.services/", {"kind": "in_kind"})
    job = Job.objects.latest("pk")
    assert job.status == Job.Status.SUCCEEDED
    header, *body = list(stored_workbook(job.result_file).active.values)
    assert header[0] == "编号" and [r[3] for r in body] == ["送清凉"]


def test_a_record_is_created_through_the_form(world, client_for):
    client = client_for(world.town_a_user)
    assert client.get("/assistance/services/new/").status_code == 200
    data = {
        "kind": "health_check",
        "title": "免费体检",
        "held_on": "2013-05-01",
        "organizer": str(world.town_a.pk),
        "recipient": "people",
        "head_count": "8000",
        "quantity": "0",
        "value": "",
        "amount": "",
    }
    response = client.post("/assistance/services/new/", data)
    record = ServiceRecord.objects.get()
    assert response.url == f"/assistance/services/{record.pk}/"
    assert (record.head_count, record.org_path) == (8000, world.town_a.path)
    # a rule broken is said on its field
    data |= {"kind": "in_kind", "item": "报刊", "quantity": "5"}
    page = client.post("/assistance/services/new/", data)
    assert page.status_code == 200 and "物品价值" in page.context["form"].errors["value"][0]
    # an organizer out of scope, by id
    page = client.post("/assistance/services/new/", data | {"organizer": str(world.town_b.pk)})
    assert page.context["form"].errors["organizer"]


def test_the_edit_form_keeps_the_version(world, records, client_for):
    record = records["a"]
    client = client_for(world.town_a_user)
    assert client.get(f"/assistance/services/{record.pk}/edit/").status_code == 200
    data = {
        "kind": "health_check",
        "title": "体检（改）",
        "held_on": "2013-05-01",
        "organizer": str(world.union_a.pk),
        "recipient": "people",
        "head_count": "310",
        "version": str(record.version),
    }
    response = client.post(f"/assistance/services/{record.pk}/edit/", data)
    assert response.status_code == 302
    record.refresh_from_db()
    assert (record.title, record.head_count) == ("体检（改）", 310)
    stale = client.post(f"/assistance/services/{record.pk}/edit/", data)
    assert "已被他人修改" in stale.content.decode()


def test_the_detail_page_adds_a_beneficiary_and_masks_the_ric(world, records, client_for):
    record = records["a"]
    client = client_for(world.town_a_user)
    member = make_member(world.union_a, name="王工")
    url = f"/assistance/services/{record.pk}/beneficiaries/"
    assert client.post(url, {"member": str(member.pk), "amount": "600"}).status_code == 302
    ric = new_ric()
    assert client.post(url, {"name": "张三", "ric": ric, "amount": ""}).status_code == 302
    twice = client.post(url, {"name": "张三", "ric": ric})
    assert "不能重复登记" in twice.content.decode()
    page = client.get(f"/assistance/services/{record.pk}/")
    text = page.content.decode()
    assert f"****{ric[-4:]}" in text and ric not in text and member.ric not in text
    record.refresh_from_db()
    assert (record.head_count, record.amount) == (2, Decimal("600.00"))


def test_a_list_is_imported_from_the_detail_page(
    world, records, client_for, django_capture_on_commit_callbacks
):
    record = records["a"]
    client = client_for(world.town_a_user)
    content = xlsx_bytes([["张三", new_ric(), "50"]], header=["姓名", "身份证号", "金额"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/assistance/services/{record.pk}/import/",
            {"file": SimpleUploadedFile("名单.xlsx", content)},
        )
    assert response.status_code == 302 and response.url.startswith("/imports/")
    record.refresh_from_db()
    assert (record.head_count, record.amount, record.named) == (1, Decimal("50.00"), True)
    empty = client.post(
        f"/assistance/services/{record.pk}/import/", {"file": SimpleUploadedFile("a.xlsx", b"")}
    )
    assert "文件是空的" in empty.content.decode()


def test_town_b_record_is_404_for_town_a_on_every_page(world, records, client_for):
    client = client_for(world.town_a_user)
    pk = records["b"].pk
    for url in (f"/assistance/services/{pk}/", f"/assistance/services/{pk}/edit/"):
        assert client.get(url).status_code == 404
    assert (
        client.post(f"/assistance/services/{pk}/beneficiaries/", {"name": "张三"}).status_code
        == 404
    )
    assert client.post(f"/assistance/services/{pk}/import/", {}).status_code == 404
    assert client_for(world.auditor).get("/assistance/services/new/").status_code == 403


def test_the_suggest_endpoint_finds_records_in_scope(world, records, client_for):
    client = client_for(world.town_a_user)
    found = client.get("/assistance/suggest/services/", {"q": "体检"}).json()["results"]
    assert [r["name"] for r in found] == ["甲公司体检"]


# ---- API ----------------------------------------------------------------------------------


def body(**changes):
    return {
        "kind": "injury_visit",
        "title": "慰问因工受伤职工",
        "held_on": "2013-08-01",
        "organizer_id": 0,
        "head_count": 0,
    } | changes


def post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def test_the_api_creates_edits_lists_and_adds_beneficiaries(world, records, client_for):
    client = client_for(world.town_a_user)
    created = post(client, "/api/v1/assistance/services", body(organizer_id=world.town_a.pk))
    assert created.status_code == 201, created.content
    record = created.json()
    assert record["number"].startswith("FW2013-") and record["amount"] == "0.00"
    url = f"/api/v1/assistance/services/{record['id']}"
    added = post(
        client, f"{url}/beneficiaries", {"name": "张三", "ric": new_ric(), "amount": "600"}
    )
    assert added.status_code == 201 and added.json()["ric"].startswith("****")
    got = client.get(url).json()
    assert (got["head_count"], got["amount"], got["named"]) == (1, "600.00", True)
    listed = client.get(f"{url}/beneficiaries").json()
    assert [b["name"] for b in listed["items"]] == ["张三"]
    edited = client.put(
        url,
        json.dumps(body(organizer_id=world.town_a.pk, title="改", version=got["version"])),
        content_type="application/json",
    )
    assert edited.status_code == 200 and edited.json()["title"] == "改"
    assert edited.json()["head_count"] == 1  # kept by the named beneficiaries
    items = client.get("/api/v1/assistance/services", {"kind": "injury_visit"}).json()["items"]
    assert [i["id"] for i in items] == [record["id"]]


def test_the_api_refuses_in_chinese_and_keeps_the_scope(world, records, client_for):
    client = client_for(world.town_a_user)
    out = post(client, "/api/v1/assistance/services", body(organizer_id=world.town_b.pk))
    assert out.status_code == 404 and "organizer_id" in out.json()["detail"]
    future = (datetime.date.today() + datetime.timedelta(days=9)).isoformat()
    late = post(
        client, "/api/v1/assistance/services", body(organizer_id=world.town_a.pk, held_on=future)
    )
    assert late.status_code == 400 and "不能晚于今天" in late.json()["detail"]
    assert client.get(f"/api/v1/assistance/services/{records['b'].pk}").status_code == 404
    assert (
        post(
            client,
            f"/api/v1/assistance/services/{records['b'].pk}/beneficiaries",
            {"name": "张三", "ric": new_ric()},
        ).status_code
        == 404
    )


def test_the_api_starts_an_import(world, records, client_for, django_capture_on_commit_callbacks):
    client = client_for(world.town_a_user)
    content = xlsx_bytes([["张三", new_ric()]], header=["姓名", "身份证号"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/api/v1/assistance/services/{records['a'].pk}/beneficiaries/import",
            {"file": SimpleUploadedFile("名单.xlsx", content)},
        )
    assert response.status_code == 201, response.content
    assert response.json()["kind"] == "assistance.service_beneficiaries"
    records["a"].refresh_from_db()
    assert records["a"].head_count == 1
