"""API for the shared kernel: background job status and the audit log."""

import datetime

from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from gonghui.core.lists import CappedPagination

from .exports import list_export_start
from .queries import audit_list, job_get

router = Router(tags=["公共"])


class JobOut(Schema):
    id: int
    kind: str
    title: str
    status: str
    percent: int
    progress_done: int
    progress_total: int
    message: str
    result: dict
    created_at: datetime.datetime
    finished_at: datetime.datetime | None


class AuditOut(Schema):
    id: int
    at: datetime.datetime
    actor_kind: str
    actor_name: str
    ip: str | None
    action: str
    success: bool
    target_type: str
    target_id: str
    target_repr: str
    data: dict


class AuditFilters(Schema):
    q: str = ""
    action: str = ""
    actor_kind: str = ""
    success: str = ""
    since: str = ""
    until: str = ""


@router.get("/jobs/{job_id}", response=JobOut)
def get_job(request, job_id: int):
    return job_get(user=request.user, pk=job_id)


class ExportIn(Schema):
    filters: dict[str, str | int | bool | None] = Field(
        default_factory=dict, description="列表页筛选表单的字段和值（与该页的查询参数相同）"
    )
    full: bool = Field(default=False, description="导出完整证件号和手机号（需相应权限，记入审计）")


@router.post("/exports/{name}", response={202: JobOut})
def start_list_export(request, name: str, body: ExportIn):
    """Export a list (as its page's filters filter it) to .xlsx: answers the job; its
    `result.file` is downloaded from the job page when it has finished."""
    job = list_export_start(actor=request.user, name=name, data=body.filters, full=body.full)
    return 202, job


@router.get("/audit", response=list[AuditOut])
@paginate(CappedPagination, page_size=100)
def list_audit(request, filters: Query[AuditFilters]):
    return audit_list(user=request.user, filters=filters.dict())
