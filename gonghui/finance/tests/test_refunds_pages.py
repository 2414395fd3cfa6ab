"""The refund pages: the refund list (scope, filters, the 按时 column), a batch made from the
page (preview, then confirm), its detail with the unions lacking an account, the bank file,
the return's upload, what is due and unpaid, the bank accounts, the to-dos."""

import datetime

import pytest

from gonghui.core.registry import registry
from gonghui.finance.choices import RefundState
from gonghui.finance.models import RefundBatch, RefundLine, UnionBankAccount
from gonghui.finance.services.refunds import batch_create
from gonghui.finance.tests.factories import make_bank_account
from gonghui.finance.tests.refunds_helpers import JAN, allocated, due_of, sheet_rows, upload, xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(world):
    make_bank_account(world.union_a, account="6222020200112345678")
    a = allocated(world, world.employer_a, JAN, "1000.00")
    b = allocated(world, world.employer_b, JAN, "800.00")  # union B: no account
    return batch_create(actor=world.admin, period=JAN), a, b


def test_the_refund_list_shows_each_user_their_scope(world, issued, client_for):
    made, a, _b = issued
    line = made.lines.get()
    page = client_for(world.admin).get("/finance/refunds/")
    assert [r.pk for r in page.context["page"]] == [line.pk]
    html = page.content.decode()
    assert line.number in html and world.union_a.name in html
    assert "6222020200112345678" not in html
    chair = client_for(world.chair_a)
    assert [r.pk for r in chair.get("/finance/refunds/").context["page"]] == [line.pk]
    assert chair.get(f"/finance/refunds/{line.pk}/").status_code == 200
    other = client_for(world.town_b_user)
    assert list(other.get("/finance/refunds/").context["page"]) == []
    assert other.get(f"/finance/refunds/{line.pk}/").status_code == 404
    # filters: a wrong one is said and the list shows unfiltered; overdue; paid range
    wrong = client_for(world.admin).get("/finance/refunds/", {"period_from": "abc"})
    assert wrong.status_code == 200 and "所属期起应为年月" in wrong.content.decode()
    assert [r.pk for r in wrong.context["page"]] == [line.pk]
    by_period = client_for(world.admin).get("/finance/refunds/", {"period_from": "2013-02"})
    assert list(by_period.context["page"]) == []
    overdue = client_for(world.admin).get("/finance/refunds/", {"overdue": "1"})
    assert [r.pk for r in overdue.context["page"]] == [line.pk]  # due in 2013, unpaid


def test_a_batch_made_from_its_page_after_a_preview(world, client_for):
    make_bank_account(world.union_a)
    a = allocated(world, world.employer_a, JAN, "1000.00")
    allocated(world, world.employer_b, JAN, "800.00")
    client = client_for(world.admin)
    form = client.get("/finance/refund-batches/new/")
    assert form.status_code == 200 and "2013-01" in form.content.decode()
    preview = client.post("/finance/refund-batches/new/", {"period": "2013-01"})
    html = preview.content.decode()
    assert 'id="batch-preview"' in html and "缺少经费账户" in html
    assert f"?org={world.union_b.pk}" in html
    assert not RefundBatch.objects.exists()
    done = client.post("/finance/refund-batches/new/", {"period": "2013-01", "confirm": "on"})
    made = RefundBatch.objects.get()
    assert done.status_code == 302 and done["Location"] == f"/finance/refund-batches/{made.pk}/"
    assert made.total == due_of(a)
    again = client.post("/finance/refund-batches/new/", {"period": "2013-01", "confirm": "on"})
    assert again.status_code == 200 and "不能生成空批次" in again.content.decode()
    assert client_for(world.town_a_user).get("/finance/refund-batches/new/").status_code == 403


