"""Matching an unmatched collection to an employer (or registering its employer), a manual
reversal, and the voucher of newly saved rows (FUND-1)."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError
from django.db.models import Sum
from hypothesis import given
from hypothesis import strategies as st

from gonghui.core.errors import ApplicationError, PermissionDenied
from gonghui.demo.numbers import uscc
from gonghui.finance.choices import AccountKind, CollectionState, EntryKind
from gonghui.finance.models import Allocation, Collection, LedgerEntry, LedgerLine
from gonghui.finance.rules import collections as rules
from gonghui.finance.services import collections as services
from gonghui.finance.services import ledger
from gonghui.finance.tests.factories import make_collection, make_rule
from gonghui.orgs.choices import Industry, Ownership
from gonghui.orgs.models import Employer

pytestmark = pytest.mark.django_db
JAN, FEB = datetime.date(2013, 1, 1), datetime.date(2013, 2, 1)


def balance(kind: str) -> Decimal:
    totals = LedgerLine.objects.filter(account__kind=kind).aggregate(
        d=Sum("debit"), c=Sum("credit")
    )
    return (totals["d"] or Decimal(0)) - (totals["c"] or Decimal(0))


def booked(world, *rows):
    """Rows as an import leaves them: saved, and booked with one voucher."""
    services.post_collections(actor=world.admin, rows=list(rows), source="collections:test:1")
    return rows


def unmatched_pair(world):
    path = world.district.path
    jan = make_collection(
        None, JAN, "300.00", uscc=uscc("91", "440113", 55, lead="EX"), org_path=path
    )
    feb = make_collection(None, FEB, "200.00", uscc=jan.uscc, org_path=path)
    return booked(world, jan, feb)


def test_post_collections_books_cash_against_unallocated_or_unmatched(world):
    matched = make_collection(world.employer_a, JAN, "1000.00")
    stray = make_collection(None, JAN, "50.00", org_path=world.district.path)
    # when
    entry = services.post_collections(
        actor=world.admin, rows=[matched, stray], source="collections:9:2"
    )
    # then
    assert entry.kind == EntryKind.COLLECTION and entry.total == Decimal("1050.00")
    assert balance(AccountKind.CASH) == Decimal("1050.00")
    assert balance(AccountKind.UNALLOCATED) == Decimal("-1000.00")
    assert balance(AccountKind.UNMATCHED) == Decimal("-50.00")
    assert set(Collection.objects.values_list("entry_id", flat=True)) == {entry.pk}
    with pytest.raises(IntegrityError):  # the same source twice: refused by the unique key
        services.post_collections(actor=world.admin, rows=[matched], source="collections:9:2")


@given(st.lists(st.tuples(st.decimals(-(10**6), 10**6, places=2), st.booleans()), max_size=30))
def test_booked_amounts_always_balance(rows):
    signed = rules.booked_amounts(rows)
    assert sum(signed.values()) == 0
    assert signed[AccountKind.CASH] == sum((a for a, _m in rows), Decimal(0))


def test_matching_sets_the_employer_and_moves_the_money_to_unallocated(world):
    jan, feb = unmatched_pair(world)
    # when
    rows = services.collection_match(actor=world.admin, collection=jan, employer=world.employer_a)
    # then: every unmatched row of the USCC at once
    assert {r.pk for r in rows} == {jan.pk, feb.pk}
    for row in Collection.objects.filter(pk__in=[jan.pk, feb.pk]):
        assert (row.employer, row.state, row.org_path) == (
            world.employer_a,
            CollectionState.MATCHED,
            world.employer_a.org_path,
        )
    assert LedgerEntry.objects.get(source=f"match:{jan.pk}").kind == EntryKind.MATCH
    assert balance(AccountKind.UNMATCHED) == Decimal("0.00")
    assert balance(AccountKind.UNALLOCATED) == Decimal("-500.00")
    # and never twice
    with pytest.raises(ApplicationError, match="已匹配单位或已冲销"):
        services.collection_match(actor=world.admin, collection=jan, employer=world.employer_b)


def test_a_town_may_not_match(world):
    jan, _feb = unmatched_pair(world)
    with pytest.raises(PermissionDenied):
        services.collection_match(
            actor=world.town_a_user, collection=jan, employer=world.employer_a
        )


def test_the_employer_a_row_names_is_registered_and_matched(world):
    jan, feb = unmatched_pair(world)
    # when
    employer, rows = services.collection_employer_create(
        actor=world.admin,
        collection=jan,
        name="新登记电子厂",
        town=world.town_a,
        ownership=Ownership.PRIVATE,
        industry=Industry.MANUFACTURING,
        headcount=30,
    )
    # then
    assert Employer.objects.get(uscc=jan.uscc) == employer and employer.town == world.town_a
    assert {r.pk for r in rows} == {jan.pk, feb.pk}
    jan.refresh_from_db()
    assert jan.employer == employer and jan.org_path == world.town_a.path


def test_a_reversal_is_a_negative_row_with_its_own_voucher(world):
    (row,) = booked(world, make_collection(world.employer_a, JAN, "1000.00"))
    # when
    reversal = services.collection_reverse(actor=world.admin, collection=row, reason="重复代收")
    # then
    row.refresh_from_db()
    assert row.state == CollectionState.REVERSED and row.amount == Decimal("1000.00")
    assert (reversal.reverses, reversal.amount, reversal.reason) == (
        row,
        Decimal("-1000.00"),
        "重复代收",
    )
    assert reversal.state == CollectionState.REVERSED  # never allocated: nothing to undo
    assert reversal.entry.source == f"collection.reverse:{row.pk}"
    assert reversal.entry.reason == "重复代收"
    assert balance(AccountKind.CASH) == Decimal("0.00")
    assert balance(AccountKind.UNALLOCATED) == Decimal("0.00")
    with pytest.raises(ApplicationError, match="已冲销"):
        services.collection_reverse(actor=world.admin, collection=row, reason="再次")
    with pytest.raises(ApplicationError, match="冲销记录不能再冲销"):
        services.collection_reverse(actor=world.admin, collection=reversal, reason="再次")
    with pytest.raises(ApplicationError, match="请填写冲销原因"):
        services.collection_reverse(
            actor=world.admin, collection=make_collection(world.employer_b), reason=" "
        )


def test_an_allocated_rows_reversal_waits_to_be_allocated_as_its_negation(world):
    (row,) = booked(world, make_collection(world.employer_a, JAN, "1000.00"))
    entry = ledger.post(
        actor=world.admin,
        kind=EntryKind.ALLOCATION,
        org=world.district,
        booked_on=JAN,
        memo="测试分配",
        amounts={
            ledger.account(world.district, AccountKind.UNALLOCATED): Decimal("1000.00"),
            ledger.account(world.union_a, AccountKind.REFUND_PAYABLE): Decimal("-1000.00"),
        },
    )
    Allocation.objects.create(
        collection=row,
        rule=make_rule(),
        union=world.union_a,
        town=world.town_a,
        fund_kind=row.fund_kind,
        period=row.period,
        collected_on=row.collected_on,
        refund_due_on=row.collected_on,
        amount=row.amount,
        union_part=row.amount,
        entry=entry,
    )
    # when
    reversal = services.collection_reverse(actor=world.admin, collection=row, reason="退库")
    # then: matched and unallocated, for allocate_pending
    assert reversal.state == CollectionState.MATCHED and reversal.employer == world.employer_a
    assert balance(AccountKind.UNALLOCATED) == Decimal("1000.00")
