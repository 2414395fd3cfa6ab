"""Refund batches: what a batch takes from the allocations, a union without an account, a
period with nothing due, the bank's file, the bank's return (paid and posted, failed and due
again), the ledger after paying, lines_paid once per source, and the unions' bank accounts."""

import datetime
from decimal import Decimal

import pytest
from django.http import Http404

from gonghui.core.errors import ApplicationError, ConflictError, PermissionDenied
from gonghui.core.models import AuditEntry, Notification
from gonghui.finance.choices import AccountKind, EntryKind, RefundBatchState, RefundState
from gonghui.finance.models import LedgerEntry, RefundBatch, RefundLine, UnionBankAccount
from gonghui.finance.queries import refunds as queries
from gonghui.finance.services.refunds import (
    FULL_ID,
    bank_account_create,
    bank_account_update,
    batch_create,
    batch_file,
    batch_return_start,
    lines_paid,
)
from gonghui.finance.tests.factories import make_bank_account
from gonghui.finance.tests.refunds_helpers import (
    FEB,
    JAN,
    allocated,
    another,
    balance,
    due_of,
    sheet_rows,
    upload,
    xlsx,
)

pytestmark = pytest.mark.django_db


def test_a_batch_takes_each_unions_share_and_extra_refund_of_the_period(world):
    # given: union A two collections of January (one collected later), one of February;
    # union B one of January but no bank account
    make_bank_account(world.union_a, account="6222020200112345678")
    a1 = allocated(world, world.employer_a, JAN, "1000.00", collected_on=datetime.date(2013, 2, 10))
    a2 = allocated(
        world, another(world.employer_a), JAN, "333.33", collected_on=datetime.date(2013, 2, 25)
    )
    allocated(world, world.employer_a, FEB, "500.00")
    allocated(world, world.employer_b, JAN, "800.00")
    # when
    made = batch_create(actor=world.admin, period=datetime.date(2013, 1, 17))
    # then
    assert made.number == f"FP2013{made.pk:06d}" and made.period == JAN
    assert made.org_path == world.district.path and made.state == RefundBatchState.ISSUED
    (line,) = made.lines.all()
    assert line.union == world.union_a and line.number == "FB201301000001"
    assert line.amount == due_of(a1, a2) == made.total
    assert line.share_amount == a1.union_part + a2.union_part
    assert line.extra_amount == a1.extra_refund_part + a2.extra_refund_part
    assert line.due_on == a2.refund_due_on  # the latest of the allocations it covers
    assert line.account == "6222020200112345678" and line.account_last4 == "5678"
    assert line.state == RefundState.WAITING and line.org_path == world.union_a.path
    assert made.missing_account == 1
    entry = AuditEntry.objects.get(action="finance.refund_batch.created")
    assert entry.data["missing_account"] == 1 and entry.data["line_count"] == 1
    missing = queries.missing_accounts(user=world.admin, period=JAN)
    assert [r.union_id for r in missing] == [world.union_b.pk]
    # nothing is left for A: a second batch is refused in Chinese, and no empty batch kept
    with pytest.raises(ApplicationError, match="不能生成空批次") as caught:
        batch_create(actor=world.admin, period=JAN)
    assert "1个基层工会缺少经费账户" in caught.value.message
    assert RefundBatch.objects.count() == 1


def test_money_allocated_after_a_batch_goes_onto_the_next_one_only(world):
    make_bank_account(world.union_a)
    first = allocated(world, world.employer_a, JAN, "1000.00")
    batch_create(actor=world.admin, period=JAN)
    late = allocated(world, another(world.employer_a), JAN, "200.00")
    again = batch_create(actor=world.admin, period=JAN)
    assert again.total == due_of(late) and again.line_count == 1
    assert again.lines.get().number == "FB201301000002"
    assert RefundLine.objects.filter(union=world.union_a).count() == 2
    assert sum(r.amount for r in RefundLine.objects.all()) == due_of(first, late)


def test_a_period_with_nothing_due_is_refused_and_only_who_refunds_makes_a_batch(world):
    with pytest.raises(ApplicationError, match="2013年03月所属期.*没有待返拨的经费"):
        batch_create(actor=world.admin, period=datetime.date(2013, 3, 1))
    make_bank_account(world.union_a)
    allocated(world, world.employer_a, JAN)
    for user in (world.town_a_user, world.chair_a, world.auditor):
        with pytest.raises(PermissionDenied):
            batch_create(actor=user, period=JAN)
    assert not RefundBatch.objects.exists()


