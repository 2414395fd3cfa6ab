"""The finance part of the demo district (finance/demo.py) at tiny scale: the rules, two
years of collections through the services, each allocated by its own year's rule, refunds
mostly on time, a ledger that balances, and the figures the rows give."""

import datetime
import time
from decimal import Decimal

import pytest
from django.db.models import Count, F, Q, Sum

from gonghui.core.indicators import Period, figure, indicator
from gonghui.demo.build import build_demo
from gonghui.finance import demo
from gonghui.finance.choices import AccountKind, CollectionState, FundKind, RefundState
from gonghui.finance.models import (
    Allocation,
    AllocationRule,
    Collection,
    LedgerLine,
    RefundLine,
    UnionBankAccount,
)
from gonghui.orgs.choices import OrgKind
from gonghui.orgs.models import Employer, Organization

D = Decimal
AS_OF = datetime.date(2026, 11, 25)


pytestmark = pytest.mark.django_db


def _value(code, user, period):
    root = Organization.objects.get(kind=OrgKind.DISTRICT)
    return figure(indicator(code), user=user, period=period, org_path=root.path)


def test_the_tiny_demo():
    """One build (with the tree and the logins it runs after), then each check."""
    from gonghui.accounts.models import User

    t0 = time.perf_counter()
    built = build_demo(seed=2014, scale="tiny", as_of=AS_OF, only=["finance"]).built["finance"]
    print(f"tiny demo with finance: {time.perf_counter() - t0:.1f} s", built)
    admin = User.objects.get(username="admin")
    for check in CHECKS:
        check(admin)


def _the_rules_are_the_reports_marked_as_demo(admin):
    found = list(AllocationRule.objects.order_by("effective_from"))
    assert [(r.effective_from, r.effective_to) for r in found] == [
        (datetime.date(2013, 1, 1), datetime.date(2013, 12, 31)),
        (datetime.date(2014, 1, 1), datetime.date(2016, 12, 31)),
        (datetime.date(2017, 1, 1), None),
    ]
    assert all(r.is_demo and "演示" in r.note for r in found)
    retained = [(r.retained_district, r.retained_town, r.retained_refund) for r in found]
    assert retained == [(40, 30, 30), (30, 40, 30), (30, 40, 30)]
    assert {r.share_union for r in found} == {D(60)}


def _every_employer_pays_every_month_of_the_two_years(admin):
    employers = Employer.objects.count()
    standing = Collection.objects.filter(employer__isnull=False, reverses__isnull=True)
    assert standing.count() == employers * 24 + 1  # and the corrected row
    per_month = standing.exclude(state=CollectionState.REVERSED).values("period")
    assert {r["n"] for r in per_month.annotate(n=Count("id"))} == {employers}
    for c in standing.exclude(state=CollectionState.REVERSED)[:200]:
        assert c.amount == (c.payroll * D("0.02")).quantize(D("0.01"))
        assert c.collected_on.day == 15 and c.collected_on > c.period
    unmatched = Collection.objects.filter(state=CollectionState.UNMATCHED)
    assert unmatched.count() == demo.UNMATCHED * 3
    assert not unmatched.filter(uscc__in=Employer.objects.values("uscc")).exists()


def _the_fund_kind_follows_the_union(admin):
    """Union fund once the employer's union stood; preparation fund before or without."""
    prep = Collection.objects.filter(fund_kind=FundKind.PREPARATION, employer__isnull=False)
    assert prep.filter(employer__union__isnull=True).exists()
    wrong = Collection.objects.filter(
        fund_kind=FundKind.UNION_FUND, employer__isnull=False, employer__union__isnull=True
    )
    assert not wrong.exists()


def _each_years_collections_are_allocated_by_that_years_rule(admin):
    matched = Collection.objects.filter(employer__isnull=False)
    assert not matched.filter(allocation__isnull=True).exists()
    assert not Collection.objects.filter(employer__isnull=True, allocation__isnull=False).exists()
    by_rule = Allocation.objects.values_list("rule__effective_from__year", "collected_on__year")
    pairs = set(by_rule.distinct())
    assert pairs == {(2013, 2013), (2014, 2014), (2014, 2015)}  # 2014-12 collected in 2015
    for a in Allocation.objects.select_related("rule")[:500]:
        parts = sum(getattr(a, name) for name in Allocation.PARTS)
        assert parts == a.amount


