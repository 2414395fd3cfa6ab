"""Activities API (/api/v1/activities/...): activities (list with the page's filters, one,
create, edit with the version read, the state actions), registrations (list, several
members at once, cancel, check-in, result). Same services, queries and scope as the pages."""

import datetime

from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from gonghui.core.forms import YEAR_MAX, YEAR_MIN
from gonghui.core.lists import CappedPagination
from gonghui.core.permissions import require
from gonghui.core.scope import access
from gonghui.members.models import Member
from gonghui.orgs.models import Organization

from ..queries import activities as queries
from ..schemas.activities import (
    ActivityEditIn,
    ActivityIn,
    CancelIn,
    RegistrationsIn,
    ResultIn,
    TransitionIn,
)
from ..services import activities as services

router = Router()


class ActivityOut(Schema):
    id: int
    kind: str
    name: str
    organizer_id: int
    year: int
    starts_at: datetime.datetime
    ends_at: datetime.datetime | None
    place: str
    capacity: int | None
    registration_opens_on: datetime.date | None
    registration_closes_on: datetime.date | None
    member_registration: bool
    state: str
    description: str
    version: int
    confirmed_count: int = 0
    waitlisted_count: int = 0
    checked_in_count: int = 0


class RegistrationOut(Schema):
    id: int
    activity_id: int
    member_id: int
    name: str
    union_id: int
    source: str
    state: str
    position: int
    registered_at: datetime.datetime
    checked_in_at: datetime.datetime | None
    result: str
    prize: str
    version: int

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.member.name


class ActivityFilters(Schema):
    year: int | None = Field(None, ge=YEAR_MIN, le=YEAR_MAX)
    kind: str = Field("", max_length=20)
    state: str = Field("", max_length=20)
    organizer: int | None = Field(None, description="主办工会编号")
    name: str = Field("", max_length=60)
    held: bool | None = Field(None, description="true：已举办（非筹备中、未取消）")
    starts_from: datetime.date | None = Field(None, description="开始日期起")
    starts_to: datetime.date | None = Field(None, description="开始日期止")
    org: int | None = Field(None, description="组织编号：该组织及其下级主办的活动")


class RegistrationFilters(Schema):
    activity: int | None = None
    state: str = Field("", max_length=20)
    union: int | None = None
    checked_in: str = Field("", max_length=3, description="yes / no")
    year: int | None = Field(None, ge=YEAR_MIN, le=YEAR_MAX, description="活动年度")
    held: bool | None = Field(None, description="true：活动已举办（非筹备中、未取消）")
    starts_from: datetime.date | None = Field(None, description="活动开始日期起")
    starts_to: datetime.date | None = Field(None, description="活动开始日期止")
    org: int | None = Field(None, description="组织编号：该组织及其下级会员的报名")


def _organizer(request, organizer_id: int) -> Organization:
    return access(Organization, request.user, organizer_id, field="organizer_id")


def _activity(request, activity_id: int):
    return queries.activity_get(user=request.user, pk=activity_id)


def _registration(request, registration_id: int):
    return queries.registration_get(user=request.user, pk=registration_id)


@router.get("/activities/activities", response=list[ActivityOut])
@paginate(CappedPagination, page_size=100)
def list_activities(request, filters: Query[ActivityFilters]):
    require(request.user, queries.VIEW)
    return queries.activity_list(user=request.user, filters=filters.dict())


@router.get("/activities/activities/{activity_id}", response=ActivityOut)
def get_activity(request, activity_id: int):
    return _activity(request, activity_id)


@router.post("/activities/activities", response={201: ActivityOut})
def create_activity(request, payload: ActivityIn):
    require(request.user, queries.MANAGE)
    data = payload.dict(exclude={"organizer_id"})
    made = services.activity_create(
        actor=request.user, organizer=_organizer(request, payload.organizer_id), **data
    )
    return 201, _activity(request, made.pk)


@router.put("/activities/activities/{activity_id}", response=ActivityOut)
def update_activity(request, activity_id: int, payload: ActivityEditIn):
    activity = queries.activity_get(user=request.user, pk=activity_id, action=queries.MANAGE)
    data = payload.dict(exclude={"organizer_id", "version"})
    services.activity_update(
        actor=request.user,
        activity=activity,
        version=payload.version,
        organizer=_organizer(request, payload.organizer_id),
        **data,
    )
    return _activity(request, activity_id)


@router.post("/activities/activities/{activity_id}/actions/{action}", response=ActivityOut)
def act_on_activity(request, activity_id: int, action: str, payload: TransitionIn):
    """publish, close, reopen, finish, cancel (cancel needs a reason)."""
    activity = queries.activity_get(user=request.user, pk=activity_id, action=queries.MANAGE)
    services.activity_transition(
        actor=request.user,
        activity=activity,
        action=action,
        version=payload.version,
        reason=payload.reason,
    )
    return _activity(request, activity_id)


@router.get("/activities/registrations", response=list[RegistrationOut])
@paginate(CappedPagination, page_size=100)
def list_registrations(request, filters: Query[RegistrationFilters]):
    require(request.user, queries.VIEW)
    return queries.registration_list(user=request.user, filters=filters.dict())


@router.post(
    "/activities/activities/{activity_id}/registrations", response={201: list[RegistrationOut]}
)
def create_registrations(request, activity_id: int, payload: RegistrationsIn):
    """Several members at once, all or none; each confirmed or waitlisted as places allow."""
    require(request.user, queries.REGISTER)
    activity = _activity(request, activity_id)
    members = [access(Member, request.user, pk, field="member_ids") for pk in payload.member_ids]
    return 201, services.register_members(actor=request.user, activity=activity, members=members)


@router.get("/activities/registrations/{registration_id}", response=RegistrationOut)
def get_registration(request, registration_id: int):
    return _registration(request, registration_id)


@router.post("/activities/registrations/{registration_id}/cancel", response=RegistrationOut)
def cancel_registration(request, registration_id: int, payload: CancelIn):
    row = _registration(request, registration_id)
    return services.registration_cancel(
        actor=request.user, registration=row, version=payload.version
    )


@router.post("/activities/registrations/{registration_id}/check-in", response=RegistrationOut)
def check_in(request, registration_id: int):
    row = _registration(request, registration_id)
    return services.check_in(actor=request.user, registration=row)


@router.post("/activities/registrations/{registration_id}/result", response=RegistrationOut)
def record_result(request, registration_id: int, payload: ResultIn):
    row = _registration(request, registration_id)
    return services.record_result(
        actor=request.user,
        registration=row,
        version=payload.version,
        result=payload.result,
        prize=payload.prize,
    )
