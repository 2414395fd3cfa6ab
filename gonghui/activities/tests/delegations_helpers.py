"""Makers for the delegation tests: the city games' delegation with its 13 events."""

from gonghui.activities.models import Delegation, DelegationAthlete, DelegationEvent
from gonghui.activities.tests.factories import make_delegation

GAMES = (
    "田径",
    "游泳",
    "羽毛球",
    "乒乓球",
    "篮球",
    "足球",
    "排球",
    "象棋",
    "围棋",
    "拔河",
    "跳绳",
    "龙舟",
    "门球",
)


def games(world, **extra) -> Delegation:
    delegation = make_delegation(world.district, **extra)
    DelegationEvent.objects.bulk_create(
        [DelegationEvent(delegation=delegation, name=n) for n in GAMES]
    )
    return delegation


def athlete(delegation: Delegation, member, *event_names: str) -> DelegationAthlete:
    row = DelegationAthlete.objects.create(
        delegation=delegation, member=member, org_path=member.org_path
    )
    row.events.set(delegation.events.filter(name__in=event_names))
    return row


def foreign_delegation_rows(world) -> list:
    """A delegation of town B with an event, an athlete and a prize, marked, with the scope
    walk's ids (tests/scope_walk.py: the lead hooks this maker in)."""
    from gonghui.activities.models import DelegationPrize
    from gonghui.members.models import Member
    from gonghui.members.tests.factories import make_member
    from tests.scope_walk import MARKER, next_pk

    delegation = make_delegation(world.town_b, id=next_pk(Delegation), name=f"{MARKER}代表团")
    event = DelegationEvent.objects.create(
        id=next_pk(DelegationEvent), delegation=delegation, name=MARKER
    )
    member = make_member(world.union_b, MARKER, pk=next_pk(Member))
    row = DelegationAthlete.objects.create(
        id=next_pk(DelegationAthlete),
        delegation=delegation,
        member=member,
        org_path=member.org_path,
    )
    row.events.set([event])
    prize = DelegationPrize.objects.create(
        id=next_pk(DelegationPrize),
        delegation=delegation,
        event=event,
        athlete=row,
        prize=MARKER,
        org_path=row.org_path,
    )
    return [delegation, member, row, prize]
