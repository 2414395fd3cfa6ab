"""What every public notice (公示) shares: how an objection came in and what its check found.

Used by merit's honor rounds and democracy's rating rounds, which also share how long a
notice runs: `notice_until` (pure, any calendar) and `notice_period` (the Chinese one).
"""

import datetime
from collections.abc import Callable

from django.db import models

from .calendar import is_workday as chinese_workday


def notice_until(
    start: datetime.date, workdays: int, is_workday: Callable[[datetime.date], bool]
) -> datetime.date:
    """The last day of a public notice of `workdays` working days from `start`: `start`
    counts as the first when it is a working day; otherwise the count begins on the next
    working day (a notice posted on a holiday runs its full length; domain-rules §11)."""
    if workdays < 1:
        raise ValueError("workdays must be >= 1")
    day = start
    left = workdays - 1 if is_workday(start) else workdays
    while left:
        day += datetime.timedelta(days=1)
        if is_workday(day):
            left -= 1
    return day


def notice_period(start: datetime.date, workdays: int) -> datetime.date:
    """`notice_until` with the Chinese holiday calendar (core.calendar)."""
    return notice_until(start, workdays, chinese_workday)


class Channel(models.TextChoices):
    """How an objection came in (domain-rules §11: letter, phone, visit; real-name)."""

    LETTER = "letter", "来信"
    PHONE = "phone", "来电"
    VISIT = "visit", "来访"
    ONLINE = "online", "网上提交"


class ObjectionState(models.TextChoices):
    OPEN = "open", "待核实"
    UPHELD = "upheld", "反映属实"
    DISMISSED = "dismissed", "反映不属实"
