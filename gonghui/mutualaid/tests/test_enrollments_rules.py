"""The enrollment rules (rules.enrollments): who may be enrolled, renewals, when it counts."""

import datetime

from hypothesis import given
from hypothesis import strategies as st

from gonghui.mutualaid.rules import enrollments as rules

PLAN = rules.PlanFacts(
    year=2013, age_limit_male=60, age_limit_female=50, waiting_days=90, counted_when="paid"
)
days = st.dates(datetime.date(1900, 1, 1), datetime.date(2100, 12, 31))
plans = st.builds(
    rules.PlanFacts,
    year=st.integers(2000, 2100),
    age_limit_male=st.integers(16, 80),
    age_limit_female=st.integers(16, 80),
    waiting_days=st.integers(0, 400),
    counted_when=st.sampled_from(["paid", "enrolled"]),
)
statuses = st.sampled_from(["active", "retained", "left"])
sexes = st.sampled_from(["M", "F"])


def birthdays_passed(birth: datetime.date, day: datetime.date) -> int:
    """Age by definition: the birthdays (29 Feb on 1 Mar in other years) up to `day`."""
    count = 0
    for year in range(birth.year + 1, day.year + 1):
        try:
            birthday = birth.replace(year=year)
        except ValueError:
            birthday = datetime.date(year, 3, 1)
        count += birthday <= day
    return count


@given(days, days)
def test_age_is_the_birthdays_passed(birth, day):
    if birth <= day:
        assert rules.age_on(birth, day) == birthdays_passed(birth, day)


@given(days, days, st.integers(0, 120))
def test_the_birth_cutoff_is_the_age_limit(birth, day, limit):
    if day.year - limit < 1:
        return
    assert (rules.age_on(birth, day) >= limit) == (birth <= rules.birth_cutoff(day, limit))


@given(plans, st.integers(1, 10**6), statuses, days, sexes, days, st.booleans(), st.booleans())
def test_the_roster_check_is_the_rule(plan, member, status, birth, sex, day, enrolled, before):
    if day.year - max(plan.age_limit_male, plan.age_limit_female) < 1:
        return
    check = rules.RosterCheck(
        plan, day, enrolled={member} if enrolled else set(), previous={member} if before else set()
    )
    reason, renewal = check.check(member, status, birth, sex)
    expected = rules.refusal(
        plan, status=status, birth_date=birth, sex=sex, day=day, enrolled=enrolled
    )
    assert reason == expected
    assert renewal == (before and expected is None)


def test_each_refusal_says_why_in_chinese():
    day = datetime.date(2013, 3, 1)
    ok = {"birth_date": datetime.date(1980, 1, 1), "sex": "M", "day": day}
    assert rules.refusal(PLAN, status="left", enrolled=False, **ok) == "不是在册会员（已离会）"
    assert rules.refusal(PLAN, status="retained", enrolled=False, **ok) == (
        "不是在册会员（保留会籍）"
    )
    assert rules.refusal(PLAN, status="active", enrolled=True, **ok) == "已参加2013年度计划"
    assert rules.refusal(PLAN, status="active", enrolled=False, **ok) is None
    sixty = {"birth_date": datetime.date(1953, 3, 1), "sex": "M", "day": day}
    assert rules.refusal(PLAN, status="active", enrolled=False, **sixty) == (
        "已满60周岁（男职工年龄上限60）"
    )
    # the day before the 60th birthday: still under the limit
    under = {"birth_date": datetime.date(1953, 3, 2), "sex": "M", "day": day}
    assert rules.refusal(PLAN, status="active", enrolled=False, **under) is None
    woman = {"birth_date": datetime.date(1963, 3, 1), "sex": "F", "day": day}
    assert rules.refusal(PLAN, status="active", enrolled=False, **woman) == (
        "已满50周岁（女职工年龄上限50）"
    )


@given(plans, days, st.one_of(st.none(), days))
def test_it_counts_from_payment_or_from_enrollment(plan, enrolled_on, paid_on):
    effective = rules.effective_on(plan, enrolled_on=enrolled_on, paid_on=paid_on)
    assert effective == (paid_on if plan.counted_when == "paid" else enrolled_on)


@given(plans, st.dates(datetime.date(2000, 1, 1), datetime.date(2099, 12, 31)), st.booleans())
def test_a_renewal_has_no_waiting_period(plan, effective, renewal):
    until = rules.waiting_until(plan, effective=effective, renewal=renewal)
    if renewal:
        assert until == effective
    else:
        assert (until - effective).days == plan.waiting_days


def test_a_plan_takes_enrollments_only_while_open():
    end = datetime.date(2013, 12, 31)
    args = {"year": 2013, "ends_on": end, "closes_on": datetime.date(2013, 3, 31)}
    assert rules.plan_closed_reason(state="open", day=datetime.date(2013, 3, 31), **args) is None
    assert "截止参保" in rules.plan_closed_reason(
        state="open", day=datetime.date(2013, 4, 1), **args
    )
    assert "不接受参保" in rules.plan_closed_reason(state="draft", day=end, **args)
    args["closes_on"] = None
    assert "结束" in rules.plan_closed_reason(state="open", day=datetime.date(2014, 1, 1), **args)
