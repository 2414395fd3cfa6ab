"""Writes of the import pipeline: start an import from an upload, resume an interrupted one."""

import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from gonghui.core.audit import audit_record
from gonghui.core.errors import ApplicationError
from gonghui.core.filecrypt import seal_file
from gonghui.core.jobs import job_start, reap_stale_jobs
from gonghui.core.models import Job
from gonghui.core.permissions import require
from gonghui.core.scope import access

from .jobs import JOB_KIND
from .kinds import ImportKindSpec, import_kind
from .models import ImportRun
from .pipeline import FILE_GONE
from .readers import SheetReader, check_archive, check_rows, detect_format


def _check_upload(upload: UploadedFile) -> str:
    """The upload's format, once its size, what an .xlsx expands to and the rows it
    declares are within the limits (issue #12); ApplicationError on `file` otherwise."""
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
    file_format = detect_format(head)
    if file_format == "xlsx":
        check_archive(upload)  # from the zip's directory: nothing is inflated
        upload.seek(0)
    return file_format


def _check_declared_rows(path: Path, file_format: str) -> None:
    """Refuse a stored file whose sheets (any of them) or lines declare more rows than an
    import takes; a sheet that declares none is held to the limit as it is read."""
    reader = SheetReader(path, file_format)
    sheets = range(max(len(reader.sheet_names()), 1)) if file_format == "xlsx" else [0]
    for index in sheets:
        reader.sheet = index
        check_rows(reader.declared_rows())


def _store(upload: UploadedFile, file_format: str) -> str:
    relative = f"imports/{uuid.uuid4().hex}.{file_format}"
    target = Path(settings.MEDIA_ROOT) / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return relative


def _placement(actor: Any, spec: ImportKindSpec, target_id: Any) -> tuple[Any, str]:
    """(the target row or None, the run's scope path), checked by the kind's resolver.
    Without a target (none in the kind, or an optional one left empty) the run belongs to
    the uploader's organization: whoever sees that subtree sees the run."""
    if spec.target is None:
        return None, actor.organization.path
    if target_id in (None, ""):
        if spec.target.optional:
            return None, actor.organization.path
        raise ApplicationError(f"请选择{spec.target.label}。", field=spec.target.field)
    target = spec.target.resolve(actor, target_id)
    return target, spec.target.path(target)


@transaction.atomic
def import_start(
    *,
    actor: Any,
    kind: str,
    upload: UploadedFile,
    target: Any = None,
    dry_run: bool = False,
    union: Any = None,
) -> ImportRun:
    """Check and store the upload, record the run and queue its job.

    `target` is the kind's target row or its pk (`union` is the roster's name for it).
    """
    spec = import_kind(kind)
    require(actor, spec.permission)
    target = target if target is not None else union
    target, org_path = _placement(actor, spec, getattr(target, "pk", target))
    file_format = _check_upload(upload)
    stored = _store(upload, file_format)
    try:
        _check_declared_rows(Path(settings.MEDIA_ROOT) / stored, file_format)
    except ApplicationError:
        (Path(settings.MEDIA_ROOT) / stored).unlink(missing_ok=True)
        raise
    seal_file(Path(settings.MEDIA_ROOT) / stored)  # a roster: RICs and phones, at rest
    run = ImportRun.objects.create(
        kind=kind,
        dry_run=dry_run,
        original_name=Path(upload.name or "upload").name[:255],
        file_format=file_format,
        file_path=stored,
        target_id=target.pk if target is not None else None,
        target_label=str(target)[:255] if target is not None else "",
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


def import_notice_dead_worker(run: ImportRun) -> ImportRun:
    """A run whose job's worker died (its heartbeat older than the lease) is failed now, so
    its page and the API offer 继续导入 at once (issue #11); a live run is left as it is."""
    if run.job_id and run.job.is_stale:
        reap_stale_jobs()
        run.job.refresh_from_db()
        if not run.message:
            run.message = run.job.message
            ImportRun.objects.filter(pk=run.pk, message="").update(message=run.message)
    return run


@transaction.atomic
def import_resume(*, actor: Any, run: ImportRun) -> ImportRun:
    """Run an interrupted import again; committed batches are skipped (PLAT-5)."""
    require(actor, import_kind(run.kind).permission)
    locked = access(ImportRun.objects.select_for_update(of=("self",)), actor, run.pk)
    import_notice_dead_worker(locked)
    if locked.status != Job.Status.FAILED:
        raise ApplicationError("只有中断的导入才能继续。")
    if not locked.file_path:  # deleted after the retention period (core.retention)
        raise ApplicationError(FILE_GONE)
    locked.message = ""
    locked.save(update_fields=["message", "updated_at"])
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
