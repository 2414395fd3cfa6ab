"""The payout API: list, detail, create, the bank file and the return; scope and ids."""

import pytest

from gonghui.mutualaid.services.payouts import payout_create
from gonghui.mutualaid.tests.payouts_helpers import approved, plan_of, sheet_rows, upload, xlsx

pytestmark = pytest.mark.django_db
API = "/api/v1/mutualaid/payouts"


@pytest.fixture
def lists(world):
    plan = plan_of(world)
    a = approved(plan, world.union_a, "500", name="甲甲")
    b = approved(plan, world.union_b, "400", name="乙乙")
    list_a = payout_create(actor=world.admin, plan=plan, town=world.town_a)
    list_b = payout_create(actor=world.admin, plan=plan, town=world.town_b)
    return plan, a, b, list_a, list_b


def test_list_and_detail_within_scope(world, lists, client_for):
    _plan, a, _b, list_a, list_b = lists
    client = client_for(world.admin)
    assert {p["id"] for p in client.get(API).json()["items"]} == {list_a.pk, list_b.pk}
    one = client.get(f"{API}/{list_a.pk}").json()
    assert one["number"] == list_a.number and one["total"] == "500.00"
    assert [c["number"] for c in one["claims"]] == [a.number]
    assert "account" not in one["claims"][0]
    town = client_for(world.town_a_user)
    assert town.get(f"{API}/{list_b.pk}").status_code == 404
    assert [p["id"] for p in town.get(API).json()["items"]] == [list_a.pk]
    client = client_for(world.admin)
    assert [p["id"] for p in client.get(API, {"town": world.town_b.pk}).json()["items"]] == [
        list_b.pk
    ]
    assert client.get(f"{API}/{10**22}").status_code == 404


def test_create_the_file_and_the_return(
    world, lists, client_for, django_capture_on_commit_callbacks
):
    plan, a, _b, list_a, _list_b = lists
    client = client_for(world.admin)
    body = {"plan_id": plan.pk}
    empty = client.post(API, body, content_type="application/json")
    assert empty.status_code == 400 and "不能生成空名单" in empty.json()["detail"]
    approved(plan, world.union_a, "300")
    made = client.post(API, {**body, "town_id": world.town_a.pk}, content_type="application/json")
    assert made.status_code == 201 and made.json()["claim_count"] == 1
    assert made.json()["total"] == "300.00"
    for wrong in ({"plan_id": 10**15}, {"plan_id": plan.pk, "town_id": 10**15}):
        assert client.post(API, wrong, content_type="application/json").status_code == 404
    town = client_for(world.town_a_user)
    assert town.post(API, body, content_type="application/json").status_code == 403
    client = client_for(world.admin)
    file = client.get(f"{API}/{list_a.pk}/file")
    assert sheet_rows(b"".join(file.streaming_content))[1][1] == a.number
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(
            f"{API}/{list_a.pk}/returns", {"file": upload(xlsx([(a.number, "成功", "", "")]))}
        )
    assert sent.status_code == 201 and sent.json()["kind"] == "mutualaid.bank_return"
    a.refresh_from_db()
    assert a.state == "paid"


def test_reissue_through_the_claim_workflows_api(world, client_for):
    plan = plan_of(world)
    failed = approved(plan, world.union_a, state="payment_failed", failure_reason="账号不存在")
    client = client_for(world.admin)
    url = f"/api/v1/mutualaid/claims/{failed.pk}/actions"
    body = {"action": "reissue", "version": failed.version, "bank_name": "农行"}
    bad = client.post(url, {**body, "account": "12ab"}, content_type="application/json")
    assert bad.status_code == 400 and "8至30位数字" in bad.json()["detail"]
    done = client.post(
        url, {**body, "account": "6228480000000000017"}, content_type="application/json"
    )
    assert done.status_code == 200, done.content
    failed.refresh_from_db()
    assert failed.state == "approved" and failed.account_last4 == "0017"
    assert payout_create(actor=world.admin, plan=plan).claims.get() == failed
    town = client_for(world.town_a_user)
    assert town.post(
        url, {**body, "account": "6228480000000000017"}, content_type="application/json"
    ).status_code in (403, 404)
