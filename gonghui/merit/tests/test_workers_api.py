"""The registry's API: list in scope with filters, one with benefits, studios and grants,
entering one of earlier years, the employer and note, state changes with the flag, benefits,
bad input said in Chinese on its field, scope and permission."""

import datetime

import pytest

from gonghui.assistance.tests.factories import make_grant, make_program
from gonghui.members.models import Member
from gonghui.members.tests.factories import make_member, new_ric
from gonghui.merit.choices import Level
from gonghui.merit.models import ModelWorker, ModelWorkerBenefit
from gonghui.merit.tests.factories import make_honor_type, make_model_worker

pytestmark = pytest.mark.django_db
API = "/api/v1/merit/model-workers"


def post(client, url, data):
    return client.post(url, data, content_type="application/json")


def said(response) -> list[dict]:
    answer = response.json()
    return answer.get("errors") or [{"field": answer.get("field"), "message": answer["detail"]}]


@pytest.fixture
def medal(db):
    return make_honor_type("广州市劳动模范", level=Level.CITY, confers_model_worker=True)


def test_enter_read_and_change_state(world, medal, client_for):
    client = client_for(world.admin)
    member = make_member(world.union_a, name="王锐祥")
    created = post(client, API, {"honor_type_id": medal.pk, "year": 2013, "member_id": member.pk})
    assert created.status_code == 201, created.json()
    worker = created.json()
    assert (worker["name"], worker["level"], worker["honor_type"]) == (
        "王锐祥",
        "city",
        "广州市劳动模范",
    )
    assert Member.objects.get(pk=member.pk).is_model_worker
    program = make_program(world.district, year=2013)
    grant = make_grant(program, world.union_a, member=member, name="王锐祥")
    one = client.get(f"{API}/{worker['id']}").json()
    assert [g["number"] for g in one["grants"]] == [grant.number]
    patched = client.patch(
        f"{API}/{worker['id']}",
        {"version": one["version"], "employer_id": world.employer_a.pk, "note": "技术骨干"},
        content_type="application/json",
    ).json()
    assert (patched["employer_id"], patched["note"]) == (world.employer_a.pk, "技术骨干")
    dead = post(
        client, f"{API}/{worker['id']}/state", {"state": "deceased", "version": patched["version"]}
    )
    assert dead.json()["state"] == "deceased"
    assert not Member.objects.get(pk=member.pk).is_model_worker


def test_a_worker_who_is_not_a_member(world, medal, client_for):
    ric = new_ric()
    created = post(
        client_for(world.admin), API,
        {"honor_type_id": medal.pk, "year": 2009, "name": "李工", "ric": ric, "employer_id": world.employer_b.pk},
    )  # fmt: skip
    assert created.status_code == 201 and created.json()["union_id"] == world.union_b.pk
    assert created.json()["ric_last4"] == ric[-4:]


@pytest.mark.parametrize(
    "change, field, words",
    [
        ({"year": 1800}, "year", ""),
        ({"member_id": None, "name": "李工"}, "ric", "须填写身份证号"),
        ({"member_id": 10**9}, "member_id", "不存在或不在您的管理范围内"),
        ({"honor_type_id": 10**6}, "honor_type_id", "荣誉类型不存在"),
    ],
)
def test_wrong_input_is_said_on_its_field(world, medal, client_for, change, field, words):
    member = make_member(world.union_a)
    body = {"honor_type_id": medal.pk, "year": 2013, "member_id": member.pk} | change
    response = post(client_for(world.admin), API, body)
    assert response.status_code in (400, 404, 422)
    assert any(e["field"].endswith(field) and words in e["message"] for e in said(response))
    assert not ModelWorker.objects.exists()


def test_scope_and_permission(world, medal, client_for):
    theirs = make_model_worker(world.union_b, "乙劳模")
    ours = make_model_worker(world.union_a, "甲劳模")
    town = client_for(world.town_a_user)
    assert [w["name"] for w in town.get(API).json()["items"]] == ["甲劳模"]
    assert town.get(f"{API}/{theirs.pk}").status_code == 404
    member = make_member(world.union_a)
    body = {"honor_type_id": medal.pk, "year": 2013, "member_id": member.pk}
    assert post(town, API, body).status_code == 403
    assert post(town, f"{API}/{ours.pk}/state", {"state": "retired"}).status_code == 403
    admin = client_for(world.admin)
    assert [w["name"] for w in admin.get(f"{API}?town={world.town_b.pk}").json()["items"]] == [
        "乙劳模"
    ]
    assert admin.get(f"{API}?year=abc").status_code == 422


def test_a_state_change_refused(world, client_for):
    worker = make_model_worker(world.union_a)
    response = post(client_for(world.admin), f"{API}/{worker.pk}/state", {"state": "revoked"})
    assert response.status_code == 400
    assert said(response)[0] == {
        "field": "reason",
        "message": "撤销劳模称号须填写理由（如撤销文号）。",
    }


def test_benefits(world, client_for):
    client = client_for(world.admin)
    row = {
        "level": "national",
        "kind": "allowance",
        "amount": "500",
        "effective_from": "2013-01-01",
    }
    created = post(client, "/api/v1/merit/benefits", row)
    assert created.status_code == 201 and created.json()["text"] == "每月 500.00 元"
    wrong = post(
        client, "/api/v1/merit/benefits", {**row, "kind": "pension", "effective_from": "2014-01-01"}
    )
    assert wrong.status_code == 400 and said(wrong)[0]["field"] == "percent"
    pk = created.json()["id"]
    put = client.put(
        f"/api/v1/merit/benefits/{pk}", {**row, "amount": "600", "version": created.json()["version"]},
        content_type="application/json",
    )  # fmt: skip
    assert put.json()["amount"] == "600.00"
    in_force = (
        client_for(world.chair_a).get("/api/v1/merit/benefits/in-force?level=national").json()
    )
    assert [b["amount"] for b in in_force] == ["600.00"]
    town = client_for(world.town_a_user)
    assert (
        post(town, "/api/v1/merit/benefits", {**row, "effective_from": "2015-01-01"}).status_code
        == 403
    )
    assert ModelWorkerBenefit.objects.count() == 1
    assert datetime.date(2013, 1, 1) == ModelWorkerBenefit.objects.get().effective_from
