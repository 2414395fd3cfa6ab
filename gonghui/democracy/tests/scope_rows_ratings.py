"""Scope-walk rows (ratings) for tests/scope_walk.py: one of each scoped model of town B,
marked. The round is town B's own and still taking applications (a round in its public
notice is shown to anyone, by design); its sheet is data of the round."""

import datetime

from gonghui.democracy.choices import (
    ApplicationState,
    AwardKind,
    Channel,
    RatingLevel,
    RatingRoundState,
)
from gonghui.democracy.models import (
    AwardNomination,
    RatingApplication,
    RatingCriterion,
    RatingObjection,
    RatingRound,
    RatingScore,
)


def foreign_ratings_rows(world) -> list:
    from tests.scope_walk import MARKER, next_pk

    town, union, employer = world.town_b, world.union_b, world.employer_b
    path = union.path
    round_ = RatingRound.objects.create(
        id=next_pk(RatingRound),
        year=2031,
        name=f"{MARKER}和谐劳动关系评定",
        organizer=town,
        state=RatingRoundState.OPEN,
        org_path=town.path,
    )
    criterion = RatingCriterion.objects.create(
        round=round_, order=1, text=f"{MARKER}评分内容", max_points=100
    )
    application = RatingApplication.objects.create(
        id=next_pk(RatingApplication),
        round=round_,
        employer=employer,
        union=union,
        level_applied=RatingLevel.AA,
        summary=f"{MARKER}申报材料",
        state=ApplicationState.APPLIED,
        decision_note=f"{MARKER}意见",
        org_path=path,
    )
    RatingScore.objects.create(
        application=application, criterion=criterion, points=50, source_note=f"{MARKER}依据"
    )
    objection = RatingObjection.objects.create(
        id=next_pk(RatingObjection),
        application=application,
        channel=Channel.LETTER,
        received_on=datetime.date(2031, 3, 2),
        person_name=f"{MARKER}反映人",
        content=f"{MARKER}反映内容",
        org_path=path,
    )
    award = AwardNomination.objects.create(
        id=next_pk(AwardNomination),
        round=round_,
        kind=AwardKind.DEVOTED_EMPLOYEE,
        union=union,
        employer=employer,
        name=f"{MARKER}优秀员工",
        deeds=f"{MARKER}事迹",
        org_path=path,
    )
    return [round_, application, objection, award]
