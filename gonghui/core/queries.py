"""Reads for the shared kernel: the audit log and background jobs."""

import contextlib
import datetime
from typing import Any

from django.db.models import Q, QuerySet

from .errors import PermissionDenied
from .models import AuditEntry, Job
from .scope import access, user_scope_path


def audit_list(*, user: Any, filters: dict[str, Any]) -> QuerySet[AuditEntry]:
    if not user.can("audit.view"):
        raise PermissionDenied("您没有查看审计日志的权限。")
    path = user_scope_path(user) or "\x00"
    qs = AuditEntry.objects.all()
    # Entries with no organization (failed logins) are for district-level auditors only.
    if user.organization.parent_id is not None:
        qs = qs.filter(org_path__startswith=path)
    if q := (filters.get("q") or "").strip():
        qs = qs.filter(Q(actor_name__icontains=q) | Q(target_repr__icontains=q))
    if action := filters.get("action"):
        qs = qs.filter(action__startswith=action)
    if filters.get("success") in ("0", "1"):
        qs = qs.filter(success=filters["success"] == "1")
    for key, lookup in (("since", "at__date__gte"), ("until", "at__date__lte")):
        if value := filters.get(key):
            with contextlib.suppress(ValueError):
                qs = qs.filter(**{lookup: datetime.date.fromisoformat(value)})
    return qs.select_related("actor")


def job_get(*, user: Any, pk: Any) -> Job:
    """A job is seen only by the person who started it."""
    return access(Job.objects.filter(created_by=user), user, pk)