def test_the_bank_file_masks_the_account_unless_whole_is_asked_and_allowed(world, monkeypatch):
    make_bank_account(world.union_a, account="6222020200112345678", account_name="=HYPERLINK(1)")
    make_bank_account(world.union_b, account="6217000011112222")
    allocated(world, world.employer_a, JAN, "1000.00")
    allocated(world, world.employer_b, JAN, "500.00")
    made = batch_create(actor=world.district_staff, period=JAN)
    content, name = batch_file(actor=world.district_staff, batch=made)
    rows = sheet_rows(content)
    assert name == f"经费返拨-{made.number}.xlsx"
    assert rows[0] == ("序号", "申请编号", "姓名", "开户银行", "银行账号", "金额（元）")
    assert sorted(r[4] for r in rows[1:-1]) == ["****2222", "****5678"]
    assert "'=HYPERLINK(1)" in [r[2] for r in rows[1:-1]]
    assert rows[-1][0] == "合计" and rows[-1][2] == "2笔"
    assert Decimal(str(rows[-1][5])) == made.total
    assert AuditEntry.objects.get(action="finance.refund_batch.downloaded").data == {
        "full": False,
        "rows": 2,
    }
    content, _ = batch_file(actor=world.admin, batch=made, full=True)
    assert "6222020200112345678" in [r[4] for r in sheet_rows(content)]
    user = world.district_staff
    monkeypatch.setattr(user, "can", lambda p: p != FULL_ID and type(user).can(user, p))
    with pytest.raises(PermissionDenied):
        batch_file(actor=user, batch=made, full=True)
    with pytest.raises(PermissionDenied):
        batch_file(actor=world.town_a_user, batch=made)


# ---- the bank's return -------------------------------------------------------------------------


@pytest.fixture
def issued(world):
    make_bank_account(world.union_a)
    make_bank_account(world.union_b)
    a = allocated(world, world.employer_a, JAN, "1000.00")
    b = allocated(world, world.employer_b, JAN, "800.00")
    made = batch_create(actor=world.admin, period=JAN)
    line_a, line_b = made.lines.order_by("union__path")
    assert (line_a.union, line_b.union) == (world.union_a, world.union_b)
    return made, line_a, line_b, a, b


def run_return(capture, actor, batch, rows, **kw):
    with capture(execute=True):
        run = batch_return_start(actor=actor, batch=batch, upload=upload(xlsx(rows)), **kw)
    run.refresh_from_db()
    batch.refresh_from_db()
    return run


def test_a_return_marks_paid_lines_and_posts_them_and_failed_lines_stay_due(
    world, issued, django_capture_on_commit_callbacks
):
    made, line_a, line_b, a, b = issued
    chair_b = world.chair_a.__class__.objects.create(
        username="chair_b", role="grassroots_chair", organization=world.union_b
    )
    # given: both unions' payable is what was allocated to them
    assert balance(world.union_a, AccountKind.REFUND_PAYABLE) == -due_of(a)
    cash_before = balance(world.district, AccountKind.CASH)
    # when
    run = run_return(
        django_capture_on_commit_callbacks,
        world.admin,
        made,
        [(line_a.number, "成功", "", "2013-03-05"), (line_b.number, "失败", "户名不符", "")],
    )
    # then: A paid and posted, its payable back to zero; B failed, nothing posted for it
    assert (run.updated, run.rejected) == (2, 0), run.errors
    line_a.refresh_from_db()
    line_b.refresh_from_db()
    assert line_a.state == RefundState.PAID and line_a.paid_on == datetime.date(2013, 3, 5)
    entry = line_a.entry
    assert entry.kind == EntryKind.REFUND and entry.org == world.district
    assert entry.source == f"refund:{run.pk}:{line_a.pk}" and entry.total == line_a.amount
    assert entry.booked_on == datetime.date(2013, 3, 5)
    assert balance(world.union_a, AccountKind.REFUND_PAYABLE) == Decimal("0.00")
    assert balance(world.district, AccountKind.CASH) == cash_before - line_a.amount
    assert line_b.state == RefundState.FAILED and line_b.entry is None
    assert line_b.failure_reason == "户名不符"
    assert balance(world.union_b, AccountKind.REFUND_PAYABLE) == -due_of(b)
    assert (made.paid_count, made.failed_count, made.state) == (2 - 1, 1, RefundBatchState.RETURNED)
    assert AuditEntry.objects.filter(action="finance.refund.paid").count() == 1
    assert AuditEntry.objects.filter(action="finance.refund.failed").count() == 1
    told = Notification.objects.get(recipient=chair_b)
    assert (
        line_b.number in told.message
        and not Notification.objects.filter(recipient=world.chair_a).exists()
    )
    # the to-do: one failure waiting; the failed money is due again and the next batch takes it
    assert queries.failed_count(world.admin) == 1
    again = batch_create(actor=world.admin, period=JAN)
    assert list(again.lines.values_list("union_id", "amount")) == [
        (world.union_b.pk, line_b.amount)
    ]
    assert queries.failed_count(world.admin) == 0
    # a second return of the same file changes nothing and posts nothing twice
    entries = LedgerEntry.objects.filter(kind=EntryKind.REFUND).count()
    twice = run_return(
        django_capture_on_commit_callbacks,
        world.admin,
        made,
        [(line_a.number, "成功", "", "2013-03-05"), (line_b.number, "失败", "户名不符", "")],
    )
    assert (twice.unchanged, twice.updated) == (2, 0)
    assert LedgerEntry.objects.filter(kind=EntryKind.REFUND).count() == entries


