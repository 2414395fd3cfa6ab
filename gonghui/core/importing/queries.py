"""Reads of import runs, always within the user's scope."""

from typing import Any

from django.db.models import QuerySet

from gonghui.core.errors import PermissionDenied
from gonghui.core.scope import access

from .models import ImportRun


def _need_view(user: Any) -> None:
    if not user.can("imports.view"):
        raise PermissionDenied("您没有查看导入记录的权限。")


def import_run_list(*, user: Any) -> QuerySet[ImportRun]:
    _need_view(user)
    return ImportRun.objects.visible_to(user).select_related("created_by", "target_union", "job")


def import_run_get(*, user: Any, pk: Any) -> ImportRun:
    _need_view(user)
    return access(import_run_list(user=user), user, pk)
