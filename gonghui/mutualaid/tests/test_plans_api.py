"""The plan-year API: list, detail with items and diseases, create, update with the version,
copy, the workflow's actions; Chinese errors on their field, scope and permission as on the
pages."""

from decimal import Decimal

import pytest

from gonghui.members.tests.factories import make_member
from gonghui.mutualaid.choices import ClaimState
from gonghui.mutualaid.models import PlanYear
from gonghui.mutualaid.tests.factories import make_claim, make_enrollment, make_plan

pytestmark = pytest.mark.django_db
API = "/api/v1/mutualaid/plans"


def body(year=2015, **changes):
    return {
        "year": year,
        "name": f"{year}年度职工医疗互助保障计划",
        "starts_on": f"{year}-01-01",
        "ends_on": f"{year}-12-31",
        "contribution": "30.00",
        "is_demo": True,
        "items": [
            {
                "kind": "inpatient",
                "deductible": "500.00",
                "ratio_percent": "60",
                "per_claim_cap": "10000.00",
                "yearly_cap": "30000.00",
            },
            {"kind": "critical", "diseases": [{"name": "恶性肿瘤", "amount": "15000.00"}]},
            {"kind": "accident", "ratio_percent": "80", "yearly_cap": "5000.00"},
        ],
    } | changes


def post(client, url, data):
    return client.post(url, data, content_type="application/json")


def put(client, url, data):
    return client.put(url, data, content_type="application/json")


def test_create_read_update_copy_and_open(world, client_for):
    client = client_for(world.admin)
    created = post(client, API, body())
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["state"] == "draft" and data["contribution"] == "30.00"
    inpatient, critical, accident = data["items"]
    assert inpatient["ratio_percent"] == "60.00" and inpatient["ratio"] == "0.6000"
    assert inpatient["formula"].startswith("（个人自付 − 起付 500.00）× 60%")
    assert accident["waiting_applies"] is False and critical["diseases"][0]["code"] == "d1"
    pk = data["id"]

    # the whole year with the version read: the accident item left out is removed
    changed = body(contribution="35.00")
    changed["items"] = changed["items"][:2]
    changed["items"][0]["ratio_percent"] = "62.5"
    updated = put(client, f"{API}/{pk}", {**changed, "version": data["version"]})
    assert updated.status_code == 200, updated.content
    kinds = [i["kind"] for i in updated.json()["items"]]
    assert kinds == ["inpatient", "critical"] and updated.json()["contribution"] == "35.00"
    assert updated.json()["items"][0]["ratio_percent"] == "62.50"
    assert updated.json()["items"][1]["diseases"][0]["name"] == "恶性肿瘤"  # kept
    stale = put(client, f"{API}/{pk}", {**changed, "version": data["version"]})
    assert stale.status_code == 409 and "已被他人修改" in stale.json()["detail"]

    version = updated.json()["version"]
    opened = post(client, f"{API}/{pk}/actions", {"action": "open", "version": version})
    assert opened.status_code == 200, opened.content
    assert opened.json()["state"] == "open"

    copied = post(client, f"{API}/{pk}/copy", {})
    assert copied.status_code == 201, copied.content
    assert copied.json()["year"] == 2016 and copied.json()["previous_id"] == pk
    assert copied.json()["starts_on"] == "2016-01-01" and copied.json()["state"] == "draft"
    again = post(client, f"{API}/{pk}/copy", {})
    assert again.status_code == 400 and "2016年度已有计划" in again.json()["detail"]

    listed = client.get(f"{API}?state=open").json()
    assert [p["year"] for p in listed["items"]] == [2015]
    assert client.get(f"{API}/{pk}").json()["items"][0]["kind"] == "inpatient"


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"ends_on": "2014-06-01"}, "ends_on", "晚于开始日期"),
        ({"age_limit_male": 75}, "age_limit_male", "不能大于70"),
        ({"contribution": "1.005"}, "contribution", "两位小数"),
    ],
)
def test_wrong_input_is_said_in_chinese_on_its_field(world, client_for, change, field, words):
    response = post(client_for(world.admin), API, body(**change))
    assert response.status_code in (400, 422)
    answer = response.json()
    said = answer.get("errors") or [{"field": answer.get("field"), "message": answer["detail"]}]
    assert any(e["field"] == field and words in e["message"] for e in said), answer
    assert not PlanYear.objects.exists()


def test_a_ratio_over_100_and_a_cap_above_the_year_are_refused(world, client_for):
    client = client_for(world.admin)
    wrong = body()
    wrong["items"][0]["ratio_percent"] = "120"
    answer = post(client, API, wrong).json()
    assert answer["errors"][0]["field"] == "items.0.ratio_percent"
    assert "0% 至 100%" in answer["errors"][0]["message"]
    wrong = body()
    wrong["items"][0]["per_claim_cap"] = "40000.00"
    response = post(client, API, wrong)
    assert response.status_code == 400
    assert response.json()["field"] == "inpatient_per_claim_cap"
    twice = body()
    twice["items"][2] = {"kind": "inpatient"}
    assert post(client, API, twice).json()["field"] == "items"


def test_a_committed_claim_freezes_the_year_through_the_api(world, client_for):
    plan = make_plan(world.district, 2013)
    make_claim(make_enrollment(make_member(world.union_a), plan), state=ClaimState.PAID)
    client = client_for(world.admin)
    detail = client.get(f"{API}/{plan.pk}").json()
    assert detail["committed_claims"] == 1
    change = body(2013, contribution="50.00", version=plan.version)
    response = put(client, f"{API}/{plan.pk}", change)
    assert response.status_code == 400 and "不能再修改本年度的标准" in response.json()["detail"]
    plan.refresh_from_db()
    assert plan.contribution == Decimal("30.00")


def test_scope_and_permission(world, client_for):
    plan = make_plan(world.district, 2013)
    town = client_for(world.town_a_user)
    assert town.get(f"{API}/{plan.pk}").status_code == 200  # the district's plan: seen by all
    assert town.get(API).json()["count"] == 1
    assert post(town, API, body()).status_code == 403
    assert post(town, f"{API}/{plan.pk}/copy", {}).status_code == 403
    answer = post(town, f"{API}/{plan.pk}/actions", {"action": "close", "version": plan.version})
    assert answer.status_code in (403, 404)
    assert client_for(world.lawyer_a).get(API).status_code == 403
    assert client_for(world.admin).get(f"{API}/99999999999999999999").status_code in (404, 422)
