"""Makers for the submission tests: a reading campaign, a member with known RIC and phone,
an entry made directly."""

from typing import Any

from django.utils import timezone

from gonghui.activities.choices import ActivityKind
from gonghui.activities.models import Activity, Submission
from gonghui.activities.tests.factories import make_activity
from gonghui.members.models import Member
from gonghui.members.tests.factories import make_member, new_phone, new_ric

REVIEW = "读《平凡的世界》：在平凡中坚守，在奋斗里成长，这是我读过最打动人的一本书。"


def campaign(world, organizer=None, **extra: Any) -> Activity:
    extra.setdefault("name", "2013年职工微书评")
    return make_activity(organizer or world.district, ActivityKind.READING, **extra)


def person(union, name: str = "王小明") -> tuple[Member, str, str]:
    ric, phone = new_ric(), new_phone()
    return make_member(union, name, ric=ric, phone=phone), ric, phone


def entry(activity: Activity, member: Member, title: str = "平凡中的坚守", **extra) -> Submission:
    return Submission.objects.create(
        activity=activity,
        member=member,
        union=member.union,
        org_path=member.union.path,
        title=title,
        text=extra.pop("text", REVIEW),
        submitted_at=timezone.now(),
        **extra,
    )


def foreign_submission_rows(world) -> list:
    """Town B's reading campaign and one entry of its member, marked, with the scope walk's
    ids (tests/scope_walk.py: the lead hooks this maker in)."""
    from tests.scope_walk import MARKER, next_pk

    activity = make_activity(
        world.town_b, ActivityKind.READING, id=next_pk(Activity), name=f"{MARKER}读书活动"
    )
    member = make_member(world.union_b, MARKER, pk=next_pk(Member))
    submission = entry(activity, member, f"{MARKER}书评", id=next_pk(Submission))
    return [activity, member, submission]
