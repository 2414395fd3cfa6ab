"""Rows and files for the refund tests: collections allocated directly (the allocation
service is tested apart), each with its collection and allocation vouchers posted through
services.ledger.post as the brief's accounts say, so the ledger after a refund is real."""

import datetime
import io
from decimal import Decimal

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Sum

from gonghui.core.money import ZERO, allocate
from gonghui.finance.choices import AccountKind, EntryKind, FundKind, UpperLevel
from gonghui.finance.models import Allocation, LedgerLine
from gonghui.finance.services import ledger
from gonghui.finance.tests.factories import make_collection, make_rule

JAN = datetime.date(2013, 1, 1)
FEB = datetime.date(2013, 2, 1)


def parts_of(amount: Decimal, rule) -> dict[str, Decimal]:
    """The rule's parts of `amount` (largest remainder), as the allocation service gives."""
    district = rule.share_district
    weights = {
        "union_part": rule.share_union * 100,
        "town_part": rule.share_town * 100,
        "district_part": district * rule.retained_district,
        "town_retained_part": district * rule.retained_town,
        "extra_refund_part": district * rule.retained_refund,
        "city_part": rule.share_city * 100,
        "province_part": rule.share_province * 100,
        "national_part": rule.share_national * 100,
    }
    return dict(zip(weights, allocate(amount, list(weights.values())), strict=True))


def allocated(world, employer, period=JAN, amount="1000.00", *, rule=None, collected_on=None):
    """A matched collection of `employer` and its allocation, both posted to the ledger."""
    rule = rule or _rule()
    collection = make_collection(employer, period, amount, collected_on=collected_on)
    union, town, district = employer.union, employer.town, world.district
    ledger.post(
        actor=world.admin,
        kind=EntryKind.COLLECTION,
        org=district,
        booked_on=collection.collected_on,
        memo="税务代收到账",
        amounts={
            ledger.cash(district): collection.amount,
            ledger.account(district, AccountKind.UNALLOCATED): -collection.amount,
        },
        source=f"test-collection:{collection.pk}",
    )
    parts = parts_of(collection.amount, rule)
    credits = [
        (ledger.account(union, AccountKind.REFUND_PAYABLE), parts["union_part"]),
        (ledger.account(union, AccountKind.REFUND_PAYABLE), parts["extra_refund_part"]),
        (ledger.account(town, AccountKind.INCOME), parts["town_part"]),
        (ledger.account(town, AccountKind.INCOME), parts["town_retained_part"]),
        (ledger.account(district, AccountKind.INCOME), parts["district_part"]),
        *(
            (
                ledger.account(district, AccountKind.UPPER_PAYABLE, level=level),
                parts[f"{level}_part"],
            )
            for level in UpperLevel.values
        ),
    ]
    entry = ledger.post(
        actor=world.admin,
        kind=EntryKind.ALLOCATION,
        org=district,
        booked_on=collection.collected_on,
        memo="经费分配",
        amounts=[
            (ledger.account(district, AccountKind.UNALLOCATED), collection.amount),
            *((acc, -amount) for acc, amount in credits),
        ],
        source=f"allocation:{collection.pk}-{collection.pk}",
    )
    return Allocation.objects.create(
        collection=collection,
        rule=rule,
        union=union,
        town=town,
        fund_kind=FundKind.UNION_FUND,
        period=period,
        collected_on=collection.collected_on,
        refund_due_on=collection.collected_on + datetime.timedelta(days=rule.refund_due_days),
        amount=collection.amount,
        entry=entry,
        **parts,
    )


def another(employer):
    """Another employer of the same union and town (one collection per employer and month)."""
    from gonghui.orgs.tests.factories import EmployerFactory

    return EmployerFactory(town=employer.town, union=employer.union)


def _rule():
    from gonghui.finance.models import AllocationRule

    return AllocationRule.objects.filter(effective_from=datetime.date(2013, 1, 1)).first() or (
        make_rule(datetime.date(2013, 1, 1))
    )


def due_of(*allocations: Allocation) -> Decimal:
    return sum((a.union_part + a.extra_refund_part for a in allocations), ZERO)


def balance(org, kind: str) -> Decimal:
    """Debits − credits of the organization's account of `kind`."""
    sums = LedgerLine.objects.filter(account__org=org, account__kind=kind).aggregate(
        d=Sum("debit"), c=Sum("credit")
    )
    return (sums["d"] or ZERO) - (sums["c"] or ZERO)


def xlsx(rows, header=("申请编号", "结果", "失败原因", "日期")) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(content: bytes, name="回盘.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def sheet_rows(content: bytes) -> list[tuple]:
    return list(openpyxl.load_workbook(io.BytesIO(content)).active.values)
