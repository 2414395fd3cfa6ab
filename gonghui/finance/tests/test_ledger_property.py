"""The trial balance is always zero (FUND-3): any sequence of postings (collections,
allocations split at random, expenses, reversals) leaves the ledger's debits equal to its
credits, and every account's balance on the reports equal to the sum of its own lines,
whatever day the period starts."""

import datetime
from decimal import Decimal

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gonghui.core.money import allocate
from gonghui.finance.choices import AccountKind, EntryKind, Program, UpperLevel
from gonghui.finance.models import Account, LedgerEntry
from gonghui.finance.queries import ledger as queries
from gonghui.finance.services import ledger
from gonghui.finance.services.expenses import post_expense

START = datetime.date(2013, 1, 1)
amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999.99"), places=2)
days = st.integers(min_value=0, max_value=729).map(lambda n: START + datetime.timedelta(days=n))
operation = st.one_of(
    st.tuples(st.just("collect"), amounts, days),
    st.tuples(
        st.just("allocate"),
        amounts,
        days,
        st.lists(st.integers(min_value=0, max_value=100), min_size=5, max_size=5),
    ),
    st.tuples(st.just("expense"), amounts, days, st.sampled_from(Program.values), st.booleans()),
    st.tuples(st.just("reverse"), st.integers(min_value=0, max_value=50)),
)


def _apply(world, op, n: int) -> None:
    kind, *args = op
    district = world.district
    if kind == "collect":
        amount, day = args
        ledger.post(
            actor=world.admin,
            kind=EntryKind.COLLECTION,
            org=district,
            booked_on=day,
            memo="代收",
            source=f"collections:{n}:1",
            amounts={
                ledger.cash(district): amount,
                ledger.account(district, AccountKind.UNALLOCATED): -amount,
            },
        )
    elif kind == "allocate":
        amount, day, weights = args
        if not any(weights):
            weights = [1, 0, 0, 0, 0]
        targets = [
            ledger.account(world.union_a, AccountKind.REFUND_PAYABLE),
            ledger.account(world.union_b, AccountKind.REFUND_PAYABLE),
            ledger.account(world.town_a, AccountKind.INCOME),
            ledger.account(district, AccountKind.INCOME),
            ledger.account(district, AccountKind.UPPER_PAYABLE, level=UpperLevel.CITY),
        ]
        parts = allocate(amount, weights)
        ledger.post(
            actor=world.admin,
            kind=EntryKind.ALLOCATION,
            org=district,
            booked_on=day,
            memo="分配",
            source=f"allocation:{n}-{n}",
            amounts=[(ledger.account(district, AccountKind.UNALLOCATED), amount)]
            + [(acc, -part) for acc, part in zip(targets, parts, strict=True)],
        )
    elif kind == "expense":
        amount, day, program, town = args
        post_expense(
            actor=world.admin,
            org=world.town_a if town else district,
            program=program,
            amount=amount,
            paid_on=day,
            source=f"test.expense:{n}",
            memo="支出",
        )
    else:
        standing = list(
            LedgerEntry.objects.exclude(kind=EntryKind.REVERSAL)
            .filter(reversed_by__isnull=True)
            .order_by("pk")
        )
        if standing:
            ledger.reverse(
                actor=world.admin, entry=standing[args[0] % len(standing)], reason="更正"
            )


def _check(world, split: datetime.date) -> None:
    trial = queries.trial_balance(user=world.admin, start=None, end=None)
    assert trial["totals"]["difference"] == 0
    assert sum(r["balance"] for r in trial["rows"]) == 0
    whole = queries.balances(user=world.admin, org=world.district, start=None, end=None)
    later = queries.balances(user=world.admin, org=world.district, start=split, end=None)
    closing = {a.pk: a.closing for a in whole["rows"]}
    assert closing == {a.pk: a.closing for a in later["rows"]}
    for acc in Account.objects.prefetch_related("lines"):
        own = sum((x.debit - x.credit for x in acc.lines.all()), Decimal("0.00"))
        assert closing[acc.pk] == own == queries.account_balance(acc)
    assert whole["totals"]["closing"] == 0


@settings(max_examples=20, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=st.lists(operation, min_size=1, max_size=10), split=days)
def test_any_postings_keep_the_trial_balance_zero(world, ops, split):
    point = transaction.savepoint()  # each example starts from an empty ledger
    try:
        for n, op in enumerate(ops):
            _apply(world, op, n)
            _check(world, split)
    finally:
        transaction.savepoint_rollback(point)
