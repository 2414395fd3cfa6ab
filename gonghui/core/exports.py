"""The one list export (issue #10, Lists): every list page exports what it shows to .xlsx.

An app registers a `ListExport` per list (`register_list_export` in its registrations.py):
the list's filter form, the query that gives its rows for a user and those filters (the
same the page shows: scope comes from the query's `visible_to`), and its columns. One job
handler (`core.list_export`) writes the file in the background with constant memory; every
cell is formula-safe (core.tabular); sensitive columns (RIC, phone) are masked unless the
user asked for them in full and holds `full_permission`; each export is audited with its
filters and row count. The rows are read a chunk at a time, each chunk whole, outside any
write transaction: a long export never holds SQLite's write lock (`_in_chunks`). The page posts to `/exports/<name>/` (the `{% export_button %}` tag),
the API to `POST /api/exports/{name}`; both answer with the job, whose page downloads it.
"""

import json
import secrets
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse

from .audit import audit_record
from .errors import ApplicationError
from .filecrypt import seal_file
from .jobs import JobProgress, job_handler, job_start
from .models import Job
from .registry import registry
from .tabular import write_xlsx


@dataclass(frozen=True)
class Column:
    """One column: its header and the cell of a row. `full` gives the cell of a full export
    of a sensitive column (`value` is then the masked one)."""

    header: str
    value: Callable[[Any], Any]
    full: Callable[[Any], Any] | None = None
    text: bool = False  # an ID column: kept as text in the sheet


@dataclass(frozen=True)
class ListExport:
    name: str  # "members.members": the URL and the job's params name it
    label: str  # "会员名册": the job's title, the file's and the sheet's name
    permission: str  # to export at all (the list page's own permission)
    filter_form: type  # the page's filter form: form(data, user=user).filters() -> dict
    # rows(user, filters): the list's query (a summary table, e.g. coverage: a list of rows)
    rows: Callable[[Any, dict[str, Any]], QuerySet | Sequence[Any]]
    columns: Sequence[Column]
    list_url: str  # the list page's URL name: the job page's way back
    full_permission: str | None = None  # may export the sensitive columns in full (audited)
    audit_action: str = "core.list.exported"
    chunk: int = field(default=2000)
    # The list page's URL arguments from the filters, for a page under a path (an
    # indicator's page: its code); those filters are then not repeated in the query.
    list_url_args: tuple[str, ...] = ()

    def page_url(self, filters: Mapping[str, Any]) -> str:
        """The list page showing these filters (the job page's way back)."""
        given = {k: v for k, v in filters.items() if v not in ("", None, False, [])}
        args = [given.pop(name, "") for name in self.list_url_args]
        if not all(args):  # the page's own argument, refused by its form (a stale code)
            raise ApplicationError("导出的页面参数无效，请回到该页面后重新导出。")
        query = f"?{urlencode(given, doseq=True)}" if given else ""
        return reverse(self.list_url, args=args) + query

    def filters(self, data: Mapping[str, Any], user: Any) -> dict[str, Any]:
        """The filters as the page applies them, JSON-safe (they are kept on the job)."""
        form = self.filter_form(data, user=user)
        return json.loads(json.dumps(form.filters(), cls=DjangoJSONEncoder))

    def may_export_full(self, user: Any) -> bool:
        return bool(self.full_permission) and user.can(self.full_permission)


def register_list_export(spec: ListExport) -> None:
    registry["list_exports"][spec.name] = spec


def list_export_spec(name: str) -> ListExport:
    spec = registry["list_exports"].get(name)
    if spec is None:
        raise Http404("没有这种导出。")
    return spec


def list_export_start(*, actor: Any, name: str, data: Mapping[str, Any], full: bool = False) -> Job:
    """Start exporting list `name` as `data` (the page's filter values) filters it."""
    spec = list_export_spec(name)
    if not actor.can(spec.permission):
        raise PermissionDenied("您没有导出该列表的权限。")
    filters = spec.filters(data, actor)
    back = spec.page_url(filters)
    return job_start(
        kind="core.list_export",
        title=f"导出{spec.label}",
        actor=actor,
        org_path=actor.organization.path if actor.organization_id else "",
        params={
            "export": name,
            "filters": filters,
            "full": bool(full) and spec.may_export_full(actor),
            "return_url": back,
        },
    )


def _cells(columns: Sequence[Column], row: Any, full: bool) -> list[Any]:
    cells = []
    for column in columns:
        value = column.full(row) if full and column.full else column.value(row)
        cells.append(str(value) if hasattr(value, "isoformat") else value)
    return cells


@job_handler("core.list_export")
def list_export(job: Job, progress: JobProgress) -> dict[str, Any]:
    spec = list_export_spec(job.params["export"])
    user = get_user_model().objects.select_related("organization").get(pk=job.created_by_id)
    if not user.can(spec.permission):  # the role may have changed since the job was queued
        raise PermissionDenied("您没有导出该列表的权限。")
    full = bool(job.params.get("full")) and spec.may_export_full(user)
    filters = job.params.get("filters", {})
    qs = spec.rows(user, filters)
    is_query = isinstance(qs, QuerySet)
    pks = list(qs.values_list("pk", flat=True)) if is_query else []
    total = len(pks) if is_query else len(qs)
    progress.update(0, total, "正在导出…", force=True)
    # A random part keeps files apart when several databases share one folder (test workers).
    relative = f"exports/job-{job.pk}-{secrets.token_hex(4)}.xlsx"
    count = write_xlsx(
        settings.MEDIA_ROOT / relative,
        [c.header for c in spec.columns],
        (
            _cells(spec.columns, row, full)
            for row in (_in_chunks(qs, pks, spec.chunk) if is_query else qs)
        ),
        sheet=spec.label[:31],
        on_row=lambda n: progress.update(n, total),
        text_columns=[i for i, c in enumerate(spec.columns) if c.text],
    )
    seal_file(settings.MEDIA_ROOT / relative)  # people's names and numbers, at rest
    audit_record(
        actor=user,
        action=spec.audit_action,
        org_path=job.org_path,
        data={"export": spec.name, "rows": count, "full_id": full, "filters": filters},
    )
    return {"file": relative, "rows": count, "filename": f"{spec.label}.xlsx"}


def _in_chunks(qs: QuerySet, pks: list[Any], size: int) -> Iterator[Any]:
    """The rows of `qs` in the order of `pks` (its own, read first), `size` at a time, each
    chunk read whole. No cursor stays open while the job writes its progress: on SQLite a
    write on a connection with a read still pending turns that read into a write transaction
    on an old snapshot, which fails with "database is locked" as soon as anyone else has
    written (issue #12: an export of 4,000 members beside a colleague adding notes)."""
    for start in range(0, len(pks), size):
        part = pks[start : start + size]
        found = {row.pk: row for row in qs.filter(pk__in=part)}
        yield from (found[pk] for pk in part if pk in found)  # one deleted meanwhile: left out