def test_a_union_fully_paid_owes_nothing_and_due_unpaid_says_so(
    world, issued, django_capture_on_commit_callbacks
):
    made, line_a, line_b, a, b = issued
    before = {r.union_id: r.unpaid for r in queries.due_unpaid(user=world.admin)}
    assert before == {world.union_a.pk: due_of(a), world.union_b.pk: due_of(b)}
    run_return(
        django_capture_on_commit_callbacks,
        world.admin,
        made,
        [(line_a.number, "1", "", "2013-03-05"), (line_b.number, "1", "", "2013-03-06")],
    )
    for union in (world.union_a, world.union_b):
        assert balance(union, AccountKind.REFUND_PAYABLE) == Decimal("0.00")
    assert queries.due_unpaid(user=world.admin) == []
    # one voucher per day of the chunk
    assert LedgerEntry.objects.filter(kind=EntryKind.REFUND).count() == 2


def test_a_dry_run_posts_nothing_and_only_who_refunds_imports(
    world, issued, django_capture_on_commit_callbacks
):
    made, line_a, *_ = issued
    run = run_return(
        django_capture_on_commit_callbacks,
        world.admin,
        made,
        [(line_a.number, "成功", "", "")],
        dry_run=True,
    )
    line_a.refresh_from_db()
    assert run.updated == 1 and line_a.state == RefundState.WAITING and line_a.entry is None
    assert not LedgerEntry.objects.filter(kind=EntryKind.REFUND).exists()
    with pytest.raises(PermissionDenied):
        batch_return_start(actor=world.town_a_user, batch=made, upload=upload(xlsx([])))


def test_lines_paid_posts_once_per_source_and_refuses_a_failed_line(world, issued):
    made, line_a, line_b, *_ = issued
    entry = lines_paid(
        actor=world.admin, lines=[line_a], paid_on=datetime.date(2013, 3, 1), source="demo:1"
    )
    line_a.refresh_from_db()
    assert line_a.state == RefundState.PAID and line_a.entry == entry
    assert AuditEntry.objects.get(action="finance.refund.paid").target_id == str(line_a.pk)
    assert (
        lines_paid(
            actor=world.admin, lines=[line_a], paid_on=datetime.date(2013, 3, 1), source="demo:1"
        )
        == entry
    )
    with pytest.raises(ApplicationError, match="没有待记账"):
        lines_paid(
            actor=world.admin, lines=[line_a], paid_on=datetime.date(2013, 3, 1), source="demo:2"
        )
    RefundLine.objects.filter(pk=line_b.pk).update(state=RefundState.FAILED)
    with pytest.raises(ApplicationError, match="已回盘为失败"):
        lines_paid(
            actor=world.admin, lines=[line_b], paid_on=datetime.date(2013, 3, 1), source="demo:3"
        )
    with pytest.raises(PermissionDenied):
        lines_paid(
            actor=world.chair_a, lines=[line_b], paid_on=datetime.date(2013, 3, 1), source="demo:4"
        )


# ---- scope -------------------------------------------------------------------------------------


