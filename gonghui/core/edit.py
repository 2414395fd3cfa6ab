"""The one edit of an existing row: lock, version check, change, clean, save what changed, audit.

Every service that edits a row a person may also be editing calls `edit()`:

    locked = edit(
        Employer, employer, actor=actor, version=version, permission="employers.edit",
        changes=fields, editable=EMPLOYER_FIELDS, clean=_clean_employer,
        action="orgs.employer.updated",
    )

The row is re-read under `select_for_update` through the data scope (404 when the actor may
not see it), the version the person read is compared with the stored one (a stale form gets
ConflictError, never a silent overwrite), only `editable` names are set, `clean(row)` may
raise ApplicationError or adjust derived columns, and only the columns whose value changed
are written (`save(update_fields=...)`), with the version bumped and the difference audited.
"""

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.db import models, transaction

from .audit import audit_record, diff, snapshot
from .errors import ConflictError

M = TypeVar("M", bound=models.Model)
STALE = "该记录已被他人修改，请刷新页面查看最新内容后再保存。"


def check_version(obj: Any, version: int | None) -> None:
    """ConflictError when the version a person read is not the stored one (None: no check)."""
    if version is not None and int(version) != obj.version:
        raise ConflictError(STALE)


def _columns(obj: models.Model) -> dict[str, Any]:
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def edit(
    model: type[M],
    obj: models.Model,
    *,
    actor: Any,
    version: int | None,
    changes: dict[str, Any],
    editable: Iterable[str],
    action: str,
    permission: str | None = None,
    clean: Callable[[M], None] | None = None,
    audited: list[str] | None = None,
) -> M:
    """Apply `changes` (names in `editable` only) to `obj` for `actor`; see the module doc.

    `audited`: the columns the audit entry compares (default: every column that changed).
    """
    from .scope import lock  # scope -> permissions; edit is below workflow

    names = set(editable)
    with transaction.atomic():
        locked = lock(model, actor, obj.pk, permission)
        check_version(locked, version)
        before = _columns(locked)
        for name, value in changes.items():
            if name in names:
                setattr(locked, name, value)
        if clean is not None:
            clean(locked)
        after = _columns(locked)
        changed = [name for name in after if after[name] != before[name]]
        touched = [_field_name(model, n) for n in changed]
        if hasattr(locked, "version"):
            locked.version += 1
            touched.append("version")
        if hasattr(locked, "updated_at"):
            touched.append("updated_at")
        locked.save(update_fields=touched)
        columns = audited or changed
        audit_record(
            actor=actor,
            action=action,
            target=locked,
            data=diff(
                snapshot_of(before, columns),
                snapshot(locked, columns),
            ),
        )
    return locked


def _field_name(model: type[models.Model], attname: str) -> str:
    for f in model._meta.concrete_fields:
        if f.attname == attname:
            return f.name
    return attname


def snapshot_of(values: dict[str, Any], names: list[str]) -> dict[str, Any]:
    """`snapshot` for column values read before a change."""
    from .audit import _jsonable

    return {name: _jsonable(values.get(name)) for name in names}