def test_the_batch_page_its_file_and_the_return(
    world, issued, client_for, django_capture_on_commit_callbacks
):
    made, _a, _b = issued
    line = made.lines.get()
    client = client_for(world.admin)
    page = client.get(f"/finance/refund-batches/{made.pk}/")
    html = page.content.decode()
    assert page.status_code == 200 and 'id="missing-list"' in html
    assert world.union_b.name in html and f"?org={world.union_b.pk}" in html
    assert 'id="batch-return"' in html and "6222020200112345678" not in html
    file = client.get(f"/finance/refund-batches/{made.pk}/file/")
    assert file.status_code == 200
    rows = sheet_rows(b"".join(file.streaming_content) if file.streaming else file.content)
    assert rows[1][1] == line.number and rows[1][4] == "****5678"
    with django_capture_on_commit_callbacks(execute=True):
        back = client.post(
            f"/finance/refund-batches/{made.pk}/return/",
            {"file": upload(xlsx([(line.number, "成功", "", "2013-03-01")]))},
        )
    assert back.status_code == 302 and "/imports/" in back["Location"]
    line.refresh_from_db()
    assert line.state == RefundState.PAID and line.entry_id is not None
    listed = client.get("/finance/refunds/").content.decode()
    assert line.due_on >= datetime.date(2013, 3, 1) and "<td>按时</td>" in listed
    assert (
        client_for(world.town_a_user).get(f"/finance/refund-batches/{made.pk}/").status_code == 404
    )
    assert client_for(world.chair_a).get("/finance/refund-batches/").status_code == 200


def test_due_and_unpaid_per_union_for_a_period_range(world, issued, client_for):
    _made, a, b = issued
    page = client_for(world.admin).get("/finance/due-unpaid/")
    rows = {r.union_id: r for r in page.context["page"]}
    assert rows[world.union_a.pk].unpaid == due_of(a)
    assert rows[world.union_b.pk].oldest_due == b.refund_due_on
    assert page.context["totals"]["unpaid"] == due_of(a, b)
    town = client_for(world.town_a_user).get("/finance/due-unpaid/")
    assert [r.union_id for r in town.context["page"]] == [world.union_a.pk]
    later = client_for(world.admin).get("/finance/due-unpaid/", {"period_from": "2013-02"})
    assert list(later.context["page"]) == []


def test_bank_accounts_are_listed_masked_and_a_chair_registers_its_own(world, client_for):
    other = make_bank_account(world.union_b, account="6217000011112222")
    chair = client_for(world.chair_a)
    assert list(chair.get("/finance/bank-accounts/").context["page"]) == []
    assert chair.get(f"/finance/bank-accounts/{other.pk}/").status_code == 404
    form = chair.get(f"/finance/bank-accounts/new/?org={world.union_a.pk}")
    assert world.union_a.name in form.content.decode()
    made = chair.post(
        "/finance/bank-accounts/new/",
        {
            "org": world.union_a.pk,
            "account_name": "甲公司工会委员会",
            "bank_name": "工商银行",
            "account": "6222 0202 0011 2345 678",
        },
    )
    account = UnionBankAccount.objects.get(org=world.union_a)
    assert made.status_code == 302 and account.account == "6222020200112345678"
    detail = chair.get(f"/finance/bank-accounts/{account.pk}/").content.decode()
    assert "****5678" in detail and "6222020200112345678" not in detail
    refused = chair.post(
        "/finance/bank-accounts/new/",
        {
            "org": world.union_b.pk,
            "account_name": "乙",
            "bank_name": "农行",
            "account": "62170000111",
        },
    )
    assert refused.status_code == 200 and "已有经费账户" in refused.content.decode()
    edited = chair.post(
        f"/finance/bank-accounts/{account.pk}/edit/",
        {"version": account.version, "account_name": "甲", "bank_name": "农行", "account": "12"},
    )
    assert "8至30位数字" in edited.content.decode()
    listed = client_for(world.admin).get("/finance/bank-accounts/").content.decode()
    assert "****2222" in listed and "6217000011112222" not in listed


def test_the_to_dos_count_failed_refunds_and_periods_to_refund(world, client_for):
    todos = registry["todos"]
    make_bank_account(world.union_a)
    allocated(world, world.employer_a, JAN, "1000.00")
    assert todos["finance.periods_to_refund"].count(world.admin) == 1
    assert todos["finance.periods_to_refund"].count(world.chair_a) == 0
    made = batch_create(actor=world.admin, period=JAN)
    assert todos["finance.periods_to_refund"].count(world.admin) == 0
    RefundLine.objects.filter(batch=made).update(
        state=RefundState.FAILED, paid_on=None, failure_reason="账号不存在"
    )
    assert todos["finance.refunds_failed"].count(world.admin) == 1
    page = client_for(world.admin).get("/finance/refunds/", {"state": "failed", "retry": "1"})
    assert len(page.context["page"]) == 1
    batch_create(actor=world.admin, period=JAN)
    assert todos["finance.refunds_failed"].count(world.admin) == 0
    again = client_for(world.admin).get("/finance/refunds/", {"state": "failed", "retry": "1"})
    assert list(again.context["page"]) == []
    assert datetime.date(2013, 1, 1) == made.period
