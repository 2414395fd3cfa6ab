"""API for members, transfers and online joining. Same services, queries and scope as the pages.

RIC and phone are masked in every answer; the full values come only from POST
/members/{id}/reveal, which checks members.view_full_id and is audited. Each workflow has one
action endpoint (`core.workflow_api`): POST /members/{id}/status (retain / leave / restore),
POST /members/transfers/{id}/actions (approve / reject / cancel), POST /joining/{id}/actions
(approve / reject), each with `{"action", "version", ...}`.
"""

import datetime
from typing import Any

from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from gonghui.core.context import current_ip
from gonghui.core.errors import ApplicationError
from gonghui.core.forms import YEAR_MAX, YEAR_MIN
from gonghui.core.identity import search_hashes
from gonghui.core.ids import mask_phone, mask_ric
from gonghui.core.lists import CappedPagination
from gonghui.core.permissions import require
from gonghui.core.scope import access
from gonghui.core.workflow_api import add_action_endpoint
from gonghui.orgs.models import Employer, Organization

from . import queries, services
from .models import JoiningApplication, Member
from .workflow import JOINING_WORKFLOW, MEMBER_WORKFLOW, TRANSFER_WORKFLOW

router = Router(tags=["会员"])


# ---- members ------------------------------------------------------------------------------


class MemberOut(Schema):
    id: int
    name: str
    ric_masked: str
    phone_masked: str
    sex: str
    birth_date: datetime.date
    union_id: int
    union_name: str = Field(alias="union.name")
    employer_id: int | None
    joined_on: datetime.date
    education: str
    ethnicity: str
    is_migrant_worker: bool
    is_dispatched: bool
    is_new_form_worker: bool
    is_model_worker: bool
    status: str
    retained_reason: str
    left_on: datetime.date | None
    version: int

    @staticmethod
    def resolve_ric_masked(obj: Member) -> str:
        return mask_ric(obj.ric)

    @staticmethod
    def resolve_phone_masked(obj: Member) -> str:
        return mask_phone(obj.phone)


class MemberFields(Schema):
    name: str = Field(max_length=50)
    employer_id: int | None = None
    joined_on: datetime.date
    education: str = ""
    ethnicity: str = Field("", max_length=20)
    is_migrant_worker: bool = False
    is_dispatched: bool = False
    is_new_form_worker: bool = False
    # is_model_worker is read-only: it follows the model-worker registry (merit).


class MemberIn(MemberFields):
    union_id: int
    ric: str = Field(max_length=30)
    phone: str = Field("", max_length=20)
    birth_date: datetime.date | None = None
    sex: str | None = None


class MemberPatch(Schema):
    version: int
    name: str | None = Field(None, max_length=50)
    ric: str | None = Field(None, max_length=30)
    phone: str | None = Field(None, max_length=20)
    employer_id: int | None = None
    joined_on: datetime.date | None = None
    education: str | None = None
    ethnicity: str | None = Field(None, max_length=20)
    is_migrant_worker: bool | None = None
    is_dispatched: bool | None = None
    is_new_form_worker: bool | None = None


def _year(what: str) -> Any:
    return Field(None, ge=YEAR_MIN, le=YEAR_MAX, description=f"{what}（{YEAR_MIN}–{YEAR_MAX}）")


def _town() -> Any:
    return Field(None, description="镇街工会的编号（其下的行；不在您的范围内则为空）")


class MemberFilters(Schema):
    """The member list page's filters (forms.MemberFilterForm), read by the same query."""

    name: str = ""
    # Only the last 4 digits in a URL: a whole number goes by POST /members/search (issue #12).
    ric: str = Field(
        "", max_length=4, description="身份证号后4位（完整号码请用 POST /members/search）"
    )
    phone: str = Field(
        "", max_length=4, description="手机号后4位（完整号码请用 POST /members/search）"
    )
    union_id: int | None = None
    union: str = ""
    employer_id: int | None = None
    employer: str = ""
    status: str = ""
    town: int | None = _town()
    joined_year: int | None = _year("入会年份")
    sex: str = ""
    is_model_worker: bool | None = None
    is_migrant_worker: bool | None = None
    is_new_form_worker: bool | None = None
    is_dispatched: bool | None = None
    # The indicator catalog's drill-down (issue #13), as on the list page.
    org: int | None = Field(None, description="组织编号：该组织及其下级组织的会员")
    joined_from: datetime.date | None = Field(None, description="入会日期起（含）")
    joined_to: datetime.date | None = Field(None, description="入会日期止（含）")
    standing_on: datetime.date | None = Field(None, description="该日在册（已入会、未离会）")


