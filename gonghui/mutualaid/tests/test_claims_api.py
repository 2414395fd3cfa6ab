"""The claims API under /api/v1/mutualaid/claims: create (documents in base64) with the
benefit and its lines, list with the page's filters, detail, quote (nothing saved),
correction with the version, the workflow's actions, scope and permissions."""

import base64
from decimal import Decimal

import pytest

from gonghui.mutualaid.models import Claim
from gonghui.mutualaid.tests.claims_helpers import (
    ACCOUNT,
    PDF,
    current_plan,
    days_ago,
    enrolled,
    file_claim,
)

pytestmark = pytest.mark.django_db

API = "/api/v1/mutualaid/claims"


def body(enrollment, **extra):
    content = base64.b64encode(PDF).decode()
    values = {
        "member_id": enrollment.member_id,
        "event_kind": "illness",
        "event_on": days_ago(30).isoformat(),
        "admitted_on": days_ago(30).isoformat(),
        "discharged_on": days_ago(25).isoformat(),
        "hospital": "番禺区中心医院",
        "diagnosis": "肺癌",
        "disease": "cancer",
        "total_cost": "20000.00",
        "insurance_paid": "12000.00",
        "bank_name": "工商银行",
        "account": ACCOUNT,
        "documents": [
            {"kind": "discharge", "name": "出院小结.pdf", "content": content},
            {"kind": "invoice", "name": "发票.pdf", "content": content},
        ],
    }
    values.update(extra)
    return values


def post(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_create_list_detail_and_actions(world, client_for):
    plan = current_plan(world)
    enrollment = enrolled(world, plan)
    chair = client_for(world.chair_a)
    made = post(chair, API, body(enrollment))
    assert made.status_code == 201, made.content
    claim = made.json()
    assert claim["number"].startswith(f"HZ{plan.year}") and claim["amount"] == "19500.00"
    assert claim["year"] == plan.year and claim["account_last4"] == "3445"
    kinds = {b["kind"]: b for b in claim["benefits"]}
    assert kinds["inpatient"]["amount"] == "4500.00"
    assert kinds["inpatient"]["lines"][0].startswith("自付 8,000.00 − 起付 500.00 = 7,500.00")
    assert kinds["critical"]["lines"][0] == "「恶性肿瘤」一次性资助 15,000.00"
    assert chair.get(f"{API}?state=submitted").json()["count"] == 1
    assert chair.get(f"{API}?kind=critical").json()["count"] == 1
    assert chair.get(f"{API}?kind=accident").json()["count"] == 0
    assert chair.get(f"{API}?number={claim['number']}").json()["count"] == 1
    assert chair.get(f"{API}/{claim['id']}").json()["benefits"][1]["amount"] == "15000.00"
    # a correction before the review
    fixed = chair.put(
        f"{API}/{claim['id']}",
        {**body(enrollment, own_cost="6500.00"), "version": claim["version"]},
        content_type="application/json",
    )
    assert fixed.status_code == 200, fixed.content
    assert fixed.json()["amount"] == "18600.00"
    stale = chair.put(
        f"{API}/{claim['id']}",
        {**body(enrollment), "version": claim["version"]},
        content_type="application/json",
    )
    assert stale.status_code == 409
    town = client_for(world.town_a_user)
    reviewed = post(
        town,
        f"{API}/{claim['id']}/actions",
        {"action": "review", "version": fixed.json()["version"]},
    )
    assert reviewed.status_code == 200 and reviewed.json()["state"] == "reviewed"
    approved = post(
        client_for(world.admin),
        f"{API}/{claim['id']}/actions",
        {"action": "approve", "version": reviewed.json()["version"], "note": "同意"},
    )
    assert approved.json()["state"] == "approved"


def test_refusals_and_quote(world, client_for):
    plan = current_plan(world)
    enrollment = enrolled(world, plan)
    chair = client_for(world.chair_a)
    missing = post(chair, API, body(enrollment, documents=[]))
    assert missing.status_code == 400 and "请上传" in missing.json()["detail"]
    bad = post(chair, API, body(enrollment, total_cost="1.005"))
    assert bad.status_code in (400, 422)
    quoted = post(
        chair,
        f"{API}/quote",
        {k: v for k, v in body(enrollment).items() if k != "documents"},
    )
    assert quoted.status_code == 200, quoted.content
    assert quoted.json()["amount"] == "19500.00" and quoted.json()["plan_id"] == plan.pk
    assert not Claim.objects.exists()


def test_scope_and_permission(world, client_for):
    plan = current_plan(world)
    theirs = enrolled(world, plan, union=world.union_b, name="赵六")
    claim = file_claim(world, enrolled(world, plan), actor=world.chair_a)
    other = file_claim(world, theirs, actor=world.admin)
    town_a = client_for(world.town_a_user)
    assert town_a.get(f"{API}/{other.pk}").status_code == 404
    assert town_a.get(API).json()["count"] == 1
    wrong = post(client_for(world.chair_a), API, body(theirs))
    assert wrong.status_code == 404 and "member_id" in wrong.json()["detail"]
    huge = client_for(world.chair_a).get(f"{API}/{10**22}")
    assert huge.status_code in (404, 422)
    denied = post(client_for(world.auditor), API, body(theirs))
    assert denied.status_code == 403
    assert client_for(world.auditor).get(f"{API}/{claim.pk}").status_code == 200
    assert Decimal(town_a.get(f"{API}/{claim.pk}").json()["amount"]) == Decimal("4500.00")
