"""Activities rows for tests, made directly (the services are tested apart). Each part may
add its own makers in its own `<part>_helpers.py`."""

import datetime
import itertools
from typing import Any

from django.utils import timezone

from gonghui.activities.choices import (
    ActivityKind,
    ActivityState,
    RegistrationSource,
    RegistrationState,
)
from gonghui.activities.models import Activity, Delegation, Registration
from gonghui.members.models import Member
from gonghui.orgs.models import Organization

_seq = itertools.count(1)


def make_activity(
    organizer: Organization, kind: str = ActivityKind.SPORTS, **extra: Any
) -> Activity:
    starts = timezone.make_aware(datetime.datetime(2026, 12, 20, 9, 0))
    fields = {
        "name": f"职工活动{next(_seq)}",
        "year": 2026,
        "starts_at": starts,
        "state": ActivityState.OPEN,
        **extra,
    }
    return Activity.objects.create(
        kind=kind, organizer=organizer, org_path=organizer.path, **fields
    )


def make_registration(activity: Activity, member: Member, **extra: Any) -> Registration:
    last = activity.registrations.order_by("-position").values_list("position", flat=True)
    fields = {
        "source": RegistrationSource.UNION,
        "state": RegistrationState.CONFIRMED,
        "position": (last.first() or 0) + 1,
        "registered_at": timezone.now(),
        **extra,
    }
    return Registration.objects.create(
        activity=activity,
        member=member,
        union=member.union,
        org_path=member.union.path,
        **fields,
    )


def make_delegation(organizer: Organization, **extra: Any) -> Delegation:
    fields = {
        "name": f"番禺区代表团{next(_seq)}",
        "event_name": "广州市第八届职工运动会",
        "host": "广州市总工会",
        "year": 2013,
        "starts_on": datetime.date(2013, 10, 1),
        **extra,
    }
    return Delegation.objects.create(organizer=organizer, org_path=organizer.path, **fields)
