"""Honors API under /api/v1/merit/: types, rounds and their actions, nominations and their
workflow, objections, honors (荣誉名录). Same services, queries and scope as the pages."""

import datetime

from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from gonghui.core.errors import ApplicationError
from gonghui.core.lists import CappedPagination
from gonghui.core.permissions import require
from gonghui.core.scope import access
from gonghui.core.workflow_api import add_action_endpoint
from gonghui.members.models import Member
from gonghui.orgs.models import Employer, Organization

from ..models import HonorType
from ..queries import honors as queries
from ..schemas.honors import (
    HonorIn,
    HonorTypeEditIn,
    HonorTypeIn,
    NominationIn,
    ObjectionIn,
    ResolveIn,
    RoundIn,
)
from ..services import honors as services
from ..workflow import NOMINATION_WORKFLOW, ROUND_WORKFLOW

router = Router()


class ShareOut(Schema):
    category: str
    bound: str
    percent: int


class HonorTypeOut(Schema):
    id: int
    name: str
    level: str
    subject: str
    conferred_by: str
    notice_workdays: int
    confers_model_worker: bool
    is_commendation: bool
    criteria: str
    order: int
    is_active: bool
    version: int
    shares: list[ShareOut]

    @staticmethod
    def resolve_shares(obj) -> list[dict]:
        return [
            {"category": s.category, "bound": s.bound, "percent": s.percent}
            for s in obj.shares.all()
        ]


class ShareCheckOut(Schema):
    category: str
    bound: str
    percent: int
    total: int
    actual: int
    required: int
    actual_percent: float
    shortfall: int
    met: bool
    text: str


class RoundOut(Schema):
    id: int
    honor_type_id: int
    year: int
    name: str
    organizer_id: int
    quota: int | None
    nominations_close_on: datetime.date | None
    state: str
    notice_from: datetime.date | None
    notice_until: datetime.date | None
    awarded_on: datetime.date | None
    document_no: str
    note: str
    version: int


class RoundDetailOut(RoundOut):
    shares: list[ShareCheckOut]

    @staticmethod
    def resolve_shares(obj) -> list[dict]:
        return [{**s.__dict__, "met": s.met, "text": s.text} for s in queries.share_check(obj)]


class NominationOut(Schema):
    id: int
    round_id: int
    union_id: int
    member_id: int | None
    name: str
    ric_last4: str
    employer_id: int | None
    organization_id: int | None
    position: str
    categories: list[str]
    deeds: str
    state: str
    upward_outcome: str
    decision_note: str
    version: int


class ObjectionOut(Schema):
    id: int
    nomination_id: int
    channel: str
    received_on: datetime.date
    person_name: str
    phone_last4: str
    content: str
    state: str
    resolution: str
    resolved_on: datetime.date | None
    version: int


class HonorOut(Schema):
    id: int
    honor_type_id: int
    honor_type: str
    level: str
    year: int
    awarded_on: datetime.date | None
    nomination_id: int | None
    member_id: int | None
    name: str
    employer_id: int | None
    organization_id: int | None
    union_id: int | None
    document_no: str

    @staticmethod
    def resolve_honor_type(obj) -> str:
        return obj.honor_type.name

    @staticmethod
    def resolve_level(obj) -> str:
        return obj.honor_type.level


class RoundFilters(Schema):
    year: int | None = Field(None, ge=1900, le=2100)
    honor_type: int | None = None
    level: str = Field("", max_length=20)
    state: str = Field("", max_length=20)
    organizer: int | None = None


class NominationFilters(Schema):
    org: int | None = Field(None, description="组织编号：该组织及其下级推荐的对象")
    round: int | None = None
    year: int | None = Field(None, ge=1900, le=2100)
    state: str = Field("", max_length=20)
    union: int | None = None
    category: str = Field("", max_length=20)
    name: str = Field("", max_length=50)


class HonorFilters(Schema):
    org: int | None = None
    year: int | None = Field(None, ge=1900, le=2100)
    honor_type: int | None = None
    level: str = Field("", max_length=20)
    subject: str = Field("", max_length=20)
    commendation: bool | None = Field(None, description="true：仅通报表扬；false：不含通报表扬")
    title: str = Field("", max_length=60, description="荣誉名称含")
    awarded_from: datetime.date | None = Field(None, description="授予日期不早于（无日期的不列）")
    awarded_to: datetime.date | None = Field(None, description="授予日期不晚于（无日期的不列）")
    town: int | None = None
    name: str = Field("", max_length=50)


class ObjectionFilters(Schema):
    state: str = Field("", max_length=20)
    round: int | None = None


def _row(model, request, pk: int | None, field: str):
    return access(model, request.user, pk, field=field) if pk else None


def _type(pk: int, field: str = "honor_type_id", user=None) -> HonorType:
    rows = queries.types_visible(user) if user is not None else HonorType.objects.all()
    found = rows.filter(pk=pk).first()
    if found is None:
        raise ApplicationError(f"{field} 所指的荣誉类型不存在。", field=field)
    return found


# ---- types -----------------------------------------------------------------------------------


@router.get("/merit/types", response=list[HonorTypeOut])
def list_types(request):
    require(request.user, services.VIEW)
    visible = queries.types_visible(request.user).values("pk")
    return list(queries.type_list().filter(pk__in=visible))