def _the_correction_is_reversed_and_allocated_as_its_negation(admin):
    reversal = Collection.objects.get(reverses__isnull=False)
    original = reversal.reverses
    assert original.state == CollectionState.REVERSED and reversal.amount == -original.amount
    assert reversal.allocation.union_part == -original.allocation.union_part


def _the_trial_balance_is_zero(admin):
    totals = LedgerLine.objects.aggregate(debit=Sum("debit"), credit=Sum("credit"))
    assert totals["debit"] == totals["credit"] > 0
    # each voucher (compared as Decimals: SQLite sums decimals as floats)
    per_entry = LedgerLine.objects.values("entry").annotate(d=Sum("debit"), c=Sum("credit"))
    assert not [r for r in per_entry.order_by() if r["d"] != r["c"]]
    # what is still unmatched sits in 待认领; every matched row was allocated (待分配 is 0)
    unmatched = Collection.objects.filter(state=CollectionState.UNMATCHED).aggregate(
        t=Sum("amount")
    )["t"]
    assert _balance(AccountKind.UNMATCHED) == -unmatched
    assert _balance(AccountKind.UNALLOCATED) == 0


def _balance(kind):
    found = LedgerLine.objects.filter(account__kind=kind).aggregate(d=Sum("debit"), c=Sum("credit"))
    return (found["d"] or 0) - (found["c"] or 0)


def _every_union_has_a_bank_account_and_its_refunds(admin):
    unions = Organization.objects.filter(kind=OrgKind.GRASSROOTS)
    assert UnionBankAccount.objects.count() == unions.count()
    paid = RefundLine.objects.filter(state=RefundState.PAID)
    assert paid.filter(paid_on__lte=F("due_on")).count() > paid.count() * 0.8
    assert paid.filter(paid_on__gt=F("due_on")).exists()
    left = RefundLine.objects.filter(state=RefundState.FAILED)
    assert left.exists() and all(x.failure_reason for x in left)


def _the_on_time_rate_is_the_reports_kind_of_figure(admin):
    y2013 = _value("finance.refund.on_time_rate", admin, Period.year(2013))
    y2014 = _value("finance.refund.on_time_rate", admin, Period.year(2014))
    assert D("53") <= y2013.value <= D("57"), y2013
    assert D("56.5") <= y2014.value < D("60"), y2014
    assert y2013.value < y2014.value


def _the_figures_are_the_rows(admin):
    y2013 = Period.year(2013)
    in_2013 = Q(collected_on__year=2013)
    collected = Collection.objects.filter(in_2013).aggregate(t=Sum("amount"))["t"]
    assert _value("finance.collected.total", admin, y2013).value == collected
    allocated = Allocation.objects.filter(in_2013).aggregate(t=Sum("amount"))["t"]
    assert _value("finance.allocated.total", admin, y2013).value == allocated
    assert (
        allocated
        == Collection.objects.filter(in_2013, employer__isnull=False).aggregate(t=Sum("amount"))[
            "t"
        ]
    )
    refunded = RefundLine.objects.filter(state=RefundState.PAID, paid_on__year=2013)
    assert (
        _value("finance.refunded", admin, y2013).value == refunded.aggregate(t=Sum("amount"))["t"]
    )
    # today only the lines left failed are owed (every other month refunded)
    now = Period(datetime.date(2026, 1, 1), AS_OF)
    owed = RefundLine.objects.filter(state=RefundState.FAILED, entry__isnull=True)
    later = RefundLine.objects.filter(state=RefundState.PAID)
    unpaid = sum(
        x.amount
        for x in owed
        if not later.filter(union_id=x.union_id, period=x.period, pk__gt=x.pk).exists()
    )
    assert _value("finance.refund.due_unpaid", admin, now).value == unpaid > 0
    assert _value("finance.payers_without_union", admin, y2013).value > 0


CHECKS = [
    _the_rules_are_the_reports_marked_as_demo,
    _every_employer_pays_every_month_of_the_two_years,
    _the_fund_kind_follows_the_union,
    _each_years_collections_are_allocated_by_that_years_rule,
    _the_correction_is_reversed_and_allocated_as_its_negation,
    _the_trial_balance_is_zero,
    _every_union_has_a_bank_account_and_its_refunds,
    _the_on_time_rate_is_the_reports_kind_of_figure,
    _the_figures_are_the_rows,
]
