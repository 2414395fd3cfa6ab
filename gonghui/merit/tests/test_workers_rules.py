"""The registry's pure rules: state changes, what a benefit must carry, which benefit of a
kind is in force on a day."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from gonghui.merit.choices import BenefitKind, ModelWorkerState
from gonghui.merit.rules import workers as rules

STATES = st.sampled_from(ModelWorkerState.values)


@given(STATES, STATES)
def test_a_state_change_is_allowed_exactly_along_the_table(current, target):
    allowed = target in rules.NEXT_STATES[current]
    assert (rules.state_problem(current, target) == "") is allowed
    if not allowed:
        assert rules.state_problem(current, target)  # said in words


@given(STATES)
def test_nothing_leaves_death_or_revocation_and_nothing_returns_to_active(state):
    assert ModelWorkerState.ACTIVE not in rules.NEXT_STATES[state]
    if not rules.is_standing(state):
        assert rules.NEXT_STATES[state] == ()


def test_an_unknown_state_is_refused():
    assert "状态只能是" in rules.state_problem("active", "flying")


@dataclass
class Row:
    kind: str
    effective_from: datetime.date
    pk: int
    amount: Decimal | None = None
    percent: Decimal | None = None
    times_a_year: int | None = None


DAYS = st.dates(datetime.date(2000, 1, 1), datetime.date(2030, 12, 31))


@given(st.lists(st.tuples(st.sampled_from(BenefitKind.values), DAYS), max_size=12), DAYS)
def test_in_force_is_the_latest_started_row_of_each_kind(specs, day):
    rows = [Row(kind, start, pk) for pk, (kind, start) in enumerate(specs, start=1)]
    shown = rules.in_force(rows, day)
    assert len({r.kind for r in shown}) == len(shown)  # one of each kind
    for kind in BenefitKind.values:
        started = [r for r in rows if r.kind == kind and r.effective_from <= day]
        picked = [r for r in shown if r.kind == kind]
        if not started:
            assert picked == []
        else:
            latest = max(started, key=lambda r: (r.effective_from, r.pk))
            assert picked == [latest]


@given(
    st.sampled_from(BenefitKind.values),
    st.one_of(st.none(), st.decimals(-10, 10_000, places=2)),
    st.one_of(st.none(), st.decimals(-5, 150, places=2)),
    st.one_of(st.none(), st.integers(-1, 20)),
)
def test_a_benefit_carries_its_measure(kind, amount, percent, times):
    problems = rules.benefit_problems(kind, amount, percent, times)
    if kind in rules.AMOUNT_KINDS:
        assert ("amount" in problems) is (amount is None or amount <= 0)
    if kind in rules.PERCENT_KINDS:
        assert ("percent" in problems) is (percent is None or not 0 < percent <= 100)
    if kind in rules.TIMES_KINDS:
        assert ("times_a_year" in problems) is (times is None or not 1 <= times <= 12)
    if amount is not None and amount < 0:
        assert "amount" in problems


def test_benefit_texts():
    day = datetime.date(2013, 1, 1)
    assert rules.benefit_text(Row("allowance", day, 1, amount=Decimal("300"))) == "每月 300.00 元"
    assert (
        rules.benefit_text(Row("pension", day, 1, percent=Decimal("5.00"))) == "退休养老金加发 5%"
    )
    assert rules.benefit_text(Row("health_check", day, 1, times_a_year=1)) == "每年 1 次"
    assert (
        rules.benefit_text(Row("condolence", day, 1, amount=Decimal("1000"))) == "每次 1,000.00 元"
    )
