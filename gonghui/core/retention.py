"""Files that hold personal information expire (issue #12, PIPL: kept no longer than needed).

An import's uploaded roster and its error report (and the report's masked copy), and an
export's file, are deleted FILE_RETENTION_DAYS after their run or job was created, by the
daily periodic job `core.purge_expired_files`. The rows stay (counts, reasons, who and when);
only the files go, and the page says so (`ImportRun.files_expired`, the job's message). A case's attachments are part of the case file and
are kept with it.
"""

import datetime
import logging
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from .importing.models import ImportRun
from .importing.report import MASKED_SUFFIX
from .models import Job

logger = logging.getLogger("gonghui.retention")
EXPORT_FILE_GONE = "导出文件已超过保存期限（{days}天），已删除；如仍需要请重新导出。"
_UNFINISHED = (Job.Status.QUEUED, Job.Status.RUNNING)


def purge_expired_files(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Delete the files past their retention; how many runs and jobs lost theirs."""
    days = settings.FILE_RETENTION_DAYS
    cutoff = (now or timezone.now()) - datetime.timedelta(days=days)
    return {
        "imports": _purge_imports(cutoff),
        "exports": _purge_exports(cutoff, EXPORT_FILE_GONE.format(days=days)),
    }


def _purge_imports(cutoff: datetime.datetime) -> int:
    runs = (
        ImportRun.objects.filter(created_at__lt=cutoff)
        .exclude(file_path="", report_path="")
        .exclude(job__status__in=_UNFINISHED)
    )
    count = 0
    for run in runs.only("pk", "file_path", "report_path").iterator():
        for relative in (run.file_path, run.report_path):
            _delete(relative)
            if relative:
                path = Path(relative)
                _delete(str(path.with_name(f"{path.stem}{MASKED_SUFFIX}{path.suffix}")))
        ImportRun.objects.filter(pk=run.pk).update(file_path="", report_path="")
        count += 1
    return count


def _purge_exports(cutoff: datetime.datetime, message: str) -> int:
    jobs = Job.objects.filter(created_at__lt=cutoff).exclude(result_file="")
    jobs = jobs.exclude(status__in=_UNFINISHED)
    count = 0
    for job in jobs.only("pk", "result_file").iterator():
        _delete(job.result_file)
        Job.objects.filter(pk=job.pk).update(result_file="", message=message)
        count += 1
    return count


def _delete(relative: str) -> None:
    if not relative:
        return
    root = Path(settings.MEDIA_ROOT).resolve()
    path = (root / relative).resolve()
    if path.is_relative_to(root):
        path.unlink(missing_ok=True)
    else:
        logger.warning("not deleting %s: outside MEDIA_ROOT", relative)


def register() -> None:
    from .periodic import PeriodicJob, register_periodic

    register_periodic(
        PeriodicJob(
            name="core.purge_expired_files",
            title="删除超过保存期限的文件",
            every=datetime.timedelta(days=1),
            run=lambda actor: purge_expired_files(),
        )
    )
