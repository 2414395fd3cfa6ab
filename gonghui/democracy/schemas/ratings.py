"""API inputs of the harmonious-relations rating (DEMO-3): the workflows' transitions (named
in workflow/ratings.py), a round, a line of its sheet, an application, scores, an award
nomination, an objection. Every field is bounded; rows come as ids, turned into rows through
the data scope by the endpoints."""

import datetime

from ninja import Field, Schema

from gonghui.core.workflow_api import VersionIn


class NoteIn(VersionIn):
    note: str = Field("", max_length=300)


class ReasonIn(VersionIn):
    reason: str = Field(..., min_length=1, max_length=300)


class NoticeIn(VersionIn):
    starts_on: datetime.date | None = Field(None, description="公示开始日期（默认今天）")


class CloseIn(VersionIn):
    document_no: str = Field(..., min_length=1, max_length=60)
    decided_on: datetime.date | None = Field(None, description="公布日期（默认今天）")


class RoundIn(Schema):
    year: int = Field(ge=1990, le=2100)
    organizer_id: int | None = Field(None, description="默认本人所在组织")
    name: str = Field("", max_length=100)
    applications_close_on: datetime.date | None = None
    notice_workdays: int = Field(5, ge=1, le=30)
    valid_years: int = Field(3, ge=1, le=5)
    min_score_a: int = Field(80, ge=1, le=1000)
    min_score_aa: int = Field(90, ge=1, le=1000)
    min_score_aaa: int = Field(95, ge=1, le=1000)
    note: str = Field("", max_length=2000)


class RoundEditIn(Schema):
    version: int
    name: str | None = Field(None, max_length=100)
    applications_close_on: datetime.date | None = None
    notice_workdays: int | None = Field(None, ge=1, le=30)
    valid_years: int | None = Field(None, ge=1, le=5)
    min_score_a: int | None = Field(None, ge=1, le=1000)
    min_score_aa: int | None = Field(None, ge=1, le=1000)
    min_score_aaa: int | None = Field(None, ge=1, le=1000)
    note: str | None = Field(None, max_length=2000)


class CriterionIn(Schema):
    text: str = Field(max_length=200)
    max_points: int = Field(ge=1, le=100)
    source: str = Field("", max_length=30, description="留空为人工评分")
    order: int | None = Field(None, ge=0, le=999)


class ApplicationIn(Schema):
    round_id: int
    employer_id: int
    level_applied: str = Field(max_length=3, description="A、AA 或 AAA")
    summary: str = Field("", max_length=5000)


class ScoreIn(Schema):
    criterion_id: int
    points: int = Field(ge=0, le=100)


class ScoresIn(Schema):
    version: int
    scores: list[ScoreIn] = Field(default_factory=list, max_length=50)
    note: str = Field("", max_length=300)


class AwardIn(Schema):
    round_id: int
    kind: str = Field(max_length=30, description="caring_employer 或 devoted_employee")
    employer_id: int | None = None
    member_id: int | None = None
    name: str = Field("", max_length=50)
    position: str = Field("", max_length=60)
    deeds: str = Field(max_length=5000)


class ObjectionIn(Schema):
    application_id: int
    channel: str = Field(max_length=20, description="letter、phone、visit")
    received_on: datetime.date | None = None
    person_name: str = Field(max_length=50)
    phone: str = Field(max_length=20)
    content: str = Field(max_length=3000)


class ResolveIn(VersionIn):
    upheld: bool
    resolution: str = Field(..., min_length=1, max_length=3000)
