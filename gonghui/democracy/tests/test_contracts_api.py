"""The contracts API (DEMO-1): create, read, edit, the workflow's actions, coverage rows,
renewal, the rates (numerator, denominator, value) and their lists, campaigns and offers;
bad input said in Chinese on its field, an id out of scope a 404 naming it; the exports."""

import datetime

import pytest

from gonghui.core.clock import today
from gonghui.core.models import Job
from gonghui.democracy.models import CollectiveContract
from gonghui.democracy.tests.factories_contracts import make_contract
from tests.stored import stored_workbook

pytestmark = pytest.mark.django_db
API = "/api/v1/democracy"


def days(n):
    return (today() + datetime.timedelta(days=n)).isoformat()


def post(client, url, data):
    return client.post(url, data, content_type="application/json")


def said(response) -> list[dict]:
    answer = response.json()
    return answer.get("errors") or [{"field": answer.get("field"), "message": answer["detail"]}]


BODY = {
    "kind": "wage",
    "scope": "employer",
    "signed_on": None,
    "term_years": 1,
    "wage_increase_pct": "8.5",
    "negotiators_worker_side": 5,
    "women_negotiators": 1,
    "vote_total": 30,
    "vote_attended": 25,
    "vote_for": 20,
}


def test_create_act_and_read_the_rate(world, client_for):
    client = client_for(world.town_a_user)
    body = {**BODY, "employer_id": world.employer_a.pk, "signed_on": days(-40)}
    created = post(client, f"{API}/contracts", body)
    assert created.status_code == 201, created.json()
    contract = created.json()
    assert contract["employer_ids"] == [world.employer_a.pk] and contract["state"] == "signed"
    pk = contract["id"]
    acted = post(client, f"{API}/contracts/{pk}/actions",
                 {"action": "submit", "version": 1, "submitted_on": days(-36)})  # fmt: skip
    assert acted.status_code == 200, acted.json()
    acted = post(client, f"{API}/contracts/{pk}/actions", {"action": "take_effect", "version": 2})
    assert acted.json()["state"] == "effective"
    rates = client.get(f"{API}/contract-rates?kind=wage").json()
    assert rates[0] == {"kind": "wage", "on": today().isoformat(), "ownership": "", "org": None,
                        "numerator": 1, "denominator": 1, "value": "100.0"}  # fmt: skip
    assert {r["ownership"] for r in rates} == {"", "state", "collective", "fortune500", "private"}
    covered = client.get(f"{API}/contract-rates/employers?list=covered").json()
    assert [e["id"] for e in covered["items"]] == [world.employer_a.pk]
    rows = client.get(f"{API}/contracts/{pk}/coverage").json()["items"]
    assert [r["name"] for r in rows] == ["甲电子有限公司"]
    listed = client.get(f"{API}/contracts?kind=wage&state=effective").json()
    assert listed["count"] == 1


def test_bad_input_and_scope(world, client_for):
    client = client_for(world.town_a_user)
    out = post(client, f"{API}/contracts", {**BODY, "employer_id": world.employer_b.pk,
                                            "signed_on": days(-1)})  # fmt: skip
    assert out.status_code == 404 and said(out)[0]["field"] == "employer_id"
    bad = post(client, f"{API}/contracts", {**BODY, "employer_id": world.employer_a.pk,
                                            "signed_on": days(-1), "vote_for": 10})  # fmt: skip
    assert bad.status_code == 400 and said(bad)[0]["field"] == "vote_for"
    assert "半数" in said(bad)[0]["message"]
    wrong = post(client, f"{API}/contracts", {**BODY, "signed_on": "昨天"})
    assert wrong.status_code in (400, 422)
    assert not CollectiveContract.objects.exists()
    other = make_contract(world.employer_b)
    assert client.get(f"{API}/contracts/{other.pk}").status_code == 404
    assert client_for(world.chair_a).get(f"{API}/contract-rates").status_code == 403


def test_renew_and_edit(world, client_for):
    client = client_for(world.town_a_user)
    old = make_contract(world.employer_a, signed_on=today() - datetime.timedelta(days=300))
    body = {k: v for k, v in BODY.items() if k not in ("kind", "scope")}
    renewed = post(client, f"{API}/contracts/{old.pk}/renew",
                   {**body, "signed_on": days(0),
                    "starts_on": (old.ends_on + datetime.timedelta(1)).isoformat()})  # fmt: skip
    assert renewed.status_code == 201, renewed.json()
    assert renewed.json()["renews_id"] == old.pk
    assert client.get(f"{API}/contracts/{old.pk}").json()["renewed_by_id"] == renewed.json()["id"]
    fresh = renewed.json()
    edited = client.put(
        f"{API}/contracts/{fresh['id']}",
        {**BODY, "employer_id": world.employer_a.pk, "signed_on": days(0),
         "starts_on": fresh["starts_on"], "version": fresh["version"], "wage_increase_pct": "9"},
        content_type="application/json",
    )  # fmt: skip
    assert edited.status_code == 200, edited.json()
    assert edited.json()["wage_increase_pct"] == "9.00"


def test_campaigns_and_offers(world, client_for):
    client = client_for(world.town_a_user)
    made = post(client, f"{API}/campaigns", {"name": "要约行动", "organizer_id": world.town_a.pk,
                                             "started_on": days(-5)})  # fmt: skip
    assert made.status_code == 201, made.json()
    pk = made.json()["id"]
    offers = client.get(f"{API}/campaigns/{pk}/offers").json()["items"]
    assert [o["employer_id"] for o in offers] == [world.employer_a.pk]
    answered = post(client, f"{API}/offers/{offers[0]['id']}/answer",
                    {"version": 1, "answer": "refused", "answered_on": days(-1)})  # fmt: skip
    assert answered.json()["answer"] == "refused" and answered.json()["outcome"] == "failed"
    detail = client.get(f"{API}/campaigns/{pk}").json()
    assert detail["counts"]["refused"] == 1 and detail["counts"]["offers"] == 1
    out = post(client, f"{API}/campaigns", {"name": "x", "organizer_id": world.town_b.pk,
                                            "started_on": days(0)})  # fmt: skip
    assert out.status_code == 404 and said(out)[0]["field"] == "organizer_id"


def test_the_exports_in_scope(world, client_for, django_capture_on_commit_callbacks):
    make_contract(world.employer_a, title="甲工资合同")
    make_contract(world.employer_b, title="乙工资合同")
    town = client_for(world.town_a_user)
    with django_capture_on_commit_callbacks(execute=True):
        town.post("/exports/democracy.contracts/", {})
    job = Job.objects.latest("pk")
    assert job.status == Job.Status.SUCCEEDED
    header, *body = list(stored_workbook(job.result_file).active.values)
    assert [r[header.index("合同名称")] for r in body] == ["甲工资合同"]
    with django_capture_on_commit_callbacks(execute=True):
        town.post("/exports/democracy.contract_rates/", {"on": "2013-12-31", "list": "covered"})
    job = Job.objects.latest("pk")
    header, *body = list(stored_workbook(job.result_file).active.values)
    assert [r[header.index("单位名称")] for r in body] == ["甲电子有限公司"]
