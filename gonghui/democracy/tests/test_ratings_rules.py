"""Pure rules of the rating (DEMO-3): the notice period in working days across National Day
and from a holiday, the level a total reaches (hypothesis: never above the level applied
for, monotonic, at the thresholds), the record-read criteria's points, validity."""

import datetime

from hypothesis import given
from hypothesis import strategies as st

from gonghui.democracy.choices import CriterionSource as S
from gonghui.democracy.choices import RatingLevel as L
from gonghui.democracy.rules import ratings as rules

T = rules.Thresholds(80, 90, 95)
LEVELS = [L.A, L.AA, L.AAA]


def test_a_notice_from_2026_09_29_ends_after_the_national_day_week():
    # 9-29, 9-30, (10-1…10-7 holiday), 10-8, 10-9, 10-10 (a Saturday worked in lieu)
    assert rules.notice_period(datetime.date(2026, 9, 29), 5) == datetime.date(2026, 10, 10)
    assert rules.notice_period(datetime.date(2026, 9, 30), 5) == datetime.date(2026, 10, 12)


def test_a_notice_posted_on_a_holiday_runs_its_full_length():
    # posted on National Day itself: 10-8, 10-9, 10-10, 10-12, 10-13
    assert rules.notice_period(datetime.date(2026, 10, 1), 5) == datetime.date(2026, 10, 13)
    assert rules.notice_period(datetime.date(2026, 10, 1), 1) == datetime.date(2026, 10, 8)


def test_an_ordinary_week_and_one_day():
    assert rules.notice_period(datetime.date(2013, 12, 2), 5) == datetime.date(2013, 12, 6)
    assert rules.notice_period(datetime.date(2013, 12, 2), 1) == datetime.date(2013, 12, 2)


def _workdays_between(start, end):
    from gonghui.core.calendar import is_workday

    days = (end - start).days + 1
    return sum(is_workday(start + datetime.timedelta(days=i)) for i in range(days))


@given(
    st.dates(min_value=datetime.date(2013, 1, 1), max_value=datetime.date(2026, 12, 1)),
    st.integers(min_value=1, max_value=30),
)
def test_the_notice_holds_exactly_its_working_days_and_ends_on_one(start, n):
    from gonghui.core.calendar import is_workday

    end = rules.notice_period(start, n)
    assert is_workday(end)
    assert _workdays_between(start, end) == n


def test_level_at_the_thresholds():
    assert rules.level_for(79, T, L.AAA) == ""
    assert rules.level_for(80, T, L.AAA) == L.A
    assert rules.level_for(89, T, L.AAA) == L.A
    assert rules.level_for(90, T, L.AAA) == L.AA
    assert rules.level_for(95, T, L.AAA) == L.AAA
    assert rules.level_for(100, T, L.AA) == L.AA  # never above the level applied for
    assert rules.level_for(100, T, L.A) == L.A


@given(st.integers(0, 120), st.integers(0, 120), st.sampled_from(LEVELS))
def test_level_is_monotonic_and_capped(low, high, applied):
    low, high = sorted((low, high))
    rank = {"": -1, **{lv: i for i, lv in enumerate(LEVELS)}}
    a, b = rules.level_for(low, T, applied), rules.level_for(high, T, applied)
    assert rank[a] <= rank[b] <= LEVELS.index(applied)
    if b:
        assert high >= T.by_level()[b]


@given(st.integers(1, 60), st.integers(1, 30), st.integers(1, 30))
def test_thresholds_must_rise_and_fit_the_sheet(a, step1, step2):
    t = rules.Thresholds(a, a + step1, a + step1 + step2)
    errors = rules.threshold_errors(t, 100)
    assert bool(errors) == (t.aaa > 100)
    assert rules.threshold_errors(rules.Thresholds(90, 80, 95), 100) == {
        "min_score_a": "最低分应满足 A级 < 2A级 < 3A级，且均大于0。"
    }


def test_record_scores_say_what_the_records_show():
    full = rules.Facts(True, True, True, True, True, 0)
    none = rules.Facts()
    for source in (S.UNION, S.WAGE_CONTRACT, S.CONGRESS, S.OPEN_AFFAIRS, S.DUAL_DISPLAY):
        assert rules.record_score(source, 10, full)[0] == 10
        points, note = rules.record_score(source, 10, none)
        assert points == 0 and note.startswith("系统记录：")
    assert rules.record_score(S.NO_ARREARS_DISPUTE, 10, none) == (
        10,
        "本年度无欠薪劳动争议（维权案件）",
    )
    disputes = rules.Facts(arrears_disputes=2)
    assert rules.record_score(S.NO_ARREARS_DISPUTE, 10, disputes) == (
        0,
        "本年度有2宗欠薪劳动争议（维权案件）",
    )
    assert rules.record_score(S.WAGE_CONTRACT, 15, none)[1] == "系统记录：无有效的工资专项集体合同"


def test_the_default_sheet_is_100_points_with_every_record_source_once():
    assert sum(p for _t, p, _s in rules.DEFAULT_SHEET) == 100
    sources = [s for _t, _p, s in rules.DEFAULT_SHEET if s]
    assert sorted(sources) == sorted(v for v in S.values if v)


def test_validity_runs_to_the_day_before_the_anniversary():
    assert rules.valid_until(datetime.date(2013, 12, 20), 3) == datetime.date(2016, 12, 19)
    assert rules.valid_until(datetime.date(2024, 2, 29), 1) == datetime.date(2025, 2, 28)
