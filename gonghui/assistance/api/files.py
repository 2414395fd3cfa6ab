"""API of hardship files (CARE-1), under /api/v1/assistance/: the list (the page's
filters), one file, a new file (documents as base64), visits, the workflow's actions
(core.workflow_api), living standards. Same services, queries and scope as the pages."""

import datetime

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from gonghui.core.audit import audit_record
from gonghui.core.downloads import file_download
from gonghui.core.lists import CappedPagination
from gonghui.core.money import Money
from gonghui.core.permissions import require
from gonghui.core.scope import access
from gonghui.core.workflow_api import add_action_endpoint

from ..queries import files as queries
from ..schemas.files import FileIn, StandardIn, VisitIn
from ..services import files as services
from ..workflow import FILE_WORKFLOW

router = Router()


class FileOut(Schema):
    id: int
    number: str
    name: str
    ric_last4: str
    member_id: int | None
    union_id: int
    town_id: int | None
    state: str
    category: str
    cause: str
    household_size: int
    annual_income: Money
    essential_expenses: Money
    hardship_costs: Money
    accident_event: str
    per_head_monthly: Money
    living_standard: Money
    judged_on: datetime.date
    is_migrant_worker: bool
    employed_since: datetime.date | None
    contact_name: str
    opened_on: datetime.date
    reviewed_on: datetime.date | None
    approved_on: datetime.date | None
    rejection_reason: str
    last_visit_on: datetime.date | None
    visit_due: datetime.date | None
    review_due: datetime.date | None
    exit_reason: str
    exit_notice_from: datetime.date | None
    exit_notice_until: datetime.date | None
    exited_on: datetime.date | None
    follow_up_until: datetime.date | None
    previous_id: int | None
    version: int


class HouseholdOut(Schema):
    name: str
    relation: str
    birth_year: int | None
    situation: str


class DocumentOut(Schema):
    id: int
    kind: str
    original_name: str
    content_type: str
    size: int


class VisitOut(Schema):
    id: int
    kind: str
    visited_on: datetime.date
    visitor: str
    note: str


class FileDetailOut(FileOut):
    household: list[HouseholdOut]
    documents: list[DocumentOut]
    visits: list[VisitOut]

    @staticmethod
    def resolve_household(obj):
        return list(obj.household.all())

    @staticmethod
    def resolve_documents(obj):
        return list(obj.documents.all())

    @staticmethod
    def resolve_visits(obj):
        return list(obj.visits.all())


class VisitResultOut(Schema):
    visit: VisitOut
    file: FileOut
    advice: str = Field(description="复核发现已不符合困难条件时的提示（建议退档）")


class StandardOut(Schema):
    id: int
    town_id: int
    effective_from: datetime.date
    monthly_amount: Money
    note: str


class FileFilters(Schema):
    """The file list page's filters (forms.FileFilterForm), read by the same query."""

    q: str = Field("", max_length=50, description="编号、姓名或身份证后4位")
    org: int | None = Field(None, description="组织编号：该组织及其下级的档案")
    state: str = Field("", max_length=20)
    category: str = Field("", max_length=20)
    town: int | None = None
    opened_from: datetime.date | None = Field(None, description="建档日期起（含）")
    opened_to: datetime.date | None = Field(None, description="建档日期止（含）")
    standing_on: datetime.date | None = Field(None, description="该日在档（已审批、公示中）的档案")
    due: str = Field("", max_length=10, description="visit：走访到期；review：年度复核超期")


@router.get("/assistance/files", response=list[FileOut])
@paginate(CappedPagination, page_size=100)
def list_files(request, filters: Query[FileFilters]):
    require(request.user, queries.VIEW)
    return queries.file_list(user=request.user, filters=filters.dict())


@router.get("/assistance/files/{file_id}", response=FileDetailOut)
def get_file(request, file_id: int):
    return queries.file_get(user=request.user, pk=file_id)


@router.post("/assistance/files", response={201: FileDetailOut})
def create_file(request, payload: FileIn):
    require(request.user, services.OPEN)
    return 201, services.file_open(actor=request.user, **payload.service_kwargs(request.user))


@router.get("/assistance/files/{file_id}/visits", response=list[VisitOut])
def list_visits(request, file_id: int):
    return list(queries.file_get(user=request.user, pk=file_id).visits.all())


@router.post("/assistance/files/{file_id}/visits", response={201: VisitResultOut})
def add_visit(request, file_id: int, payload: VisitIn):
    file = queries.file_get(user=request.user, pk=file_id, action=services.OPEN)
    done = services.visit_record(actor=request.user, file=file, **payload.dict(exclude_none=True))
    return 201, {"visit": done.visit, "file": done.file, "advice": done.advice}


@router.get("/assistance/files/{file_id}/documents/{document_id}")
def download_document(request, file_id: int, document_id: int):
    """The document's bytes, through the file's scope (audited)."""
    file = queries.file_get(user=request.user, pk=file_id)
    document = get_object_or_404(file.documents, pk=document_id)
    stored = services.document_path(document)
    if not stored.exists():
        raise Http404("文件不存在。")
    audit_record(
        actor=request.user,
        action="assistance.document.viewed",
        target=file,
        data={"document": document.pk, "kind": document.kind},
    )
    return file_download(stored, name=document.original_name)


add_action_endpoint(router, "/assistance/files/{pk}/actions", FILE_WORKFLOW, FileOut)


@router.get("/assistance/standards", response=list[StandardOut])
@paginate(CappedPagination, page_size=100)
def list_standards(request, town: int | None = None):
    require(request.user, queries.VIEW)
    return queries.standard_list(user=request.user, town=town)


@router.post("/assistance/standards", response={201: StandardOut})
def set_standard(request, payload: StandardIn):
    require(request.user, services.STANDARDS)
    town = access(
        queries.towns_visible(request.user), request.user, payload.town_id, field="town_id"
    )
    data = payload.dict(exclude={"town_id"})
    return 201, services.standard_set(actor=request.user, town=town, **data)
