"""Writes of the import pipeline: start an import from an upload, resume an interrupted one."""

import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from gonghui.core.audit import audit_record
from gonghui.core.errors import ApplicationError, PermissionDenied
from gonghui.core.jobs import job_start
from gonghui.orgs.choices import OrgKind
from gonghui.orgs.models import Organization
from gonghui.orgs.services import ensure_in_scope

from .jobs import JOB_KIND
from .models import ImportKind, ImportRun, ImportStatus
from .readers import detect_format

PERMISSION = {ImportKind.MEMBERS: "imports.members", ImportKind.EMPLOYERS: "imports.employers"}


def _check_upload(upload: UploadedFile) -> str:
    limit = settings.IMPORT_MAX_UPLOAD_MB * 1024 * 1024
    if upload.size == 0:
        raise ApplicationError("文件是空的。", field="file")
    if upload.size > limit:
        raise ApplicationError(
            f"文件太大（{upload.size / 1024 / 1024:.1f}MB），上限为{settings.IMPORT_MAX_UPLOAD_MB}MB。",
            field="file",
        )
    upload.seek(0)
    head = upload.read(64 * 1024)
    upload.seek(0)
    return detect_format(head)


def _store(upload: UploadedFile, file_format: str) -> str:
    relative = f"imports/{uuid.uuid4().hex}.{file_format}"
    target = Path(settings.MEDIA_ROOT) / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return relative


def _target_path(actor: Any, kind: str, union: Organization | None) -> str:
    if kind == ImportKind.EMPLOYERS:
        return actor.organization.path
    if union is None:
        raise ApplicationError("请选择要导入到的基层工会。", field="union")
    if union.kind != OrgKind.GRASSROOTS:
        raise ApplicationError("会员只能导入到基层工会。", field="union")
    ensure_in_scope(actor, union.path)
    return union.path


@transaction.atomic
def import_start(
    *,
    actor: Any,
    kind: str,
    upload: UploadedFile,
    union: Organization | None = None,
    dry_run: bool = False,
) -> ImportRun:
    """Check and store the upload, record the run and queue its job."""
    if kind not in PERMISSION:
        raise ApplicationError("导入类型不正确。", field="kind")
    if not actor.can(PERMISSION[kind]):
        raise PermissionDenied("您没有权限执行此导入。")
    org_path = _target_path(actor, kind, union)
    file_format = _check_upload(upload)
    run = ImportRun.objects.create(
        kind=kind,
        dry_run=dry_run,
        original_name=Path(upload.name or "upload").name[:255],
        file_format=file_format,
        file_path=_store(upload, file_format),
        target_union=union if kind == ImportKind.MEMBERS else None,
        created_by=actor,
        org_path=org_path,
    )
    audit_record(
        actor=actor,
        action="importing.run.started",
        target=run,
        data={"kind": kind, "dry_run": dry_run, "file": run.original_name},
    )
    return _queue(actor, run)


@transaction.atomic
def import_resume(*, actor: Any, run: ImportRun) -> ImportRun:
    """Run an interrupted import again; committed batches are skipped (PLAT-5)."""
    if not actor.can(PERMISSION[run.kind]):
        raise PermissionDenied("您没有权限执行此导入。")
    ensure_in_scope(actor, run.org_path)
    locked = ImportRun.objects.select_for_update().get(pk=run.pk)
    if locked.status != ImportStatus.FAILED:
        raise ApplicationError("只有中断的导入才能继续。")
    locked.status = ImportStatus.QUEUED
    locked.message = ""
    locked.save(update_fields=["status", "message", "updated_at"])
    return _queue(actor, locked)


def _queue(actor: Any, run: ImportRun) -> ImportRun:
    prefix = "试导入" if run.dry_run else "导入"
    job = job_start(
        kind=JOB_KIND,
        title=f"{prefix}{run.get_kind_display()}：{run.original_name}"[:200],
        actor=actor,
        org_path=run.org_path,
        params={"run_id": run.pk},
    )
    ImportRun.objects.filter(pk=run.pk).update(job=job)
    run.job = job
    return run
