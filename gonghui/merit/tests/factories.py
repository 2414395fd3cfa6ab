"""Merit rows for tests, made directly (the services are tested apart). Each part may add
its own makers in its own `<part>_helpers.py`."""

import datetime
import itertools
from typing import Any

from gonghui.merit.choices import CompetitionKind, Level, RoundState, Subject
from gonghui.merit.models import (
    Competition,
    CompetitionEvent,
    Contestant,
    Honor,
    HonorRound,
    HonorType,
    InnovationStudio,
    ModelWorker,
    Nomination,
)
from gonghui.orgs.models import Employer, Organization

_seq = itertools.count(1)


def make_honor_type(name: str = "", **extra: Any) -> HonorType:
    fields = {
        "level": Level.DISTRICT,
        "subject": Subject.PERSON,
        "conferred_by": "番禺区总工会",
        **extra,
    }
    return HonorType.objects.create(name=name or f"区优秀工会工作者{next(_seq)}", **fields)


def make_round(
    organizer: Organization, honor_type: HonorType | None = None, year: int = 2026, **extra: Any
) -> HonorRound:
    honor_type = honor_type or make_honor_type()
    fields = {"state": RoundState.OPEN, "name": f"{year}年{honor_type.name}评选", **extra}
    return HonorRound.objects.create(
        honor_type=honor_type,
        year=year,
        organizer=organizer,
        org_path=organizer.path,
        **fields,
    )


def make_nomination(
    round: HonorRound, union: Organization, name: str = "", **extra: Any
) -> Nomination:
    fields = {"deeds": "爱岗敬业，技术革新成果突出。", **extra}
    return Nomination.objects.create(
        round=round,
        union=union,
        org_path=union.path,
        name=name or f"被推荐人{next(_seq)}",
        **fields,
    )


def make_honor(
    honor_type: HonorType, union: Organization, name: str = "", year: int = 2013, **extra: Any
) -> Honor:
    return Honor.objects.create(
        honor_type=honor_type,
        year=year,
        union=union,
        org_path=union.path,
        name=name or f"获得者{next(_seq)}",
        **extra,
    )


def make_model_worker(union: Organization, name: str = "", **extra: Any) -> ModelWorker:
    level = extra.pop("level", Level.CITY)
    honor_type = extra.pop("honor_type", None) or make_honor_type(
        f"{Level(level).label}劳动模范{next(_seq)}", level=level, confers_model_worker=True
    )
    name = name or f"劳模{next(_seq)}"
    year = extra.pop("year", 2013)
    honor = make_honor(honor_type, union, name, year=year, member=extra.get("member"))
    return ModelWorker.objects.create(
        honor=honor,
        name=name,
        level=level,
        year=year,
        union=union,
        org_path=union.path,
        **extra,
    )


def make_studio(employer: Employer, name: str = "", **extra: Any) -> InnovationStudio:
    union = employer.union
    fields = {"leader_name": "王师傅", "founded_on": datetime.date(2013, 5, 1), **extra}
    return InnovationStudio.objects.create(
        name=name or f"劳模创新工作室{next(_seq)}",
        employer=employer,
        union=union,
        org_path=union.path,
        **fields,
    )


def make_competition(
    organizer: Organization, kind: str = CompetitionKind.SKILLS, **extra: Any
) -> Competition:
    fields = {
        "name": f"职业技能竞赛{next(_seq)}",
        "year": 2013,
        "starts_on": datetime.date(2013, 9, 1),
        **extra,
    }
    return Competition.objects.create(
        kind=kind, organizer=organizer, org_path=organizer.path, **fields
    )


def make_contestant(
    competition: Competition, union: Organization, event: str = "焊工", **extra: Any
) -> Contestant:
    event_row, _ = CompetitionEvent.objects.get_or_create(competition=competition, name=event)
    return Contestant.objects.create(
        competition=competition,
        event=event_row,
        union=union,
        org_path=union.path,
        name=extra.pop("name", f"选手{next(_seq)}"),
        **extra,
    )
