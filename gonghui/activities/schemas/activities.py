"""API inputs of activities and registrations (MERIT-4). Every field is bounded."""

import datetime

from ninja import Field, Schema

from gonghui.core.workflow_api import VersionIn


class ActivityIn(Schema):
    kind: str = Field(max_length=20, description="活动类型（ActivityKind）")
    name: str = Field(max_length=120)
    organizer_id: int = Field(description="主办工会：本单位或下级")
    starts_at: datetime.datetime
    ends_at: datetime.datetime | None = None
    place: str = Field("", max_length=150)
    capacity: int | None = Field(None, ge=1, le=100000, description="名额；不限则为空")
    registration_opens_on: datetime.date | None = None
    registration_closes_on: datetime.date | None = None
    member_registration: bool = True
    description: str = Field("", max_length=5000)


class ActivityEditIn(ActivityIn):
    version: int


class TransitionIn(VersionIn):
    reason: str = Field("", max_length=300, description="取消活动时必填")


class RegistrationsIn(Schema):
    member_ids: list[int] = Field(min_length=1, max_length=200, description="会员编号")


class CancelIn(Schema):
    version: int | None = None


class ResultIn(VersionIn):
    result: str = Field("", max_length=100)
    prize: str = Field("", max_length=60)
