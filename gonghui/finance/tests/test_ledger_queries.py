"""Reads of the ledger: which vouchers a user sees (any line in scope, all lines shown), the
list's filters, balances per organization and period, the trial balance, the statements."""

import datetime
from decimal import Decimal

import pytest

from gonghui.finance.choices import AccountKind, EntryKind, UpperLevel
from gonghui.finance.queries import ledger as queries
from gonghui.finance.services import ledger
from gonghui.finance.tests.factories import make_collection

D = Decimal
JAN, FEB, MAR = datetime.date(2013, 1, 20), datetime.date(2013, 2, 20), datetime.date(2013, 3, 20)


def collect(world, amount, day, source):
    cash = ledger.cash(world.district)
    waiting = ledger.account(world.district, AccountKind.UNALLOCATED)
    return ledger.post(
        actor=world.admin,
        kind=EntryKind.COLLECTION,
        org=world.district,
        booked_on=day,
        memo="税务代收",
        amounts={cash: D(amount), waiting: -D(amount)},
        source=source,
    )


def allocate(world, union, town, amount, day, source):
    """60 % to the union, 10 % to the town, 20 % district, 10 % city."""
    amount = D(amount)
    parts = {
        ledger.account(union, AccountKind.REFUND_PAYABLE): -amount * D("0.6"),
        ledger.account(town, AccountKind.INCOME): -amount * D("0.1"),
        ledger.account(world.district, AccountKind.INCOME): -amount * D("0.2"),
        ledger.account(world.district, AccountKind.UPPER_PAYABLE, level=UpperLevel.CITY): -amount
        * D("0.1"),
        ledger.account(world.district, AccountKind.UNALLOCATED): amount,
    }
    return ledger.post(
        actor=world.admin,
        kind=EntryKind.ALLOCATION,
        org=world.district,
        booked_on=day,
        memo="经费分配",
        amounts=parts,
        source=source,
    )


@pytest.fixture
def book(world):
    collect(world, "3000", JAN, "collections:1:2")
    a = allocate(world, world.union_a, world.town_a, "1000", JAN, "allocation:1-1")
    b = allocate(world, world.union_b, world.town_b, "2000", FEB, "allocation:2-2")
    return a, b


def test_a_town_sees_the_vouchers_touching_its_accounts_only(world, book):
    a, b = book
    assert set(queries.entries_visible(world.admin)) == set(ledger_all())
    assert set(queries.entries_visible(world.town_a_user)) == {a}
    assert set(queries.entries_visible(world.chair_a)) == {a}
    assert set(queries.entries_visible(world.town_b_user)) == {b}
    assert not queries.entries_visible(world.lawyer_a).exists()
    # a voucher seen is shown whole: the district's lines too
    assert len(queries.entry_lines(queries.entry_get(user=world.town_a_user, pk=a.pk))) == 5


def ledger_all():
    from gonghui.finance.models import LedgerEntry

    return LedgerEntry.objects.all()


def test_the_list_filters(world, book):
    a, b = book
    rows = lambda **f: set(queries.entry_list(user=world.admin, filters=f))  # noqa: E731
    assert rows(org=world.town_b.pk) == {b}
    assert rows(org=str(world.union_a.pk)) == {a}
    assert rows(kind="allocation") == {a, b}
    assert rows(account_kind="cash") == {ledger.posted("collections:1:2")}
    assert rows(booked_from="2013-02-01") == {b}
    assert rows(booked_to="2013-01-31") == {a, ledger.posted("collections:1:2")}
    assert rows(q="2-2") == {b}
    assert rows(org="abc") == set()  # not an organization of the scope: nothing
    assert queries.entry_list(user=world.town_a_user, filters={"org": world.town_b.pk}).count() == 0


def test_balances_per_organization_and_period(world, book):
    # the district's own accounts, February only
    figures = queries.balances(
        user=world.admin, org=world.district, start=FEB, end=MAR, subtree=False
    )
    by_kind = {(r.kind, r.level): r for r in figures["rows"]}
    waiting = by_kind[(AccountKind.UNALLOCATED, "")]
    assert (waiting.opening, waiting.debits, waiting.credits, waiting.closing) == (
        D("-2000.00"),
        D("2000.00"),
        D("0.00"),
        D("0.00"),
    )
    assert by_kind[(AccountKind.CASH, "")].closing == D("3000.00")
    assert all(r.org == world.district for r in figures["rows"])
    # a town's subtree: its income and its union's refund payable
    town = queries.balances(user=world.town_a_user, org=world.town_a, start=None, end=None)
    assert {(r.org, r.kind, r.closing) for r in town["rows"]} == {
        (world.town_a, AccountKind.INCOME, D("-100.00")),
        (world.union_a, AccountKind.REFUND_PAYABLE, D("-600.00")),
    }
    assert town["totals"]["credits"] == D("700.00") and town["totals"]["closing"] == D("-700.00")


def test_the_trial_balance_is_zero_over_the_ledger_and_not_over_a_town(world, book):
    whole = queries.trial_balance(user=world.admin, start=None, end=None)
    assert whole["totals"]["difference"] == 0 and whole["totals"]["debits"] == D("6000.00")
    assert sum(r["balance"] for r in whole["rows"]) == 0
    january = queries.trial_balance(user=world.admin, start=JAN, end=JAN)
    assert january["totals"]["debits"] == january["totals"]["credits"] == D("4000.00")
    town = queries.trial_balance(user=world.town_a_user, start=None, end=None)
    assert town["totals"]["difference"] == D("-700.00")
    assert (
        queries.trial_balance(user=world.lawyer_a, start=None, end=None)["totals"]["credits"] == 0
    )


def test_the_town_statement(world, book):
    make_collection(world.employer_a, datetime.date(2013, 1, 1), "1000.00")
    make_collection(world.employer_a, datetime.date(2013, 2, 1), "500.00")
    make_collection(world.employer_b, datetime.date(2013, 2, 1), "2000.00")
    s = queries.town_statement(user=world.town_a_user, town=world.town_a, start=None, end=None)
    assert [(r["period"].month, r["amount"]) for r in s["collections"]] == [
        (1, D("1000.00")),
        (2, D("500.00")),
    ]
    assert s["collections_total"] == D("1500.00")
    assert [(r["month"].month, r["amount"]) for r in s["income"]] == [(1, D("100.00"))]
    assert s["refunds"]["rows"] == []  # no allocation rows yet: nothing due by union
    feb = queries.town_statement(
        user=world.admin, town=world.town_a, start=FEB, end=datetime.date(2013, 2, 28)
    )
    assert feb["collections_total"] == D("500.00") and feb["income_total"] == 0


def test_the_employer_statement_shows_its_collections(world):
    make_collection(world.employer_a, datetime.date(2013, 1, 1), "1000.00")
    make_collection(world.employer_b, datetime.date(2013, 1, 1), "9.00")
    s = queries.employer_statement(
        user=world.chair_a, employer=world.employer_a, start=None, end=None
    )
    assert [c.amount for c in s["rows"]] == [D("1000.00")]
    assert s["totals"]["amount"] == D("1000.00") and s["refunded"] == 0


def test_source_links_name_known_things_only(world):
    assert queries.source_link("mutualaid.payout:3:9") == "/mutualaid/payouts/3/"
    assert queries.source_link("assistance.grant:12") == "/assistance/grants/12/"
    assert queries.source_link("finance.expense:abc") == ""
    assert queries.source_link(None) == ""
