"""The tax bureau's collection file through the import pipeline (FUND-1): rows matched to
the employer registry by USCC, unmatched ones kept for staff, bad rows reported with their
row and reason; a file imported twice changes nothing and books nothing; a corrected file
replaces its rows by reversal, and the ledger sums stay right."""

import datetime
from decimal import Decimal

import pytest
from django.db.models import Sum

from gonghui.core.importing.services import import_start
from gonghui.core.models import Job
from gonghui.core.tests.importing.helpers import upload, xlsx_bytes
from gonghui.demo.numbers import uscc
from gonghui.finance.choices import AccountKind, CollectionState, EntryKind, FundKind
from gonghui.finance.models import Collection, LedgerEntry, LedgerLine

pytestmark = pytest.mark.django_db
HEADER = [
    "统一社会信用代码",
    "单位名称",
    "所属期",
    "工资总额",
    "代收金额",
    "代收日期",
    "经费类型",
    "税票号",
]
# A tax file's own words for the same columns.
TAX_HEADER = [
    "纳税人识别号",
    "纳税人名称",
    "税款所属期",
    "计征依据",
    "实缴金额",
    "入库日期",
    "征收品目",
]
STRANGER = uscc("91", "440113", 77, lead="EX")


def run(capture, actor, rows, *, header=HEADER, dry_run=False, title=None):
    with capture(execute=True):
        started = import_start(
            actor=actor,
            kind="finance.collections",
            upload=upload(xlsx_bytes(rows, header=header, title=title), "代收明细.xlsx"),
            dry_run=dry_run,
        )
    started.refresh_from_db()
    return started


def balance(kind: str) -> Decimal:
    lines = LedgerLine.objects.filter(account__kind=kind)
    totals = lines.aggregate(d=Sum("debit"), c=Sum("credit"))
    return (totals["d"] or Decimal(0)) - (totals["c"] or Decimal(0))


def year_file(world):
    a, b = world.employer_a, world.employer_b
    return [
        [a.uscc, a.name, "2013-01", "500000.00", "10000.00", "2013-02-10", "工会经费", "T1"],
        [a.uscc, a.name, "2013年2月", 510000, 10200, datetime.date(2013, 3, 10), "工会经费", ""],
        [b.uscc, b.name, 201301, "300000", "6000", "2013-02-12", "工会经费", "T3"],
        [STRANGER, "未登记电子厂", "2013-01", "100000", "2000", "2013-02-15", "工会筹备金", "T4"],
    ]


def test_rows_are_matched_by_uscc_and_the_unknown_kept_for_staff(
    world, django_capture_on_commit_callbacks
):
    # when
    done = run(django_capture_on_commit_callbacks, world.admin, year_file(world))
    # then
    assert (done.status, done.created, done.rejected) == (Job.Status.SUCCEEDED, 4, 0), done.errors
    a = Collection.objects.get(uscc=world.employer_a.uscc, period=datetime.date(2013, 2, 1))
    assert (a.employer, a.state, a.org_path) == (
        world.employer_a,
        CollectionState.MATCHED,
        world.employer_a.org_path,
    )
    assert (a.amount, a.payroll, a.collected_on) == (
        Decimal("10200.00"),
        Decimal("510000.00"),
        datetime.date(2013, 3, 10),
    )
    stranger = Collection.objects.get(uscc=STRANGER)
    assert stranger.employer is None and stranger.state == CollectionState.UNMATCHED
    assert stranger.org_path == world.district.path and stranger.fund_kind == FundKind.PREPARATION
    # one voucher for the batch: cash in, matched to 待分配, the stranger's to 待认领
    entry = LedgerEntry.objects.get(kind=EntryKind.COLLECTION)
    assert entry.source == f"collections:{done.pk}:2"
    assert set(Collection.objects.values_list("entry_id", flat=True)) == {entry.pk}
    assert balance(AccountKind.CASH) == Decimal("28200.00")
    assert balance(AccountKind.UNALLOCATED) == Decimal("-26200.00")
    assert balance(AccountKind.UNMATCHED) == Decimal("-2000.00")


def test_a_tax_files_own_headers_and_a_title_row_are_read(
    world, django_capture_on_commit_callbacks
):
    a = world.employer_a
    rows = [[a.uscc, a.name, "2013-01-01至2013-01-31", "1000", "20", "2013-02-01", "工会经费"]]
    done = run(
        django_capture_on_commit_callbacks,
        world.admin,
        rows,
        header=TAX_HEADER,
        title="番禺区税务局代征工会经费明细",
    )
    assert (done.created, done.rejected) == (1, 0), done.errors
    assert Collection.objects.get().period == datetime.date(2013, 1, 1)


