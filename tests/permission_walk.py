"""Rows inside a walker's own subtree that only some permissions may show (issue #9, item 3).

Each maker creates rows in town A (which the walking users' scope covers) and returns
`Guarded(permissions, marker, pks)`: a user whose role has none of `permissions` must not see
`marker` on any page or API answer, aggregates included (a figure is a marker too). Apps add
a maker for every model or figure behind a permission.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from gonghui.core.models import AuditEntry
from gonghui.members.tests.factories import make_member
from gonghui.orgs.models import Organization
from gonghui.rights.choices import CaseKind, CaseState, Channel
from gonghui.rights.models import Case

# A figure no fixture makes by accident: the union's member count as the dashboard would sum it.
MEMBER_COUNT = 4321


@dataclass(frozen=True)
class Guarded:
    permissions: frozenset[str]
    markers: tuple[str, ...]
    pks: tuple[int, ...] = field(default=())


def _orgs(world) -> list[Guarded]:
    Organization.objects.filter(pk=world.union_a.pk).update(member_count=MEMBER_COUNT)
    counts = (str(MEMBER_COUNT), f"{MEMBER_COUNT:,}")
    return [
        Guarded(frozenset({"orgs.view", "members.view"}), counts, (world.union_a.pk,)),
        Guarded(frozenset({"orgs.view"}), (world.union_a.name,), (world.union_a.pk,)),
        Guarded(
            frozenset({"employers.view", "orgs.view", "members.view"}),
            (world.employer_a.name,),
            (world.employer_a.pk,),
        ),
    ]


def _members(world) -> list[Guarded]:
    member = make_member(world.union_a, name="权限标记会员")
    return [Guarded(frozenset({"members.view"}), ("权限标记会员",), (member.pk,))]


def _rights(world) -> list[Guarded]:
    # a case filed under the chair's own union: the chair's scope covers it, the role does not
    case = Case.objects.create(
        number="WQ2026-权限标记",
        kind=CaseKind.COMPLAINT,
        channel=Channel.VISIT,
        state=CaseState.REGISTERED,
        received_on=datetime.date(2026, 11, 1),
        summary="权限标记案件",
        town=world.town_a,
        amount_claimed=Decimal("98765.43"),
        contact_name="权限标记职工",
        org_path=world.union_a.path,
    )
    return [
        Guarded(
            frozenset({"rights.view"}),
            ("权限标记案件", "权限标记职工", "98765.43"),
            (case.pk,),
        )
    ]


def _audit(world) -> list[Guarded]:
    entry = AuditEntry.objects.create(
        action="members.member.updated",
        actor_name="权限标记操作人",
        target_repr="权限标记对象",
        org_path=world.union_a.path,
    )
    return [Guarded(frozenset({"audit.view"}), ("权限标记操作人",), (entry.pk,))]


# The Ankang Cup's workers of town A's union: a figure of merit.stats (and of the
# competition's page, merit.view), a number no fixture makes by accident.
ANKANG_WORKERS = 48213


def _merit(world) -> list[Guarded]:
    from gonghui.merit.choices import CompetitionKind
    from gonghui.merit.models import Competition, CompetitionEntry

    competition = Competition.objects.create(
        kind=CompetitionKind.ANKANG,
        name="权限标记安康杯",
        year=2013,
        organizer=world.union_a,
        starts_on=datetime.date(2013, 4, 1),
        org_path=world.union_a.path,
    )
    entry = CompetitionEntry.objects.create(
        competition=competition,
        employer=world.employer_a,
        workers=ANKANG_WORKERS,
        org_path=world.union_a.path,
    )
    figures = (str(ANKANG_WORKERS), f"{ANKANG_WORKERS:,}", "权限标记安康杯")
    return [Guarded(frozenset({"merit.view", "merit.stats"}), figures, (competition.pk, entry.pk))]


def _activities(world) -> list[Guarded]:
    from django.utils import timezone

    from gonghui.activities.choices import ActivityKind, ActivityState
    from gonghui.activities.models import Activity

    # in draft: an open activity is offered on the members' phone pages, to anyone
    activity = Activity.objects.create(
        kind=ActivityKind.SPORTS,
        name="权限标记活动",
        organizer=world.union_a,
        year=2026,
        starts_at=timezone.make_aware(datetime.datetime(2026, 12, 20, 9, 0)),
        state=ActivityState.DRAFT,
        org_path=world.union_a.path,
    )
    return [
        Guarded(
            frozenset({"activities.view", "activities.stats"}), ("权限标记活动",), (activity.pk,)
        )
    ]


PERMISSION_ROW_MAKERS: list[Callable] = [_orgs, _members, _rights, _audit, _merit, _activities]