@router.post("/merit/types", response={201: HonorTypeOut})
def create_type(request, payload: HonorTypeIn):
    data = payload.dict(exclude={"shares"})
    shares = [(s.category, s.bound, s.percent) for s in payload.shares]
    return 201, services.type_create(actor=request.user, shares=shares, **data)


@router.put("/merit/types/{type_id}", response=HonorTypeOut)
def update_type(request, type_id: int, payload: HonorTypeEditIn):
    require(request.user, services.TYPES)
    honor_type = _type(type_id, "type_id")
    data = payload.dict(exclude={"shares", "version"})
    shares = [(s.category, s.bound, s.percent) for s in payload.shares]
    return services.type_update(
        actor=request.user, honor_type=honor_type, version=payload.version, shares=shares, **data
    )


# ---- rounds ----------------------------------------------------------------------------------


@router.get("/merit/rounds", response=list[RoundOut])
@paginate(CappedPagination, page_size=100)
def list_rounds(request, filters: Query[RoundFilters]):
    require(request.user, services.VIEW)
    return queries.round_list(user=request.user, filters=filters.dict())


@router.get("/merit/rounds/{round_id}", response=RoundDetailOut)
def get_round(request, round_id: int):
    return queries.round_get(user=request.user, pk=round_id)


@router.post("/merit/rounds", response={201: RoundOut})
def create_round(request, payload: RoundIn):
    require(request.user, services.ROUNDS)
    return 201, services.round_create(
        actor=request.user,
        honor_type=_type(payload.honor_type_id, user=request.user),
        year=payload.year,
        organizer=_row(Organization, request, payload.organizer_id, "organizer_id"),
        name=payload.name,
        quota=payload.quota,
        nominations_close_on=payload.nominations_close_on,
        note=payload.note,
    )


add_action_endpoint(router, "/merit/rounds/{pk}/actions", ROUND_WORKFLOW, RoundOut)


# ---- nominations -----------------------------------------------------------------------------


@router.get("/merit/nominations", response=list[NominationOut])
@paginate(CappedPagination, page_size=100)
def list_nominations(request, filters: Query[NominationFilters]):
    require(request.user, services.VIEW)
    return queries.nomination_list(user=request.user, filters=filters.dict())


@router.get("/merit/nominations/{nomination_id}", response=NominationOut)
def get_nomination(request, nomination_id: int):
    return queries.nomination_get(user=request.user, pk=nomination_id)


@router.post("/merit/nominations", response={201: NominationOut})
def create_nomination(request, payload: NominationIn):
    require(request.user, services.NOMINATE)
    try:
        round = queries.round_get(user=request.user, pk=payload.round_id)
    except Exception as exc:  # a 404 of the page's read: said on the field
        raise ApplicationError(
            "round_id 所指的评选不存在或不在您的范围内。", field="round_id"
        ) from exc
    return 201, services.nomination_create(
        actor=request.user,
        round=round,
        union=_row(Organization, request, payload.union_id, "union_id"),
        member=_row(Member, request, payload.member_id, "member_id"),
        name=payload.name,
        ric=payload.ric,
        employer=_row(Employer, request, payload.employer_id, "employer_id"),
        organization=_row(Organization, request, payload.organization_id, "organization_id"),
        position=payload.position,
        categories=payload.categories,
        deeds=payload.deeds,
    )


add_action_endpoint(router, "/merit/nominations/{pk}/actions", NOMINATION_WORKFLOW, NominationOut)


# ---- objections ------------------------------------------------------------------------------


@router.get("/merit/objections", response=list[ObjectionOut])
@paginate(CappedPagination, page_size=100)
def list_objections(request, filters: Query[ObjectionFilters]):
    require(request.user, services.VIEW)
    return queries.objection_list(user=request.user, filters=filters.dict())


@router.post("/merit/objections", response={201: ObjectionOut})
def create_objection(request, payload: ObjectionIn):
    require(request.user, services.OBJECTIONS)
    nomination = queries.nomination_get(user=request.user, pk=payload.nomination_id)
    data = payload.dict(exclude={"nomination_id"})
    return 201, services.objection_record(actor=request.user, nomination=nomination, **data)


@router.post("/merit/objections/{objection_id}/resolve", response=ObjectionOut)
def resolve_objection(request, objection_id: int, payload: ResolveIn):
    objection = queries.objection_get(
        user=request.user, pk=objection_id, action=services.OBJECTIONS
    )
    return services.objection_resolve(actor=request.user, objection=objection, **payload.dict())


# ---- honors ----------------------------------------------------------------------------------


@router.get("/merit/honors", response=list[HonorOut])
@paginate(CappedPagination, page_size=100)
def list_honors(request, filters: Query[HonorFilters]):
    require(request.user, services.VIEW)
    return queries.honor_list(user=request.user, filters=filters.dict())


@router.post("/merit/honors", response={201: HonorOut})
def record_honor(request, payload: HonorIn):
    require(request.user, services.RECORD)
    return 201, services.honor_record(
        actor=request.user,
        honor_type=_type(payload.honor_type_id, user=request.user),
        year=payload.year,
        awarded_on=payload.awarded_on,
        member=_row(Member, request, payload.member_id, "member_id"),
        name=payload.name,
        employer=_row(Employer, request, payload.employer_id, "employer_id"),
        organization=_row(Organization, request, payload.organization_id, "organization_id"),
        union=_row(Organization, request, payload.union_id, "union_id"),
        document_no=payload.document_no,
    )
