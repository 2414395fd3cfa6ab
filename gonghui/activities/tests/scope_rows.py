"""Activities rows of town B for the scope walk (tests/scope_walk.py): one of each scoped
model, marked, with the ids the walk puts in every URL. The activity is town B's own and in
draft (an open one is offered on the members' phone pages, which name no town)."""

import datetime

from django.utils import timezone

from gonghui.activities.choices import (
    ActivityKind,
    ActivityState,
    RegistrationSource,
    RegistrationState,
)
from gonghui.activities.models import (
    Activity,
    Delegation,
    DelegationAthlete,
    DelegationEvent,
    DelegationPrize,
    Registration,
    Submission,
)
from gonghui.members.models import Member
from gonghui.members.tests.factories import make_member


def foreign_activities_rows(world) -> list:
    from tests.scope_walk import MARKER, next_pk

    town, union = world.town_b, world.union_b
    when = timezone.make_aware(datetime.datetime(2031, 5, 1, 9, 0))
    member = make_member(union, name=f"{MARKER}会员", pk=next_pk(Member))
    activity = Activity.objects.create(
        id=next_pk(Activity),
        kind=ActivityKind.READING,
        name=f"{MARKER}活动",
        organizer=town,
        year=2031,
        starts_at=when,
        capacity=10,
        state=ActivityState.DRAFT,
        org_path=town.path,
    )
    registration = Registration.objects.create(
        id=next_pk(Registration),
        activity=activity,
        member=member,
        union=union,
        source=RegistrationSource.UNION,
        state=RegistrationState.CONFIRMED,
        position=1,
        registered_at=when,
        org_path=union.path,
    )
    submission = Submission.objects.create(
        id=next_pk(Submission),
        activity=activity,
        member=member,
        union=union,
        title=f"{MARKER}书评",
        text=f"{MARKER}正文",
        submitted_at=when,
        org_path=union.path,
    )
    delegation = Delegation.objects.create(
        id=next_pk(Delegation),
        name=f"{MARKER}代表团",
        event_name=f"{MARKER}运动会",
        host="广州市总工会",
        year=2031,
        organizer=town,
        starts_on=datetime.date(2031, 10, 1),
        org_path=town.path,
    )
    event = DelegationEvent.objects.create(delegation=delegation, name=f"{MARKER}项目")
    athlete = DelegationAthlete.objects.create(
        id=next_pk(DelegationAthlete), delegation=delegation, member=member, org_path=union.path
    )
    athlete.events.add(event)
    prize = DelegationPrize.objects.create(
        id=next_pk(DelegationPrize),
        delegation=delegation,
        event=event,
        athlete=athlete,
        prize=f"{MARKER}金牌",
        org_path=union.path,
    )
    return [member, activity, registration, submission, delegation, athlete, prize]
