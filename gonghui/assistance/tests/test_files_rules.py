"""The rules of a hardship file (domain-rules §9), pure: per-head figure, category, the
migrant worker's year, the standard in force, documents, dates."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gonghui.assistance.choices import AccidentEvent, DocumentKind, HardshipCategory, HardshipCause
from gonghui.assistance.rules import files as rules
from gonghui.core.calendar import add_workdays

amounts = st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False, allow_infinity=False)
sizes = st.integers(min_value=1, max_value=12)
standards = st.decimals(min_value=Decimal("100"), max_value=5000, places=2)


@given(amounts, amounts, sizes)
def test_per_head_is_the_exact_figure_half_up(income, expenses, size):
    exact = (income - expenses) / Decimal(12) / Decimal(size)
    assert rules.per_head_monthly(income, expenses, size) == exact.quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )


def test_per_head_rounds_half_up_and_refuses_no_household():
    # (100.30 − 0) / 12 / 1 = 8.3583… ; 0.06/12 = 0.005 → 0.01
    assert rules.per_head_monthly(Decimal("100.30"), Decimal("0"), 1) == Decimal("8.36")
    assert rules.per_head_monthly(Decimal("0.06"), Decimal("0"), 1) == Decimal("0.01")
    with pytest.raises(ValueError):
        rules.per_head_monthly(Decimal("1"), Decimal("0"), 0)


@given(amounts, amounts, sizes, standards, amounts)
def test_category_follows_the_figure_in_order(income, expenses, size, standard, costs):
    j = rules.judge(
        annual_income=income,
        essential_expenses=expenses,
        household_size=size,
        standard=standard,
        hardship_costs=costs,
    )
    per_head = rules.per_head_monthly(income, expenses, size)
    assert j.per_head == per_head
    if per_head < standard:
        assert j.category == HardshipCategory.DEEP
    elif per_head < 2 * standard:
        assert j.category == HardshipCategory.RELATIVE
    elif costs > income * Decimal("0.8"):
        assert j.category == HardshipCategory.ACCIDENT
    else:
        assert j.category is None and f"{per_head} 元" in j.refusal


@given(amounts, sizes, standards)
def test_an_accident_event_always_qualifies(income, size, standard):
    j = rules.judge(
        annual_income=income,
        essential_expenses=Decimal("0"),
        household_size=size,
        standard=standard,
        accident_event=AccidentEvent.DISASTER,
    )
    assert j.qualifies


def test_boundaries_and_the_refusal_gives_the_figures():
    # 14400 / 12 / 2 = 600.00: equal to the standard is not below it
    at = rules.judge(
        annual_income=Decimal("14400"),
        essential_expenses=Decimal("0"),
        household_size=2,
        standard=Decimal("600"),
    )
    assert at.category == HardshipCategory.RELATIVE
    # 19500 / 12 / 2 = 812.50 ≥ 2 × 400
    no = rules.judge(
        annual_income=Decimal("19500"),
        essential_expenses=Decimal("0"),
        household_size=2,
        standard=Decimal("400"),
        hardship_costs=Decimal("15600"),
    )
    assert no.category is None
    assert "人均月收入 812.50 元，不低于低保标准 400.00 元的 2 倍（800.00 元）" in no.refusal
    assert "15600.00 元也未超过家庭年收入 19500.00 元的 80%（15600.00 元）" in no.refusal
    # one fen more than 80% is an accident
    yes = rules.judge(
        annual_income=Decimal("19500"),
        essential_expenses=Decimal("0"),
        household_size=2,
        standard=Decimal("400"),
        hardship_costs=Decimal("15600.01"),
    )
    assert yes.category == HardshipCategory.ACCIDENT


def test_deep_wins_over_an_accident():
    j = rules.judge(
        annual_income=Decimal("1200"),
        essential_expenses=Decimal("0"),
        household_size=1,
        standard=Decimal("600"),
        accident_event=AccidentEvent.SAFETY,
    )
    assert j.category == HardshipCategory.DEEP


def test_migrant_worker_needs_a_year():
    day = datetime.date(2026, 3, 1)
    assert rules.migrant_refusal(False, None, day) == ""
    assert "入职日期" in rules.migrant_refusal(True, None, day)
    assert rules.migrant_refusal(True, datetime.date(2025, 3, 1), day) == ""
    short = rules.migrant_refusal(True, datetime.date(2025, 3, 2), day)
    assert "2025-03-02" in short and "2026-03-02" in short
    # a 29 February start has its year on 28 February
    assert rules.migrant_refusal(True, datetime.date(2024, 2, 29), datetime.date(2025, 2, 28)) == ""


@given(
    st.lists(
        st.tuples(st.dates(datetime.date(2000, 1, 1), datetime.date(2030, 1, 1)), standards),
        max_size=6,
        unique_by=lambda t: t[0],
    ),
    st.dates(datetime.date(2000, 1, 1), datetime.date(2030, 1, 1)),
)
def test_standard_on_is_the_latest_not_after_the_day(rows, day):
    found = rules.standard_on(rows, day)
    earlier = sorted(r for r in rows if r[0] <= day)
    assert found == (earlier[-1][1] if earlier else None)


def test_required_documents():
    basic = [DocumentKind.ID_CARD, DocumentKind.HOUSEHOLD_REGISTER, DocumentKind.INCOME_PROOF]
    assert rules.required_documents(HardshipCause.LOW_INCOME, False) == basic
    assert rules.required_documents(HardshipCause.ILLNESS, False) == [*basic, DocumentKind.MEDICAL]
    assert rules.required_documents(HardshipCause.ACCIDENT, True) == [
        *basic,
        DocumentKind.MEDICAL,
        DocumentKind.LABOR_CONTRACT,
    ]
    assert rules.missing_documents(basic, [DocumentKind.ID_CARD]) == basic[1:]


@given(st.dates(datetime.date(2000, 1, 1), datetime.date(2090, 12, 31)), st.integers(0, 48))
def test_add_months_keeps_the_day_or_the_months_end(day, months):
    later = rules.add_months(day, months)
    assert (later.year * 12 + later.month) - (day.year * 12 + day.month) == months
    assert (
        later.day == day.day
        or later.day < day.day
        and (later + datetime.timedelta(days=1)).day == 1
    )


def test_notice_runs_five_working_days():
    # Friday 2026-05-29 + 5 working days = Friday 2026-06-05; exit from Saturday on
    start = datetime.date(2026, 5, 29)
    until = rules.exit_notice_until(start, add_workdays)
    assert until == datetime.date(2026, 6, 5)
    assert not rules.may_exit_on(until, until)
    assert rules.may_exit_on(until, until + datetime.timedelta(days=1))
