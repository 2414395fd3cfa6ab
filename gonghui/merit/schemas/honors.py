"""API inputs of honors (MERIT-1): the workflows' transitions (named in workflow.py), a type
with its shares, a round, a nomination, an objection, an honor recorded. Every field is
bounded; rows come as ids, turned into rows through the data scope by the endpoints."""

import datetime

from ninja import Field, Schema

from gonghui.core.workflow_api import VersionIn


class NoteIn(VersionIn):
    note: str = Field("", max_length=300)


class ReasonIn(VersionIn):
    reason: str = Field(..., min_length=1, max_length=300)


class OutcomeIn(VersionIn):
    outcome: str = Field(..., max_length=20, description="awarded（获评）或 not_awarded（未获评）")
    awarded_on: datetime.date | None = None
    document_no: str = Field("", max_length=60)


class NoticeIn(VersionIn):
    starts_on: datetime.date | None = Field(None, description="公示开始日期（默认今天）")


class AwardIn(VersionIn):
    document_no: str = Field(..., min_length=1, max_length=60)
    awarded_on: datetime.date | None = None


class ShareIn(Schema):
    category: str = Field(max_length=20)
    bound: str = Field("min", max_length=3, description="min（不少于）或 max（不超过）")
    percent: int = Field(ge=0, le=100)


class HonorTypeIn(Schema):
    name: str = Field(max_length=60)
    level: str = Field(max_length=20)
    subject: str = Field(max_length=20)
    conferred_by: str = Field(max_length=60)
    notice_workdays: int = Field(5, ge=1, le=30)
    confers_model_worker: bool = False
    is_commendation: bool = False
    criteria: str = Field("", max_length=2000)
    order: int = Field(100, ge=0, le=32767)
    is_active: bool = True
    shares: list[ShareIn] = Field(default_factory=list, max_length=10)


class HonorTypeEditIn(HonorTypeIn):
    version: int


class RoundIn(Schema):
    honor_type_id: int
    year: int = Field(ge=1990, le=2100)
    organizer_id: int | None = Field(None, description="默认本人所在组织")
    name: str = Field("", max_length=100)
    quota: int | None = Field(None, ge=1)
    nominations_close_on: datetime.date | None = None
    note: str = Field("", max_length=2000)


class NominationIn(Schema):
    round_id: int
    union_id: int | None = Field(None, description="推荐工会，默认本人所在组织")
    member_id: int | None = None
    name: str = Field("", max_length=100)
    ric: str = Field("", max_length=18, description="非会员个人的身份证号")
    employer_id: int | None = None
    organization_id: int | None = None
    position: str = Field("", max_length=60)
    categories: list[str] = Field(default_factory=list, max_length=7)
    deeds: str = Field(max_length=5000)


class ObjectionIn(Schema):
    nomination_id: int
    channel: str = Field(max_length=20, description="letter、phone、visit")
    received_on: datetime.date | None = None
    person_name: str = Field(max_length=50)
    phone: str = Field(max_length=20)
    content: str = Field(max_length=3000)


class ResolveIn(VersionIn):
    upheld: bool
    resolution: str = Field(..., min_length=1, max_length=3000)


class HonorIn(Schema):
    honor_type_id: int
    year: int = Field(ge=1949, le=2100)
    awarded_on: datetime.date | None = None
    member_id: int | None = None
    name: str = Field("", max_length=100)
    employer_id: int | None = None
    organization_id: int | None = None
    union_id: int | None = None
    document_no: str = Field("", max_length=60)
