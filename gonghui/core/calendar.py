"""Working days in mainland China: statutory holidays and 调休 working weekends.

`chinese_calendar` carries the State Council's yearly schedule for 2004–2026 and raises
NotImplementedError beyond. For those years we fall back to Monday–Friday, corrected by
settings.CALENDAR_EXTRA_HOLIDAYS / CALENDAR_EXTRA_WORKDAYS (ISO dates), which also
override the package when an announced schedule changes.
"""

import datetime
from functools import lru_cache

import chinese_calendar
from django.conf import settings


@lru_cache(maxsize=16)
def _parse(dates: tuple[str, ...]) -> frozenset[datetime.date]:
    return frozenset(datetime.date.fromisoformat(d) for d in dates)


def _extra_holidays() -> frozenset[datetime.date]:
    return _parse(tuple(settings.CALENDAR_EXTRA_HOLIDAYS))


def _extra_workdays() -> frozenset[datetime.date]:
    return _parse(tuple(settings.CALENDAR_EXTRA_WORKDAYS))


def is_workday(day: datetime.date) -> bool:
    if day in _extra_workdays():
        return True
    if day in _extra_holidays():
        return False
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return day.weekday() < 5


def add_workdays(start: datetime.date, n: int) -> datetime.date:
    """The n-th working day after `start` (start itself not counted); n=0 gives start."""
    if n < 0:
        raise ValueError("n must be >= 0")
    day = start
    left = n
    while left:
        day += datetime.timedelta(days=1)
        if is_workday(day):
            left -= 1
    return day


def add_days(start: datetime.date, n: int, *, unit: str = "calendar") -> datetime.date:
    """`n` calendar days or working days after `start`, as the rule's unit says."""
    if unit == "workday":
        return add_workdays(start, n)
    return start + datetime.timedelta(days=n)
