"""Merit rows of town B for the scope walk (tests/scope_walk.py): one of each scoped model,
marked, with the ids the walk puts in every URL. The round is town B's own and still taking
nominations (a round in its public notice is shown to anyone, by design), its honor type
and competition events are data without a scope."""

import datetime
from decimal import Decimal

from gonghui.members.models import Member
from gonghui.members.tests.factories import make_member
from gonghui.merit.choices import (
    Channel,
    CompetitionKind,
    Level,
    NominationState,
    ResultKind,
    RoundState,
    Subject,
)
from gonghui.merit.models import (
    Competition,
    CompetitionEntry,
    CompetitionEvent,
    Contestant,
    Honor,
    HonorRound,
    HonorType,
    InnovationStudio,
    ModelWorker,
    Nomination,
    Objection,
    StudioResult,
)


def foreign_merit_rows(world) -> list:
    from tests.scope_walk import MARKER, next_pk

    town, union, employer = world.town_b, world.union_b, world.employer_b
    path = union.path
    kind = HonorType.objects.create(
        id=next_pk(HonorType),
        name="走查用市级劳动模范",  # data every page's type filter lists: no marker
        level=Level.CITY,
        subject=Subject.PERSON,
        conferred_by="广州市人民政府",
        confers_model_worker=True,
    )
    member = make_member(union, name=f"{MARKER}劳模", pk=next_pk(Member))
    round_ = HonorRound.objects.create(
        id=next_pk(HonorRound),
        honor_type=kind,
        year=2031,
        name=f"{MARKER}评选",
        organizer=town,
        state=RoundState.OPEN,
        org_path=town.path,
    )
    nomination = Nomination.objects.create(
        id=next_pk(Nomination),
        round=round_,
        union=union,
        member=member,
        name=f"{MARKER}被推荐人",
        employer=employer,
        deeds=f"{MARKER}事迹",
        state=NominationState.SUBMITTED,
        org_path=path,
    )
    objection = Objection.objects.create(
        id=next_pk(Objection),
        nomination=nomination,
        channel=Channel.LETTER,
        received_on=datetime.date(2026, 3, 2),
        person_name=f"{MARKER}反映人",
        content=f"{MARKER}反映内容",
        org_path=path,
    )
    honor = Honor.objects.create(
        id=next_pk(Honor),
        honor_type=kind,
        year=2013,
        awarded_on=datetime.date(2013, 4, 28),
        member=member,
        name=f"{MARKER}获得者",
        employer=employer,
        union=union,
        org_path=path,
    )
    worker = ModelWorker.objects.create(
        id=next_pk(ModelWorker),
        honor=honor,
        member=member,
        name=f"{MARKER}劳模",
        level=Level.CITY,
        year=2013,
        employer=employer,
        union=union,
        org_path=path,
    )
    studio = InnovationStudio.objects.create(
        id=next_pk(InnovationStudio),
        name=f"{MARKER}工作室",
        employer=employer,
        union=union,
        leader=worker,
        leader_name=f"{MARKER}劳模",
        founded_on=datetime.date(2013, 5, 1),
        org_path=path,
    )
    result = StudioResult.objects.create(
        id=next_pk(StudioResult),
        studio=studio,
        kind=ResultKind.PATENT,
        title=f"{MARKER}专利",
        achieved_on=datetime.date(2014, 1, 1),
        benefit=Decimal("1000.00"),
        org_path=path,
    )
    competition = Competition.objects.create(
        id=next_pk(Competition),
        kind=CompetitionKind.SKILLS,
        name=f"{MARKER}竞赛",
        year=2013,
        organizer=town,
        starts_on=datetime.date(2013, 9, 1),
        org_path=town.path,
    )
    event = CompetitionEvent.objects.create(competition=competition, name=f"{MARKER}工种")
    entry = CompetitionEntry.objects.create(
        id=next_pk(CompetitionEntry),
        competition=competition,
        employer=employer,
        team=f"{MARKER}班组",
        workers=10,
        org_path=path,
    )
    contestant = Contestant.objects.create(
        id=next_pk(Contestant),
        competition=competition,
        event=event,
        member=member,
        name=f"{MARKER}选手",
        employer=employer,
        union=union,
        rank=1,
        sent_on=True,
        next_rank=1,
        org_path=path,
    )
    return [member, round_, nomination, objection, honor, worker, studio, result, competition,
            entry, contestant]  # fmt: skip
