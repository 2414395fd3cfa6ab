"""Reads of import runs, always within the user's scope."""

from typing import Any

from django.db.models import QuerySet

from gonghui.core.permissions import require
from gonghui.core.scope import access

from .models import ImportRun

VIEW = "imports.view"


def import_run_list(*, user: Any) -> QuerySet[ImportRun]:
    require(user, VIEW)
    return ImportRun.objects.visible_to(user, VIEW).select_related("created_by", "job")


def import_run_get(*, user: Any, pk: Any) -> ImportRun:
    return access(ImportRun.objects.select_related("created_by", "job"), user, pk, VIEW)
