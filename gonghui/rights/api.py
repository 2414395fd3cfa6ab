"""API for cases, events and figures. Same services, queries and scope as the pages.

The case's transitions are one endpoint, `POST /rights/cases/{pk}/actions` with
`{"action": ..., "version": ..., ...}` (core.workflow_api; inputs in rights/schemas.py).
"""

import datetime

from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from gonghui.core.clock import today
from gonghui.core.errors import ApplicationError
from gonghui.core.forms import YEAR_MAX, YEAR_MIN
from gonghui.core.lists import CappedPagination
from gonghui.core.money import ZERO, Money
from gonghui.core.permissions import require
from gonghui.core.scope import access
from gonghui.core.workflow_api import add_action_endpoint
from gonghui.orgs.models import Employer

from . import queries
from .models import LegalEvent
from .services import records, registration
from .workflow import CASE_WORKFLOW

router = Router(tags=["维权"])


class CaseOut(Schema):
    id: int
    number: str
    kind: str
    channel: str
    subject: str
    state: str
    received_on: datetime.date
    summary: str
    town_id: int | None
    employer_id: int | None
    employer_name: str
    amount_claimed: Money
    amount_recovered: Money
    visitors: int
    workers_involved: int
    contact_name: str
    accept_due: datetime.date | None
    conclude_due: datetime.date | None
    deadline: datetime.date | None
    station_id: int | None
    lawyer_id: int | None
    outcome: str
    concluded_on: datetime.date | None
    concluded_in_time: bool | None
    overdue_since: datetime.date | None
    merged_into_id: int | None
    version: int


class CaseIn(Schema):
    kind: str
    channel: str
    received_on: datetime.date
    subject: str = "other"
    summary: str = Field(max_length=5000)
    employer_id: int | None = None
    employer_name: str = ""
    town_id: int | None = None
    amount_claimed: Money = ZERO
    visitors: int = Field(1, ge=1)
    workers_involved: int = Field(1, ge=1)
    contact_name: str = Field(max_length=50)
    contact_phone: str = ""
    contact_ric: str = ""


class NoteIn(Schema):
    kind: str = "note"
    text: str
    happened_on: datetime.date | None = None


class NoteOut(Schema):
    id: int
    kind: str
    text: str
    happened_on: datetime.date | None
    author_name: str


class CaseFilters(Schema):
    """The case queue page's filters (forms.CaseFilterForm), read by the same query."""

    q: str = ""
    code: str = Field("", max_length=12, description="职工的查询码：只找这一件（在您的范围内）")
    state: str = ""
    kind: str = ""
    channel: str = ""
    subject: str = ""
    year: int | None = Field(
        None, ge=YEAR_MIN, le=YEAR_MAX, description=f"收到年份（{YEAR_MIN}–{YEAR_MAX}）"
    )
    town: int | None = None
    station: int | None = Field(None, description="工作站编号")
    lawyer: int | None = Field(None, description="律师编号")
    due: str = Field("", description="overdue：已超期；soon：即将到期")
    # The indicator catalog's drill-down (issue #13), as on the case queue page.
    org: int | None = Field(None, description="组织编号：该组织及其下级的案件")
    received_from: datetime.date | None = Field(None, description="收到日期起（含）")
    received_to: datetime.date | None = Field(None, description="收到日期止（含）")
    merged: bool | None = Field(None, description="true：仅已合并的重复件；false：不含")
    concluded: str = Field("", description="yes：已办结；in_time：按期办结；late：超期办结")
    recovered: bool | None = Field(None, description="true：有追回金额的案件")


class EventFilters(Schema):
    """The event list page's filters (forms.EventFilterForm)."""

    kind: str = ""
    town: int | None = None
    year: int | None = Field(
        None, ge=YEAR_MIN, le=YEAR_MAX, description=f"活动年份（{YEAR_MIN}–{YEAR_MAX}）"
    )
    org: int | None = Field(None, description="组织编号：该组织及其下级的活动")
    held_from: datetime.date | None = Field(None, description="活动日期起（含）")
    held_to: datetime.date | None = Field(None, description="活动日期止（含）")


