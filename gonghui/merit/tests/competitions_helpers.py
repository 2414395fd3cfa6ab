"""Competition rows for the competition tests: a district skills competition with the
report's four trades, running, and the world's members and employers."""

import datetime
from dataclasses import dataclass
from typing import Any

from gonghui.members.tests.factories import make_member, new_ric
from gonghui.merit.choices import CompetitionKind, CompetitionState
from gonghui.merit.models import Competition, CompetitionEvent
from gonghui.merit.tests.factories import make_competition

TRADES = ("养老护理员", "家政服务员", "焊工", "数控机床装调维修工")


def make_skills(organizer, *, state: str = CompetitionState.RUNNING, **extra: Any) -> Competition:
    competition = make_competition(
        organizer,
        CompetitionKind.SKILLS,
        name=extra.pop("name", "2013年番禺区职工职业技能竞赛"),
        state=state,
        **extra,
    )
    CompetitionEvent.objects.bulk_create(
        [CompetitionEvent(competition=competition, name=t) for t in TRADES]
    )
    return competition


@dataclass
class Skills:
    competition: Competition
    member_a: Any
    member_b: Any
    ric_a: str
    ric_b: str


def skills(world) -> Skills:
    """The district's running skills competition, a member of union A (employer A) and one
    of union B (employer B)."""
    competition = make_skills(world.district)
    ric_a, ric_b = new_ric(), new_ric(birth=datetime.date(1985, 3, 1))
    member_a = make_member(world.union_a, "王焊工", ric=ric_a, employer=world.employer_a)
    member_b = make_member(world.union_b, "李护理", ric=ric_b, employer=world.employer_b)
    return Skills(competition, member_a, member_b, ric_a, ric_b)


def foreign_competition_rows(world) -> list:
    """Town B's rows for the scope walk (tests/scope_walk.py): a town B competition (town B
    is not above town A or its union, so neither may see it), its event, an entry of
    employer B and a contestant of union B, marked, with the walk's ids."""
    from gonghui.merit.models import CompetitionEntry, Contestant
    from tests.scope_walk import MARKER, next_pk

    town, union = world.town_b, world.union_b
    competition = Competition.objects.create(
        id=next_pk(Competition),
        kind=CompetitionKind.LABOR,
        name=f"{MARKER}劳动竞赛",
        year=2013,
        organizer=town,
        starts_on=datetime.date(2013, 5, 1),
        state=CompetitionState.RUNNING,
        org_path=town.path,
    )
    event = CompetitionEvent.objects.create(
        id=next_pk(CompetitionEvent), competition=competition, name=f"{MARKER}项目"
    )
    entry = CompetitionEntry.objects.create(
        id=next_pk(CompetitionEntry),
        competition=competition,
        employer=world.employer_b,
        team=f"{MARKER}班组",
        workers=7,
        org_path=union.path,
    )
    contestant = Contestant.objects.create(
        id=next_pk(Contestant),
        competition=competition,
        event=event,
        name=f"{MARKER}选手",
        employer=world.employer_b,
        union=union,
        org_path=union.path,
    )
    return [competition, entry, contestant]