class TransferFilters(Schema):
    """The transfer list page's filters (forms.TransferFilterForm)."""

    state: str = ""
    direction: str = Field("", description="out：转出；in：转入（相对您的工会或所选镇街）")
    year: int | None = _year("申请年份")
    town: int | None = _town()
    decide: bool = Field(False, description="true：仅待我审批的")


class JoiningFilters(Schema):
    """The joining list page's filters (forms.JoiningFilterForm)."""

    state: str = ""
    year: int | None = _year("提交年份")
    town: int | None = _town()
    union: str = Field("", max_length=100, description="审核工会名称的一部分")


class IdentityOut(Schema):
    ric: str
    phone: str


def _employer(request, employer_id: int | None) -> Employer | None:
    return (
        access(Employer, request.user, employer_id, "employers.view", field="employer_id")
        if employer_id
        else None
    )


@router.get("/members", response=list[MemberOut])
@paginate(CappedPagination, page_size=100)
def list_members(request, filters: Query[MemberFilters]):
    require(request.user, "members.view")
    return queries.member_list(user=request.user, filters=filters.dict())


class MemberSearchIn(Schema):
    """A whole RIC and/or phone, in the body so that it never reaches an access log."""

    ric: str = Field("", max_length=30, description="完整身份证号")
    phone: str = Field("", max_length=20, description="完整手机号")


@router.post("/members/search", response=list[MemberOut])
@paginate(CappedPagination, page_size=100)
def search_members(request, payload: MemberSearchIn, filters: Query[MemberFilters]):
    """The member list by a whole number (and the list's other filters in the query)."""
    require(request.user, "members.view")
    found = search_hashes(payload.ric, payload.phone)
    return queries.member_list(user=request.user, filters={**filters.dict(), **found})


@router.get("/members/{member_id}", response=MemberOut)
def get_member(request, member_id: int):
    return queries.member_get(user=request.user, pk=member_id)


@router.post("/members", response={201: MemberOut})
def create_member(request, payload: MemberIn):
    union = access(Organization, request.user, payload.union_id, field="union_id")
    data = payload.dict(exclude={"union_id", "employer_id"})
    data["employer"] = _employer(request, payload.employer_id)
    return 201, services.member_create(actor=request.user, union=union, **data)


@router.patch("/members/{member_id}", response=MemberOut)
def update_member(request, member_id: int, payload: MemberPatch):
    member = queries.member_get(user=request.user, pk=member_id)
    data = payload.dict(exclude_unset=True, exclude={"version", "employer_id"})
    if "employer_id" in payload.model_fields_set:
        data["employer"] = _employer(request, payload.employer_id)
    return services.member_update(
        actor=request.user, member=member, version=payload.version, **data
    )


@router.post("/members/{member_id}/reveal", response=IdentityOut)
def reveal_member_identity(request, member_id: int):
    member = queries.member_get(user=request.user, pk=member_id)
    return services.member_reveal_identity(actor=request.user, member=member)


add_action_endpoint(router, "/members/{pk}/status", MEMBER_WORKFLOW, MemberOut)


# ---- transfers ----------------------------------------------------------------------------


class TransferOut(Schema):
    id: int
    member_id: int
    member_name: str = Field(alias="member.name")
    from_union_id: int
    from_union_name: str = Field(alias="from_union.name")
    to_union_id: int
    to_union_name: str = Field(alias="to_union.name")
    from_employer_id: int | None
    to_employer_id: int | None
    requested_by_side: str
    state: str
    reason: str
    created_at: datetime.datetime
    version: int


