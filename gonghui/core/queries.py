"""Reads for the shared kernel: the audit log and background jobs."""

import contextlib
import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from .actors import ActorKind
from .models import AuditEntry, Job
from .permissions import require
from .scope import NOT_FOUND, id_in_range


def audit_list(*, user: Any, filters: dict[str, Any]) -> QuerySet[AuditEntry]:
    require(user, "audit.view")
    qs = AuditEntry.objects.all()
    # Entries with no organization (failed logins, the system's own work) are for
    # district-level auditors only; below the district, the subtree's entries.
    if user.organization.parent_id is not None:
        qs = qs.visible_to(user, "audit.view")
    if q := (filters.get("q") or "").strip():
        qs = qs.filter(Q(actor_name__icontains=q) | Q(target_repr__icontains=q))
    if action := filters.get("action"):
        qs = qs.filter(action__startswith=action)
    if filters.get("actor_kind") in ActorKind.values:
        qs = qs.filter(actor_kind=filters["actor_kind"])
    if filters.get("success") in ("0", "1"):
        qs = qs.filter(success=filters["success"] == "1")
    for key, lookup in (("since", "at__date__gte"), ("until", "at__date__lte")):
        if value := filters.get(key):
            with contextlib.suppress(ValueError, TypeError):
                qs = qs.filter(**{lookup: datetime.date.fromisoformat(str(value))})
    if (path := _subtree_path(user, filters.get("org"))) is not None:
        qs = qs.filter(org_path__startswith=path)
    return qs.select_related("actor")


def _subtree_path(user: Any, org: Any) -> str | None:
    """The path of organization `org` (AuditFilterForm's town or system, a pk) if the user
    sees it: the entries of its subtree; None to filter nothing."""
    from django.contrib.auth import get_user_model

    if not str(org or "").isdigit():
        return None
    model = get_user_model()._meta.get_field("organization").related_model
    found = model.objects.visible_to(user).filter(pk=int(org)).values_list("path", flat=True)
    return next(iter(found), "\x00")  # not the user's: nothing, rather than everything


def job_get(*, user: Any, pk: Any) -> Job:
    """A job is seen only by the person who started it, whatever their scope (a lawyer's is
    their own cases: their export, filed under their town, was theirs to download)."""
    if not id_in_range(pk):
        raise Http404(NOT_FOUND)
    job = Job.objects.filter(pk=pk, created_by=user).first()
    if job is None:
        raise Http404(NOT_FOUND)
    return job
