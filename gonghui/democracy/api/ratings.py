"""Ratings API under /api/v1/democracy/ (DEMO-3): rounds and their actions, the scoring
sheet, applications with their scores and workflow, objections, awards and their workflow,
the employers holding a valid rating. Same services, queries and scope as the pages."""

import datetime

from django.http import Http404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from gonghui.core.lists import CappedPagination
from gonghui.core.permissions import require
from gonghui.core.scope import NotInScope, access
from gonghui.core.workflow_api import add_action_endpoint
from gonghui.members.models import Member
from gonghui.orgs.models import Employer, Organization

from ..models import RatingApplication
from ..queries import ratings as queries
from ..schemas.ratings import (
    ApplicationIn,
    AwardIn,
    CriterionIn,
    ObjectionIn,
    ResolveIn,
    RoundEditIn,
    RoundIn,
    ScoresIn,
)
from ..services import ratings as services
from ..workflow.ratings import APPLICATION_WORKFLOW, AWARD_WORKFLOW, ROUND_WORKFLOW

router = Router()
P = "/democracy/ratings"


class CriterionOut(Schema):
    id: int
    order: int
    text: str
    max_points: int
    source: str


class RoundOut(Schema):
    id: int
    year: int
    name: str
    organizer_id: int
    state: str
    applications_close_on: datetime.date | None
    notice_workdays: int
    notice_from: datetime.date | None
    notice_until: datetime.date | None
    decided_on: datetime.date | None
    valid_years: int
    min_score_a: int
    min_score_aa: int
    min_score_aaa: int
    document_no: str
    note: str
    version: int


class RoundDetailOut(RoundOut):
    criteria: list[CriterionOut]

    @staticmethod
    def resolve_criteria(obj) -> list:
        return queries.round_criteria(obj)


class ScoreOut(Schema):
    criterion_id: int
    text: str
    max_points: int
    points: int
    from_records: bool
    source_note: str

    @staticmethod
    def resolve_text(obj) -> str:
        return obj.criterion.text

    @staticmethod
    def resolve_max_points(obj) -> int:
        return obj.criterion.max_points


class ApplicationOut(Schema):
    id: int
    round_id: int
    employer_id: int
    employer: str
    union_id: int
    level_applied: str
    summary: str
    state: str
    total_score: int | None
    level: str
    valid_until: datetime.date | None
    decision_note: str
    version: int

    @staticmethod
    def resolve_employer(obj) -> str:
        return obj.employer.name


class ApplicationDetailOut(ApplicationOut):
    scores: list[ScoreOut]

    @staticmethod
    def resolve_scores(obj) -> list:
        return queries.application_scores(obj)


class ObjectionOut(Schema):
    id: int
    application_id: int
    channel: str
    received_on: datetime.date
    person_name: str
    phone_last4: str
    content: str
    state: str
    resolution: str
    resolved_on: datetime.date | None
    version: int


class AwardOut(Schema):
    id: int
    round_id: int
    kind: str
    union_id: int
    employer_id: int
    member_id: int | None
    name: str
    position: str
    deeds: str
    state: str
    decision_note: str
    version: int


class RoundFilters(Schema):
    year: int | None = Field(None, ge=1900, le=2100)
    state: str = Field("", max_length=20)
    organizer: int | None = None


class ApplicationFilters(Schema):
    org: int | None = Field(None, description="组织编号：该组织及其下级工会的申报")
    round: int | None = None
    year: int | None = Field(None, ge=1900, le=2100)
    state: str = Field("", max_length=20)
    level: str = Field("", max_length=3)
    decided_from: datetime.date | None = Field(None, description="公布日期不早于")
    decided_to: datetime.date | None = Field(None, description="公布日期不晚于")
    town: int | None = None
    name: str = Field("", max_length=50)


class RatedFilters(Schema):
    org: int | None = None
    level: str = Field("", max_length=3)
    year: int | None = Field(None, ge=1900, le=2100)
    on: datetime.date | None = Field(None, description="有效日期（默认今天）")
    town: int | None = None
    name: str = Field("", max_length=50)


class AwardFilters(Schema):
    org: int | None = None
    round: int | None = None
    year: int | None = Field(None, ge=1900, le=2100)
    kind: str = Field("", max_length=30)
    state: str = Field("", max_length=20)
    decided_from: datetime.date | None = Field(None, description="公布日期不早于")
    decided_to: datetime.date | None = Field(None, description="公布日期不晚于")
    town: int | None = None
    name: str = Field("", max_length=50)


class ObjectionFilters(Schema):
    state: str = Field("", max_length=20)
    round: int | None = None


def _row(model, request, pk: int | None, field: str):
    return access(model, request.user, pk, field=field) if pk else None


def _round(request, pk: int, field: str = "round_id"):
    try:
        return queries.round_get(user=request.user, pk=pk)
    except Http404 as exc:  # a 404 of the page's read: said on the field
        raise NotInScope(f"{field} 所指的评定不存在或不在您的范围内。", field=field) from exc


# ---- rounds and the sheet --------------------------------------------------------------------


@router.get(P, response=list[RoundOut])
@paginate(CappedPagination, page_size=100)
def list_rounds(request, filters: Query[RoundFilters]):
    require(request.user, services.VIEW)
    return queries.round_list(user=request.user, filters=filters.dict())


@router.get(P + "/{round_id}", response=RoundDetailOut)
def get_round(request, round_id: int):
    return queries.round_get(user=request.user, pk=round_id)


@router.post(P, response={201: RoundDetailOut})
def create_round(request, payload: RoundIn):
    require(request.user, services.MANAGE)
    data = payload.dict(exclude={"organizer_id"})
    organizer = _row(Organization, request, payload.organizer_id, "organizer_id")
    return 201, services.round_create(actor=request.user, organizer=organizer, **data)


