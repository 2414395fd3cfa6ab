"""API inputs of delegations: the delegation, events, athletes (several members at once)
and prizes. Every field is bounded; `version` is the delegation's, as read."""

import datetime

from ninja import Field, Schema

from ..rules import delegations as rules


class DelegationIn(Schema):
    name: str = Field(max_length=rules.NAME_MAX)
    event_name: str = Field(max_length=rules.NAME_MAX, description="赛事名称")
    host: str = Field(max_length=rules.HOST_MAX, description="主办单位")
    year: int = Field(ge=rules.YEAR_MIN, le=rules.YEAR_MAX)
    starts_on: datetime.date
    ends_on: datetime.date | None = None
    note: str = Field("", max_length=2000)


class DelegationCreateIn(DelegationIn):
    events: list[str] = Field(
        default_factory=list, max_length=rules.EVENTS_MAX, description="比赛项目名称"
    )


class DelegationEditIn(DelegationIn):
    version: int


class EventsIn(Schema):
    version: int | None = None
    names: list[str] = Field(min_length=1, max_length=rules.EVENTS_MAX)


class EventRenameIn(Schema):
    version: int | None = None
    name: str = Field(max_length=rules.EVENT_MAX)


class AthletesIn(Schema):
    version: int | None = None
    member_ids: list[int] = Field(min_length=1, max_length=500, description="会员编号")
    event_ids: list[int] = Field(default_factory=list, max_length=rules.EVENTS_MAX)


class AthleteEventsIn(Schema):
    version: int | None = None
    event_ids: list[int] = Field(default_factory=list, max_length=rules.EVENTS_MAX)


class PrizeIn(Schema):
    version: int | None = None
    event_id: int
    athlete_id: int | None = Field(None, description="获奖运动员；不填为团体奖项")
    prize: str = Field(max_length=rules.PRIZE_MAX)
