"""API for the shared kernel: background job status and the audit log."""

import datetime

from ninja import Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

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


@router.get("/audit", response=list[AuditOut])
@paginate(PageNumberPagination, page_size=100)
def list_audit(request, filters: Query[AuditFilters]):
    return audit_list(user=request.user, filters=filters.dict())