@router.put(P + "/{round_id}", response=RoundDetailOut)
def edit_round(request, round_id: int, payload: RoundEditIn):
    round = queries.round_get(user=request.user, pk=round_id, action=services.MANAGE)
    changes = {k: v for k, v in payload.dict(exclude={"version"}).items() if v is not None}
    return services.round_update(
        actor=request.user, round=round, version=payload.version, **changes
    )


@router.post(P + "/{round_id}/criteria", response={201: CriterionOut})
def add_criterion(request, round_id: int, payload: CriterionIn):
    round = queries.round_get(user=request.user, pk=round_id, action=services.MANAGE)
    return 201, services.criterion_save(actor=request.user, round=round, **payload.dict())


def _criterion(round, criterion_id: int):
    found = round.criteria.filter(pk=criterion_id).first()
    if found is None:
        raise NotInScope("criterion_id 所指的评分标准不存在。", field="criterion_id")
    return found


@router.put(P + "/{round_id}/criteria/{criterion_id}", response=CriterionOut)
def edit_criterion(request, round_id: int, criterion_id: int, payload: CriterionIn):
    round = queries.round_get(user=request.user, pk=round_id, action=services.MANAGE)
    return services.criterion_save(
        actor=request.user, round=round, criterion=_criterion(round, criterion_id), **payload.dict()
    )


@router.delete(P + "/{round_id}/criteria/{criterion_id}", response={204: None})
def remove_criterion(request, round_id: int, criterion_id: int):
    round = queries.round_get(user=request.user, pk=round_id, action=services.MANAGE)
    services.criterion_remove(
        actor=request.user, round=round, criterion=_criterion(round, criterion_id)
    )
    return 204, None


add_action_endpoint(router, P + "/{pk}/actions", ROUND_WORKFLOW, RoundOut)


# ---- applications ----------------------------------------------------------------------------

A = "/democracy/rating-applications"


@router.get(A, response=list[ApplicationOut])
@paginate(CappedPagination, page_size=100)
def list_applications(request, filters: Query[ApplicationFilters]):
    require(request.user, services.VIEW)
    return queries.application_list(user=request.user, filters=filters.dict())


@router.get(A + "/{application_id}", response=ApplicationDetailOut)
def get_application(request, application_id: int):
    return queries.application_get(user=request.user, pk=application_id)


@router.post(A, response={201: ApplicationDetailOut})
def create_application(request, payload: ApplicationIn):
    require(request.user, services.APPLY)
    return 201, services.application_create(
        actor=request.user,
        round=_round(request, payload.round_id),
        employer=_row(Employer, request, payload.employer_id, "employer_id"),
        level_applied=payload.level_applied,
        summary=payload.summary,
    )


@router.put(A + "/{application_id}/scores", response=ApplicationDetailOut)
def score_application(request, application_id: int, payload: ScoresIn):
    application = queries.application_get(user=request.user, pk=application_id)
    points = {s.criterion_id: s.points for s in payload.scores}
    return services.application_score(
        actor=request.user,
        application=application,
        version=payload.version,
        points=points,
        note=payload.note,
    )


add_action_endpoint(router, A + "/{pk}/actions", APPLICATION_WORKFLOW, ApplicationOut)


@router.get("/democracy/rated-employers", response=list[ApplicationOut])
@paginate(CappedPagination, page_size=100)
def list_rated(request, filters: Query[RatedFilters]):
    require(request.user, services.VIEW)
    return queries.rated_list(user=request.user, filters=filters.dict())


# ---- objections ------------------------------------------------------------------------------

O = "/democracy/rating-objections"  # noqa: E741


@router.get(O, response=list[ObjectionOut])
@paginate(CappedPagination, page_size=100)
def list_objections(request, filters: Query[ObjectionFilters]):
    require(request.user, services.VIEW)
    return queries.objection_list(user=request.user, filters=filters.dict())


@router.post(O, response={201: ObjectionOut})
def create_objection(request, payload: ObjectionIn):
    require(request.user, services.OBJECTIONS)
    application = access(
        RatingApplication, request.user, payload.application_id, field="application_id"
    )
    data = payload.dict(exclude={"application_id"})
    return 201, services.objection_record(actor=request.user, application=application, **data)


@router.post(O + "/{objection_id}/resolve", response=ObjectionOut)
def resolve_objection(request, objection_id: int, payload: ResolveIn):
    objection = queries.objection_get(
        user=request.user, pk=objection_id, action=services.OBJECTIONS
    )
    return services.objection_resolve(actor=request.user, objection=objection, **payload.dict())


# ---- awards ----------------------------------------------------------------------------------

W = "/democracy/rating-awards"


@router.get(W, response=list[AwardOut])
@paginate(CappedPagination, page_size=100)
def list_awards(request, filters: Query[AwardFilters]):
    require(request.user, services.VIEW)
    return queries.award_list(user=request.user, filters=filters.dict())


@router.get(W + "/{award_id}", response=AwardOut)
def get_award(request, award_id: int):
    return queries.award_get(user=request.user, pk=award_id)


@router.post(W, response={201: AwardOut})
def create_award(request, payload: AwardIn):
    require(request.user, services.APPLY)
    return 201, services.award_create(
        actor=request.user,
        round=_round(request, payload.round_id),
        kind=payload.kind,
        employer=_row(Employer, request, payload.employer_id, "employer_id"),
        member=_row(Member, request, payload.member_id, "member_id"),
        name=payload.name,
        position=payload.position,
        deeds=payload.deeds,
    )


add_action_endpoint(router, W + "/{pk}/actions", AWARD_WORKFLOW, AwardOut)
