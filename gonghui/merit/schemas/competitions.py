"""API schemas of competitions (MERIT-3)."""

import datetime
from decimal import Decimal

from ninja import Field, Schema

from gonghui.core.forms import YEAR_MAX, YEAR_MIN

from ..choices import CompetitionKind, CompetitionState, Level
from ..rules import competitions as rules


class CompetitionOut(Schema):
    id: int
    kind: str
    name: str
    year: int
    level: str
    organizer_id: int
    organizer_name: str = Field(alias="organizer.name")
    co_organizers: str
    industry: str
    starts_on: datetime.date
    ends_on: datetime.date | None
    state: str
    next_level: str
    note: str
    events: list[str]
    version: int

    @staticmethod
    def resolve_events(obj) -> list[str]:
        return [e.name for e in obj.events.all()]


class EntrySummaryOut(Schema):
    employers: int
    teams: int
    workers: int


class CompetitionDetailOut(CompetitionOut):
    # set by the handler: the entries the caller may see
    entry_summary: EntrySummaryOut


class CompetitionIn(Schema):
    organizer_id: int
    kind: CompetitionKind
    name: str = Field(max_length=rules.NAME_MAX)
    year: int = Field(ge=rules.YEAR_MIN, le=rules.YEAR_MAX)
    level: Level = Level.DISTRICT
    industry: str = Field("", max_length=rules.INDUSTRY_MAX)
    co_organizers: str = Field("", max_length=rules.CO_ORGANIZERS_MAX)
    starts_on: datetime.date
    ends_on: datetime.date | None = None
    events: list[str] = Field(default_factory=list, max_length=rules.EVENTS_MAX)
    next_level: str = Field("", max_length=120)
    note: str = Field("", max_length=2000)


class CompetitionEditIn(CompetitionIn):
    version: int


class MoveIn(Schema):
    state: CompetitionState
    version: int | None = None


class CompetitionFilters(Schema):
    year: int | None = Field(None, ge=YEAR_MIN, le=YEAR_MAX)
    kind: CompetitionKind | None = None
    level: Level | None = None
    state: CompetitionState | None = None
    town: int | None = None
    q: str = ""


class EntryOut(Schema):
    id: int
    competition_id: int
    employer_id: int
    employer_name: str = Field(alias="employer.name")
    team: str
    workers: int
    result: str


class EntryIn(Schema):
    employer_id: int
    team: str = Field("", max_length=rules.TEAM_MAX)
    workers: int = Field(0, ge=0, le=rules.WORKERS_MAX)
    result: str = Field("", max_length=rules.RESULT_MAX)


class EntryEditIn(Schema):
    employer_id: int | None = None
    team: str | None = Field(None, max_length=rules.TEAM_MAX)
    workers: int | None = Field(None, ge=0, le=rules.WORKERS_MAX)
    result: str | None = Field(None, max_length=rules.RESULT_MAX)


class ContestantOut(Schema):
    id: int
    competition_id: int
    event: str = Field(alias="event.name")
    member_id: int | None
    name: str
    ric_last4: str
    employer_id: int | None
    union_id: int | None
    score: Decimal | None
    rank: int | None
    prize: str
    sent_on: bool
    next_result: str
    next_rank: int | None


class ContestantIn(Schema):
    event: str = Field(max_length=rules.EVENT_MAX, description="工种或项目名称")
    member_id: int | None = Field(None, description="会员；非会员填 name、ric、employer_id")
    name: str = Field("", max_length=rules.PERSON_MAX)
    ric: str = Field("", max_length=18)
    employer_id: int | None = None
    score: Decimal | None = Field(None, ge=rules.SCORE_MIN, le=rules.SCORE_MAX)
    rank: int | None = Field(None, ge=1, le=rules.RANK_MAX)
    prize: str = Field("", max_length=rules.PRIZE_MAX)
    sent_on: bool = False
    next_result: str = Field("", max_length=rules.RESULT_MAX)
    next_rank: int | None = Field(None, ge=1, le=rules.RANK_MAX)


class ContestantEditIn(Schema):
    event: str | None = Field(None, max_length=rules.EVENT_MAX)
    name: str | None = Field(None, max_length=rules.PERSON_MAX)
    ric: str | None = Field(None, max_length=18)
    employer_id: int | None = None
    score: Decimal | None = Field(None, ge=rules.SCORE_MIN, le=rules.SCORE_MAX)
    rank: int | None = Field(None, ge=1, le=rules.RANK_MAX)
    prize: str | None = Field(None, max_length=rules.PRIZE_MAX)
    sent_on: bool | None = None
    next_result: str | None = Field(None, max_length=rules.RESULT_MAX)
    next_rank: int | None = Field(None, ge=1, le=rules.RANK_MAX)


class RanksOut(Schema):
    changed: int