class EventOut(Schema):
    id: int
    kind: str
    title: str
    held_on: datetime.date
    town_id: int
    place: str
    organizers: str
    attendance: int
    notes: str
    version: int


class EventIn(Schema):
    kind: str
    title: str = Field(max_length=150)
    held_on: datetime.date
    town_id: int
    place: str = ""
    organizers: str = Field(max_length=200)
    attendance: int = Field(0, ge=0)
    notes: str = ""


class EventEditIn(EventIn):
    version: int


class DueOut(Schema):
    overdue: list[CaseOut]
    due_soon: list[CaseOut]


@router.get("/rights/cases", response=list[CaseOut])
@paginate(CappedPagination, page_size=100)
def list_cases(request, filters: Query[CaseFilters]):
    require(request.user, "rights.view")
    return queries.case_list(user=request.user, filters=filters.dict())


@router.get("/rights/cases/due", response=DueOut)
def due_cases(request):
    require(request.user, "rights.view")
    lists = queries.cases_due(user=request.user, today=today())
    return {"overdue": list(lists["overdue"][:1000]), "due_soon": list(lists["due_soon"][:1000])}


@router.get("/rights/cases/{case_id}", response=CaseOut)
def get_case(request, case_id: int):
    return queries.case_get(user=request.user, pk=case_id)


@router.post("/rights/cases", response={201: CaseOut})
def create_case(request, payload: CaseIn):
    data = payload.dict(exclude={"employer_id", "town_id"})
    data["employer"] = (
        access(Employer, request.user, payload.employer_id, field="employer_id")
        if payload.employer_id
        else None
    )
    data["town"] = (
        access(queries.towns_visible(request.user), request.user, payload.town_id, field="town_id")
        if payload.town_id
        else None
    )
    return 201, registration.case_register(actor=request.user, **data)


add_action_endpoint(router, "/rights/cases/{pk}/actions", CASE_WORKFLOW, CaseOut)


@router.get("/rights/cases/{case_id}/notes", response=list[NoteOut])
def list_notes(request, case_id: int):
    case = queries.case_get(user=request.user, pk=case_id)
    return list(case.notes.all())


@router.post("/rights/cases/{case_id}/notes", response={201: NoteOut})
def add_note(request, case_id: int, payload: NoteIn):
    case = queries.case_get(user=request.user, pk=case_id)
    return 201, registration.case_note_add(actor=request.user, case=case, **payload.dict())


@router.get("/rights/events", response=list[EventOut])
@paginate(CappedPagination, page_size=100)
def list_events(request, filters: Query[EventFilters]):
    require(request.user, "rights.view")
    return queries.event_list(user=request.user, filters=filters.dict())


@router.get("/rights/events/{event_id}", response=EventOut)
def get_event(request, event_id: int):
    return queries.row_get(LegalEvent, user=request.user, pk=event_id)


@router.post("/rights/events", response={201: EventOut})
def create_event(request, payload: EventIn):
    data = payload.dict(exclude={"town_id"})
    data["town"] = access(
        queries.towns_visible(request.user), request.user, payload.town_id, field="town_id"
    )
    return 201, records.event_create(actor=request.user, **data)


@router.put("/rights/events/{event_id}", response=EventOut)
def update_event(request, event_id: int, payload: EventEditIn):
    """The whole event, with the version read (409 when someone saved it since)."""
    event = queries.row_get(LegalEvent, user=request.user, pk=event_id)
    data = payload.dict(exclude={"town_id", "version"})
    data["town"] = access(
        queries.towns_visible(request.user), request.user, payload.town_id, field="town_id"
    )
    return records.event_update(actor=request.user, event=event, version=payload.version, **data)


@router.get("/rights/stats")
def stats(request, start: datetime.date, end: datetime.date, town: int | None = None) -> dict:
    require(request.user, "rights.stats")
    if start > end:
        raise ApplicationError("开始日期不能晚于结束日期。", field="start")
    path = access(queries.towns_visible(request.user), request.user, town).path if town else None
    return {
        "cases": queries.case_figures(user=request.user, start=start, end=end, path=path),
        "events": queries.event_figures(user=request.user, start=start, end=end, path=path),
    }
