"""The refund API: bank accounts (list, create, patch), batches (create, list, detail, file,
return), refunds and what is due and unpaid; scope and ids as the pages."""

import pytest

from gonghui.finance.choices import RefundState
from gonghui.finance.models import UnionBankAccount
from gonghui.finance.tests.factories import make_bank_account
from gonghui.finance.tests.refunds_helpers import JAN, allocated, due_of, sheet_rows, upload, xlsx

pytestmark = pytest.mark.django_db
API = "/api/v1/finance"
JSON = "application/json"


def test_bank_accounts_within_scope(world, client_for):
    other = make_bank_account(world.union_b)
    chair = client_for(world.chair_a)
    body = {
        "org_id": world.union_a.pk,
        "account_name": "甲公司工会委员会",
        "bank_name": "工商银行",
        "account": "6222020200112345678",
    }
    made = chair.post(f"{API}/bank-accounts", body, content_type=JSON)
    assert made.status_code == 201, made.json()
    out = made.json()
    assert out["account_last4"] == "5678" and "account" not in out
    assert chair.post(f"{API}/bank-accounts", body, content_type=JSON).status_code == 400
    stranger = chair.post(
        f"{API}/bank-accounts", {**body, "org_id": world.union_b.pk}, content_type=JSON
    )
    assert stranger.status_code == 404 and stranger.json().get("field") == "org_id"
    assert [a["id"] for a in chair.get(f"{API}/bank-accounts").json()["items"]] == [out["id"]]
    patched = chair.patch(
        f"{API}/bank-accounts/{out['id']}",
        {"version": 1, "bank_name": "农业银行"},
        content_type=JSON,
    )
    assert patched.status_code == 200 and patched.json()["bank_name"] == "农业银行"
    assert UnionBankAccount.objects.get(pk=out["id"]).account == "6222020200112345678"
    stale = chair.patch(f"{API}/bank-accounts/{out['id']}", {"version": 1}, content_type=JSON)
    assert stale.status_code == 409
    assert (
        chair.patch(
            f"{API}/bank-accounts/{other.pk}", {"version": 1}, content_type=JSON
        ).status_code
        == 404
    )
    bad = chair.patch(
        f"{API}/bank-accounts/{out['id']}", {"version": 2, "account": "12ab"}, content_type=JSON
    )
    assert bad.status_code == 400 and "8至30位数字" in bad.json()["detail"]


def test_batches_refunds_and_due_unpaid(world, client_for, django_capture_on_commit_callbacks):
    make_bank_account(world.union_a)
    a = allocated(world, world.employer_a, JAN, "1000.00")
    b = allocated(world, world.employer_b, JAN, "800.00")
    client = client_for(world.admin)
    empty = client.post(f"{API}/refund-batches", {"period": "2013-03-01"}, content_type=JSON)
    assert empty.status_code == 400 and "不能生成空批次" in empty.json()["detail"]
    made = client.post(f"{API}/refund-batches", {"period": "2013-01-15"}, content_type=JSON)
    assert made.status_code == 201 and made.json()["total"] == str(due_of(a))
    batch_id = made.json()["id"]
    assert [x["id"] for x in client.get(f"{API}/refund-batches").json()["items"]] == [batch_id]
    one = client.get(f"{API}/refund-batches/{batch_id}").json()
    assert one["missing_account"] == [world.union_b.pk]
    (line,) = one["lines"]
    assert line["union_id"] == world.union_a.pk and line["state"] == RefundState.WAITING
    assert line["on_time"] is False and "account" not in line
    file = client.get(f"{API}/refund-batches/{batch_id}/file")
    content = b"".join(file.streaming_content) if file.streaming else file.content
    assert sheet_rows(content)[1][1] == line["number"]
    with django_capture_on_commit_callbacks(execute=True):
        back = client.post(
            f"{API}/refund-batches/{batch_id}/returns",
            {"file": upload(xlsx([(line["number"], "成功", "", "2013-03-01")]))},
        )
    assert back.status_code == 201
    paid = client.get(f"{API}/refunds/{line['id']}").json()
    assert paid["state"] == RefundState.PAID and paid["on_time"] is True
    assert paid["entry_id"] is not None
    assert [r["id"] for r in client.get(f"{API}/refunds", {"state": "paid"}).json()["items"]] == [
        line["id"]
    ]
    unpaid = client.get(f"{API}/due-unpaid").json()["items"]
    assert [(r["union_id"], r["unpaid"]) for r in unpaid] == [(world.union_b.pk, str(due_of(b)))]
    # scope: a chair of union A sees its refund, not the batch; town B nothing of A
    chair = client_for(world.chair_a)
    assert [r["id"] for r in chair.get(f"{API}/refunds").json()["items"]] == [line["id"]]
    assert chair.get(f"{API}/refund-batches/{batch_id}").status_code == 404
    assert (
        chair.post(f"{API}/refund-batches", {"period": "2013-01-01"}, content_type=JSON).status_code
        == 403
    )
    town_b = client_for(world.town_b_user)
    assert town_b.get(f"{API}/refunds/{line['id']}").status_code == 404
    assert [r["union_id"] for r in town_b.get(f"{API}/due-unpaid").json()["items"]] == [
        world.union_b.pk
    ]
    assert client.get(f"{API}/refunds/{10**22}").status_code == 404
    assert (
        client.post(
            f"{API}/refund-batches", {"period": "0001-01-01"}, content_type=JSON
        ).status_code
        == 422
    )