class TransferIn(Schema):
    """Either side: member_id for the sending side, or the full RIC for the receiving side."""

    member_id: int | None = None
    ric: str = ""
    to_union_id: int | None = None
    to_union: str = Field("", description="转入工会全称或信用代码（转出方用）")
    to_employer_id: int | None = None
    reason: str = Field("", max_length=200)


def _transfer_target(request, payload: TransferIn) -> Organization:
    if payload.to_union_id:
        return access(Organization, request.user, payload.to_union_id, field="to_union_id")
    return queries.union_by_name_or_uscc(payload.to_union)


def _transfer_member(request, payload: TransferIn) -> Member:
    if payload.member_id:
        return queries.member_get(user=request.user, pk=payload.member_id)
    member = queries.member_by_ric(payload.ric.strip().upper()) if payload.ric else None
    if member is None:
        raise ApplicationError("没有该身份证号的会员。", field="ric")
    return member


@router.get("/transfers", response=list[TransferOut])
@paginate(CappedPagination, page_size=100)
def list_transfers(request, filters: Query[TransferFilters]):
    require(request.user, "members.view")
    return queries.transfer_list(user=request.user, filters=filters.dict())


@router.get("/transfers/{transfer_id}", response=TransferOut)
def get_transfer(request, transfer_id: int):
    return queries.transfer_get(user=request.user, pk=transfer_id)


@router.post("/transfers", response={201: TransferOut})
def request_transfer(request, payload: TransferIn):
    require(request.user, "members.transfer")
    member = _transfer_member(request, payload)
    return 201, services.transfer_request(
        actor=request.user,
        member=member,
        to_union=_transfer_target(request, payload),
        to_employer=_employer(request, payload.to_employer_id),
        reason=payload.reason,
    )


add_action_endpoint(router, "/members/transfers/{pk}/actions", TRANSFER_WORKFLOW, TransferOut)


# ---- online joining -----------------------------------------------------------------------


class JoiningIn(Schema):
    name: str = Field(max_length=50)
    ric: str = Field(max_length=30)
    phone: str = Field(max_length=20)
    employer: str = Field(max_length=150, description="单位全称或统一社会信用代码")
    consent: bool


class JoiningSubmitted(Schema):
    number: str
    state: str


class JoiningStatusIn(Schema):
    number: str = Field(max_length=30)
    ric: str = Field(max_length=30)


class JoiningStatusOut(Schema):
    number: str
    state: str
    state_label: str
    decision_reason: str

    @staticmethod
    def resolve_state_label(obj: JoiningApplication) -> str:
        return obj.get_state_display()


class JoiningOut(Schema):
    id: int
    number: str
    name: str
    ric_masked: str
    phone_masked: str
    employer_id: int
    employer_name: str = Field(alias="employer.name")
    deciding_org_id: int
    state: str
    decision_reason: str
    member_id: int | None
    created_at: datetime.datetime
    version: int

    @staticmethod
    def resolve_ric_masked(obj: JoiningApplication) -> str:
        return mask_ric(obj.ric)

    @staticmethod
    def resolve_phone_masked(obj: JoiningApplication) -> str:
        return mask_phone(obj.phone)


@router.post("/joining/submit", response={201: JoiningSubmitted}, auth=None)
def submit_joining(request, payload: JoiningIn):
    """Public: a worker's application (no account). Rate-limited per IP and phone."""
    application = services.joining_submit(ip=current_ip.get(), **payload.dict())
    return 201, application


@router.post("/joining/status", response=JoiningStatusOut, auth=None)
def joining_status(request, payload: JoiningStatusIn):
    """Public: status by application number and RIC together."""
    return services.joining_status(number=payload.number, ric=payload.ric, ip=current_ip.get())


@router.get("/joining", response=list[JoiningOut])
@paginate(CappedPagination, page_size=100)
def list_joining(request, filters: Query[JoiningFilters]):
    require(request.user, "members.approve_joining")
    return queries.joining_list(user=request.user, filters=filters.dict())


add_action_endpoint(router, "/joining/{pk}/actions", JOINING_WORKFLOW, JoiningOut)
