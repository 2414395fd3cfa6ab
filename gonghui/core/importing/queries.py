"""Reads of import runs, always within the user's scope."""

import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from gonghui.core.permissions import require
from gonghui.core.scope import access

from .models import ImportRun

VIEW = "imports.view"
# An import's rejected rows stay a to-do this long: long enough to fix the file and load
# it again, short enough that the inbox does not fill with old uploads.
IMPORT_ERRORS_DAYS = 30


def import_run_list(
    *, user: Any, errors: bool = False, filters: dict[str, Any] | None = None
) -> QuerySet[ImportRun]:
    """The runs of the user's scope as the list's filters (core.forms.ImportFilterForm)
    narrow them: `errors` only those of `runs_with_errors`, `kind` what was imported,
    `state` how it ended. An import's state is its job's; a run without a job is 中断
    (failed, as ImportRun.status says)."""
    require(user, VIEW)
    f = filters or {}
    errors = errors or bool(f.get("errors"))
    qs = runs_with_errors(user) if errors else ImportRun.objects.visible_to(user, VIEW)
    if kind := f.get("kind"):
        qs = qs.filter(kind=kind)
    if state := f.get("state"):
        job_state = Q(job__status=state)
        qs = qs.filter(job_state | Q(job__isnull=True) if state == "failed" else job_state)
    return qs.select_related("created_by", "job")


def runs_with_errors(user: Any) -> QuerySet[ImportRun]:
    """The imports `user` started in the last IMPORT_ERRORS_DAYS that finished with rows
    not imported, within their scope (the inbox's to-do and the list behind it)."""
    since = timezone.now() - datetime.timedelta(days=IMPORT_ERRORS_DAYS)
    return ImportRun.objects.visible_to(user, VIEW).filter(
        created_by=user, created_at__gte=since, finished_at__isnull=False, rejected__gt=0
    )


def import_run_get(*, user: Any, pk: Any) -> ImportRun:
    return access(ImportRun.objects.select_related("created_by", "job"), user, pk, VIEW)
