"""The honors rules: the category shares (at least / at most, the shortfall), the public
notice's closing working day with the Chinese holidays, a nominee's own checks."""

import datetime

from hypothesis import given
from hypothesis import strategies as st

from gonghui.merit.choices import Bound, Category, Subject
from gonghui.merit.rules import honors as rules

CATS = st.lists(st.sampled_from(Category.values), max_size=3)


def test_non_public_at_least_35_percent_of_10_needs_4():
    nominees = [["non_public"]] * 3 + [["frontline"]] * 7
    [result] = rules.check_shares([rules.ShareRule("non_public", Bound.AT_LEAST, 35)], nominees)
    assert (result.required, result.actual, result.shortfall) == (4, 3, 1)
    assert result.actual_percent == 30.0
    assert not result.met
    assert "还差1人" in result.text


def test_migrant_at_least_10_percent_met():
    nominees = [["migrant"]] * 2 + [[]] * 18
    [result] = rules.check_shares([rules.ShareRule("migrant", Bound.AT_LEAST, 10)], nominees)
    assert (result.required, result.actual, result.shortfall, result.met) == (2, 2, 0, True)
    assert "符合" in result.text


def test_heads_at_most_20_percent_too_many():
    nominees = [["head"]] * 4 + [[]] * 6
    [result] = rules.check_shares([rules.ShareRule("head", Bound.AT_MOST, 20)], nominees)
    assert (result.required, result.actual, result.shortfall) == (2, 4, 2)
    assert "超出2人" in result.text


def test_no_nominees_needs_none():
    [result] = rules.check_shares([rules.ShareRule("woman", Bound.AT_LEAST, 30)], [])
    assert (result.required, result.shortfall, result.actual_percent) == (0, 0, 0.0)


@given(st.lists(CATS, max_size=40), st.sampled_from(Category.values), st.integers(0, 100))
def test_at_least_shortfall_is_what_adding_makes_up(nominees, category, percent):
    rule = rules.ShareRule(category, Bound.AT_LEAST, percent)
    result = rules.check_share(rule, nominees)
    assert result.required * 100 >= percent * len(nominees)  # rounded up, never short
    assert (result.required - 1) * 100 < percent * len(nominees) or result.required == 0
    assert result.shortfall == max(result.required - result.actual, 0)
    # met exactly when the category's share is at least the percent
    assert result.met == (result.actual * 100 >= percent * len(nominees))


@given(st.lists(CATS, max_size=40), st.sampled_from(Category.values), st.integers(0, 100))
def test_at_most_overflow_is_what_removing_fixes(nominees, category, percent):
    rule = rules.ShareRule(category, Bound.AT_MOST, percent)
    result = rules.check_share(rule, nominees)
    assert result.required * 100 <= percent * len(nominees)
    assert result.met == (result.actual * 100 <= percent * len(nominees))
    assert result.shortfall == max(result.actual - result.required, 0)
    assert 0 <= result.actual <= len(nominees)


# ---- the public notice -----------------------------------------------------------------------


def d(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def test_notice_across_national_day_2026():
    # 9-30 (Wed) counts; 10-1..10-7 off; 10-8, 10-9, 10-10 (Sat, worked in lieu); 10-11 off
    assert rules.notice_period(d("2026-09-30"), 5) == d("2026-10-12")


def test_notice_starting_on_the_holiday_begins_after_it():
    assert rules.notice_period(d("2026-10-01"), 5) == d("2026-10-13")


def test_notice_across_spring_festival_2026():
    # 2-12 (Thu), 2-13 (Fri), 2-14 (Sat, worked in lieu); 2-15..2-23 off; 2-24, 2-25
    assert rules.notice_period(d("2026-02-12"), 5) == d("2026-02-25")
    # posted on 2-16 (a holiday): 2-24 .. 2-27, then 2-28 (Sat, worked in lieu)
    assert rules.notice_period(d("2026-02-16"), 5) == d("2026-02-28")


def test_notice_of_one_day_on_a_working_day_is_that_day():
    assert rules.notice_period(d("2026-09-30"), 1) == d("2026-09-30")


def weekdays(day: datetime.date) -> bool:
    return day.weekday() < 5


@given(st.dates(datetime.date(2000, 1, 1), datetime.date(2099, 1, 1)), st.integers(1, 30))
def test_notice_has_exactly_n_working_days(start, n):
    end = rules.notice_until(start, n, weekdays)
    days = [start + datetime.timedelta(i) for i in range((end - start).days + 1)]
    assert sum(map(weekdays, days)) == n
    assert weekdays(end)


# ---- nominees --------------------------------------------------------------------------------


def nominee(**extra):
    fields = {
        "subject": Subject.PERSON,
        "name": "王锐祥",
        "has_member": False,
        "has_employer": True,
        "has_organization": False,
        "categories": (),
        **extra,
    }
    return rules.Nominee(**fields)


def test_person_needs_employer_or_member():
    assert rules.nominee_errors(nominee()) == {}
    assert rules.nominee_errors(nominee(has_employer=False, has_member=True, name="")) == {}
    assert "employer" in rules.nominee_errors(nominee(has_employer=False))
    assert "name" in rules.nominee_errors(nominee(name=" "))


def test_team_and_organization():
    team = nominee(subject=Subject.TEAM, name="技术研发中心")
    assert rules.nominee_errors(team) == {}
    assert rules.nominee_errors(nominee(subject=Subject.TEAM, has_employer=False))["employer"]
    org = nominee(subject=Subject.ORGANIZATION, has_employer=False)
    assert "organization" in rules.nominee_errors(org)
    assert rules.nominee_errors(nominee(subject=Subject.ORGANIZATION, has_organization=True)) == {}


def test_wrong_category_is_named():
    errors = rules.nominee_errors(nominee(categories=("non_public", "astronaut")))
    assert errors["categories"] == "类别「astronaut」不正确。"


def test_once_per_round():
    assert rules.duplicate_person([1, 2, None], 2)
    assert not rules.duplicate_person([1, None], None)
    assert not rules.duplicate_person([1], 3)
