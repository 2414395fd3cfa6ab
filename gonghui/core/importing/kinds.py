"""Import kinds, registered by the app that owns the rows (registry store `importers`).

An app declares each kind once in its `AppConfig.ready()`:

    register_import_kind(ImportKindSpec(
        kind="members", label="会员花名册", permission="imports.members",
        importer=MemberImporter, target=ImportTarget(...), help="需有“姓名”“身份证号”两列…",
    ))

The pipeline, the upload page, the API and the child process that checks big files all
look the kind up here; a new kind needs no change (and no migration) in core.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from gonghui.core.errors import ApplicationError
from gonghui.core.registry import registry


@dataclass(frozen=True)
class ImportTarget:
    """What every row of a run goes into (a grassroots union for a roster).

    - `field`: the form and API field that names it ("union"; the API also takes `target_id`);
    - `choices(user)`: the rows the upload page offers;
    - `resolve(user, pk)`: the chosen row, checked (ApplicationError or 404 when it may not);
    - `load(pk)`: the row again in the job, by its primary key;
    - `path(row)`: the run's scope path (whoever sees that subtree sees the run);
    - `optional`: the target may be left empty; the run then belongs to the uploader's
      organization and the importer places each row itself (a roster's 工会 column);
    - `suggest` and `find`: the upload page's picker (issue #10): the URL name of the JSON
      endpoint it searches, and `find(rows, text)` for a name or code typed without it.
      Without them the page offers `choices(user)` as a drop-down (a short list only).
    """

    field: str
    label: str
    choices: Callable[[Any], QuerySet]
    resolve: Callable[[Any, Any], Any]
    load: Callable[[Any], Any]
    path: Callable[[Any], str]
    help: str = ""
    default: Callable[[Any], Any] | None = None  # the initial choice for a user
    optional: bool = False
    suggest: str = ""
    find: Callable[[QuerySet, str], Any] | None = None


@dataclass(frozen=True)
class ImportKindSpec:
    kind: str
    label: str
    permission: str
    importer: type
    target: ImportTarget | None = None  # None: rows belong where the uploader's scope says
    help: str = ""  # the columns the file needs, shown on the upload page
    # result_links(run, user) -> [(label, url)]: pages of the kind's own about a finished
    # run, linked from its result page (an employer import: the employers it changed).
    result_links: Callable[[Any, Any], list[tuple[str, str]]] | None = None
    # May read another person's error report with the sensitive columns (RIC, phone) in
    # full; without it they are masked (the uploader always reads their own in full).
    full_permission: str | None = None

    def links_for(self, run: Any, user: Any) -> list[tuple[str, str]]:
        return list(self.result_links(run, user)) if self.result_links else []


def register_import_kind(spec: ImportKindSpec) -> None:
    if spec.kind in registry["importers"]:
        raise ValueError(f"Import kind {spec.kind} is registered twice.")
    registry["importers"][spec.kind] = spec


def import_kind(kind: str) -> ImportKindSpec:
    spec = registry["importers"].get(kind)
    if spec is None:
        raise ApplicationError("导入类型不正确。", field="kind")
    return spec


def import_kinds_for(user: Any) -> list[ImportKindSpec]:
    return [spec for spec in registry["importers"].values() if user.can(spec.permission)]


def kind_label(kind: str) -> str:
    spec = registry["importers"].get(kind)
    return spec.label if spec is not None else kind