def test_a_chair_sees_only_its_own_refunds_and_a_town_its_unions(world, issued):
    made, line_a, line_b, a, _b = issued
    assert list(queries.refund_list(user=world.chair_a)) == [line_a]
    assert list(queries.refund_list(user=world.town_b_user)) == [line_b]
    assert set(queries.refund_list(user=world.admin)) == {line_a, line_b}
    with pytest.raises(Http404):
        queries.refund_get(user=world.chair_a, pk=line_b.pk)
    with pytest.raises(Http404):
        queries.batch_get(user=world.town_a_user, pk=made.pk)  # a batch is the district's
    assert [r.union_id for r in queries.due_unpaid(user=world.town_a_user)] == [world.union_a.pk]
    assert [r.unpaid for r in queries.due_unpaid(user=world.chair_a)] == [due_of(a)]
    assert queries.failed_count(world.chair_a) == 0  # no permission: never counted


# ---- bank accounts -----------------------------------------------------------------------------


def test_a_chair_registers_and_corrects_its_own_unions_account_only(world):
    made = bank_account_create(
        actor=world.chair_a,
        org=world.union_a,
        account_name="甲公司工会委员会",
        bank_name="工商银行番禺支行",
        account="6222 0202 0011 2345 678",
    )
    assert made.account == "6222020200112345678" and made.account_last4 == "5678"
    assert made.org_path == world.union_a.path
    created = AuditEntry.objects.get(action="finance.bank_account.created")
    assert "6222020200112345678" not in str(created.data)
    with pytest.raises(Http404):
        bank_account_create(
            actor=world.chair_a,
            org=world.union_b,
            account_name="乙",
            bank_name="农行",
            account="62220202001",
        )
    with pytest.raises(ApplicationError, match="已有经费账户"):
        bank_account_create(
            actor=world.admin,
            org=world.union_a,
            account_name="甲",
            bank_name="农行",
            account="62220202001",
        )
    with pytest.raises(ApplicationError, match="不是基层工会"):
        bank_account_create(
            actor=world.admin,
            org=world.town_a,
            account_name="市桥",
            bank_name="农行",
            account="62220202001",
        )
    with pytest.raises(ApplicationError, match="8至30位数字"):
        bank_account_create(
            actor=world.admin,
            org=world.union_b,
            account_name="乙",
            bank_name="农行",
            account="12ab",
        )
    saved = bank_account_update(
        actor=world.chair_a,
        bank_account=made,
        version=made.version,
        account_name="甲公司工会",
        bank_name="农业银行",
        account="6228480000000000017",
    )
    assert (saved.account_name, saved.account_last4, saved.version) == ("甲公司工会", "0017", 2)
    updated = AuditEntry.objects.get(action="finance.bank_account.updated")
    assert "6228480000000000017" not in str(updated.data) and "account_last4" in updated.data
    with pytest.raises(ConflictError):
        bank_account_update(
            actor=world.chair_a,
            bank_account=made,
            version=1,
            account_name="甲",
            bank_name="农行",
            account="6228480000000000017",
        )
    other = make_bank_account(world.union_b)
    with pytest.raises(Http404):
        bank_account_update(
            actor=world.chair_a,
            bank_account=other,
            version=other.version,
            account_name="乙",
            bank_name="农行",
            account="6228480000000000017",
        )
    assert UnionBankAccount.objects.count() == 2


def test_from_collections_through_the_allocation_service_to_paid_refunds(
    world, django_capture_on_commit_callbacks
):
    # given: collections allocated by the allocation service itself (not the test helper)
    from gonghui.finance.models import Allocation
    from gonghui.finance.services.allocation import allocate_pending
    from gonghui.finance.services.collections import post_collections
    from gonghui.finance.tests.factories import make_collection, make_rule

    make_rule(datetime.date(2013, 1, 1))
    rows = [
        make_collection(world.employer_a, JAN, "1234.56"),
        make_collection(world.employer_b, JAN, "987.65"),
    ]
    post_collections(actor=world.admin, rows=rows, source="test:refunds")
    assert allocate_pending(actor=world.admin) == 2
    make_bank_account(world.union_a)
    make_bank_account(world.union_b)
    # when: a batch, and the bank pays it all
    made = batch_create(actor=world.admin, period=JAN)
    lines = list(made.lines.order_by("union__path"))
    run_return(
        django_capture_on_commit_callbacks,
        world.admin,
        made,
        [(line.number, "成功", "", "2013-03-01") for line in lines],
    )
    # then: each union got exactly its allocations' share and extra refund, and owes nothing
    for union, line in zip((world.union_a, world.union_b), lines, strict=True):
        mine = Allocation.objects.filter(union=union)
        assert line.amount == due_of(*mine) and line.amount > 0
        assert balance(union, AccountKind.REFUND_PAYABLE) == Decimal("0.00")