def test_bad_rows_are_reported_by_row_and_column_in_chinese(
    world, django_capture_on_commit_callbacks
):
    a = world.employer_a
    rows = [
        ["91440113MA0000000X", a.name, "2013-01", "1000", "20", "2013-02-01", "工会经费", ""],
        [a.uscc, a.name, "2013-13", "1000", "20", "2013-02-01", "工会经费", ""],
        [a.uscc, a.name, "2013-02", "1000", "-20", "2013-03-01", "工会经费", ""],
        [a.uscc, a.name, "2013-03", "1000", "20", "2013-02-01", "工会经费", ""],
        [a.uscc, a.name, "2013-04", "1000", "20", "2013-05-01", "会费", ""],
        [a.uscc, a.name, "2013-05", "1000", "20.005", "2013-06-01", "工会经费", ""],
        [a.uscc, a.name, "2013-06", "1000", "20", "2013-07-01", "工会经费", ""],
        [a.uscc, "又一行", "2013-06", "1000", "30", "2013-07-02", "工会经费", ""],
    ]
    done = run(django_capture_on_commit_callbacks, world.admin, rows)
    assert (done.created, done.rejected) == (1, 7)
    why = {e["row"]: (e["column"], e["reason"]) for e in done.errors}
    assert why[2][0] == "统一社会信用代码" and "校验位不正确" in why[2][1]
    assert why[3] == ("所属期", "所属期「2013-13」不是有效的月份。")
    assert why[4] == ("代收金额", "金额不能为负数。")
    assert why[5] == ("代收日期", "代收日期2013-02-01早于所属期2013年3月，请核对。")
    assert "经费类型「会费」无法识别" in why[6][1]
    assert "最多两位小数" in why[7][1]
    assert (
        why[9][0] == "统一社会信用代码"
        and "与第8行的统一社会信用代码、所属期和经费类型相同" in why[9][1]
    )
    assert Collection.objects.count() == 1


def test_a_file_imported_twice_changes_nothing_and_books_nothing(
    world, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    first = run(capture, world.admin, year_file(world))
    # when
    again = run(capture, world.admin, year_file(world))
    # then
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    assert "本次没有改动任何记录" in again.message
    assert Collection.objects.count() == 4
    assert LedgerEntry.objects.filter(kind=EntryKind.COLLECTION).count() == 1
    assert first.created == 4


def test_a_dry_run_writes_nothing(world, django_capture_on_commit_callbacks):
    done = run(django_capture_on_commit_callbacks, world.admin, year_file(world), dry_run=True)
    assert done.created == 4
    assert not Collection.objects.exists() and not LedgerEntry.objects.exists()


def test_a_corrected_file_reverses_the_old_rows_never_edits_them(
    world, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    run(capture, world.admin, year_file(world))
    corrected = year_file(world)
    corrected[0][4] = "10500.00"  # employer A, January: 10,000 → 10,500
    corrected[3][5] = "2013-02-16"  # the stranger's date only
    # when
    done = run(capture, world.admin, corrected)
    # then
    assert (done.created, done.updated, done.unchanged) == (0, 2, 2), done.errors
    january = Collection.objects.filter(
        uscc=world.employer_a.uscc, period=datetime.date(2013, 1, 1)
    ).order_by("pk")
    old, reversal, new = list(january)
    assert (old.amount, old.state) == (Decimal("10000.00"), CollectionState.REVERSED)
    assert reversal.reverses == old and reversal.amount == Decimal("-10000.00")
    assert reversal.payroll == Decimal("-500000.00") and reversal.reason == "更正导入：第2行"
    # never allocated: the pair is out of play
    assert reversal.state == CollectionState.REVERSED
    assert (new.amount, new.state, new.employer) == (
        Decimal("10500.00"),
        CollectionState.MATCHED,
        world.employer_a,
    )
    standing = Collection.objects.filter(reverses__isnull=True).exclude(
        state=CollectionState.REVERSED
    )
    assert standing.count() == 4
    # the second batch's voucher: +500 net to 待分配, the date change nets to nothing
    assert LedgerEntry.objects.filter(kind=EntryKind.COLLECTION).count() == 2
    assert balance(AccountKind.CASH) == Decimal("28700.00")
    assert balance(AccountKind.UNALLOCATED) == Decimal("-26700.00")
    assert balance(AccountKind.UNMATCHED) == Decimal("-2000.00")
    net = Collection.objects.aggregate(s=Sum("amount"))["s"]
    assert net == Decimal("28700.00")
    # and once more: all unchanged
    again = run(capture, world.admin, corrected)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)


def test_only_the_district_may_import(world, django_capture_on_commit_callbacks):
    from gonghui.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        run(django_capture_on_commit_callbacks, world.town_a_user, year_file(world))


def test_a_corrected_row_already_allocated_leaves_its_reversal_to_be_allocated(
    world, django_capture_on_commit_callbacks
):
    from gonghui.finance.models import Allocation
    from gonghui.finance.services import ledger
    from gonghui.finance.tests.factories import make_rule

    capture = django_capture_on_commit_callbacks
    run(capture, world.admin, year_file(world)[:1])
    old = Collection.objects.get()
    entry = ledger.post(
        actor=world.admin,
        kind=EntryKind.ALLOCATION,
        org=world.district,
        booked_on=old.collected_on,
        memo="测试分配",
        amounts={
            ledger.account(world.district, AccountKind.UNALLOCATED): old.amount,
            ledger.account(world.union_a, AccountKind.REFUND_PAYABLE): -old.amount,
        },
    )
    Allocation.objects.create(
        collection=old,
        rule=make_rule(),
        union=world.union_a,
        town=world.town_a,
        fund_kind=old.fund_kind,
        period=old.period,
        collected_on=old.collected_on,
        refund_due_on=old.collected_on,
        amount=old.amount,
        union_part=old.amount,
        entry=entry,
    )
    corrected = year_file(world)[:1]
    corrected[0][3] = "520000.00"  # the payroll only
    # when
    done = run(capture, world.admin, corrected)
    # then
    assert done.updated == 1
    reversal = Collection.objects.get(reverses=old)
    assert reversal.state == CollectionState.MATCHED and reversal.payroll == Decimal("-500000.00")
    assert not Allocation.objects.filter(collection=reversal).exists()
    # the amount is the same: the reversal and the new row net to nothing, no voucher
    assert LedgerEntry.objects.filter(kind=EntryKind.COLLECTION).count() == 1
