import datetime

from django.test import override_settings

from gonghui.core.calendar import add_days, add_workdays, is_workday

D = datetime.date


def test_national_day_2026_is_not_a_workday():
    # given the 2026 schedule: 1-7 October are holidays (a Thursday to a Wednesday)
    assert not is_workday(D(2026, 10, 1))
    assert not is_workday(D(2026, 10, 7))
    # then an ordinary Thursday is a workday
    assert is_workday(D(2026, 10, 15))


def test_adjusted_saturday_is_a_workday():
    # 调休: Saturday 10 October 2026 is a working day, an ordinary Saturday is not
    assert is_workday(D(2026, 10, 10))
    assert not is_workday(D(2026, 10, 17))


def test_add_workdays_skips_national_day_and_counts_the_working_saturday():
    # when 3 working days are added to Wednesday 30 September 2026
    # then 1-7 Oct are skipped; Thu 8, Fri 9 and Sat 10 (调休) count
    assert add_workdays(D(2026, 9, 30), 3) == D(2026, 10, 10)
    assert add_workdays(D(2026, 9, 30), 0) == D(2026, 9, 30)


def test_add_days_by_unit():
    assert add_days(D(2026, 9, 30), 3) == D(2026, 10, 3)
    assert add_days(D(2026, 9, 30), 3, unit="workday") == D(2026, 10, 10)


def test_years_without_data_fall_back_to_weekends():
    # 2027 is beyond chinese_calendar: a Friday is a workday, a Saturday is not
    assert is_workday(D(2027, 1, 8))
    assert not is_workday(D(2027, 1, 9))


@override_settings(
    CALENDAR_EXTRA_HOLIDAYS=["2027-01-01", "2027-10-01"], CALENDAR_EXTRA_WORKDAYS=["2027-01-09"]
)
def test_configured_extra_days_apply_beyond_package_data():
    assert not is_workday(D(2027, 1, 1))  # a Friday made a holiday
    assert is_workday(D(2027, 1, 9))  # a Saturday made a working day
    # Thu 31 Dec 2026 + 2 working days: Fri 1 Jan is a holiday, so Mon 4 and Tue 5
    assert add_workdays(D(2026, 12, 31), 2) == D(2027, 1, 5)
