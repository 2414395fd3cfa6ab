"""Makers for the activities part's tests: an open activity of the district or a town with
room for a few, and members of the fixture's unions with a known RIC and phone."""

import datetime
from typing import Any

from django.utils import timezone

from gonghui.activities.choices import ActivityState
from gonghui.activities.tests.factories import make_activity
from gonghui.core.clock import today
from gonghui.members.tests.factories import make_member, new_phone, new_ric


def soon(days: int = 10, hour: int = 9) -> datetime.datetime:
    day = today() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def open_activity(organizer, capacity: int | None = 2, **extra: Any):
    starts = extra.pop("starts_at", soon())
    return make_activity(
        organizer,
        capacity=capacity,
        starts_at=starts,
        year=timezone.localtime(starts).year,
        state=extra.pop("state", ActivityState.OPEN),
        **extra,
    )


def member_with_identity(union, name: str = "张三", **extra: Any):
    """A member and the identity they type on the phone."""
    ric, phone = new_ric(), extra.pop("phone", None) or new_phone()
    member = make_member(union, name, ric=ric, phone=phone, **extra)
    return member, {"name": name, "ric": ric, "phone": phone}
