"""Background jobs with progress (PLAT-5).

`job_start()` creates a Job row and enqueues `run_job_task` after commit. A handler
registered with `@job_handler(kind)` does the work and reports progress through
`JobProgress`; the job page polls the row (htmx) and shows a progress bar.
Handlers receive the Job (its params hold primary keys) and must be idempotent.
"""

import logging
import time
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone

from .audit import audit_record
from .models import Job

logger = logging.getLogger(__name__)
Handler = Callable[[Job, "JobProgress"], dict[str, Any]]
_HANDLERS: dict[str, Handler] = {}


def job_handler(kind: str) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        _HANDLERS[kind] = fn
        return fn

    return register


class JobProgress:
    """Writes progress at most every `interval` seconds so a big job doesn't thrash the row."""

    def __init__(self, job: Job, interval: float = 0.5):
        self.job = job
        self.interval = interval
        self._last = 0.0

    def update(
        self, done: int, total: int | None = None, message: str = "", force: bool = False
    ) -> None:
        now = time.monotonic()
        if not force and now - self._last < self.interval:
            return
        self._last = now
        fields: dict[str, Any] = {"progress_done": done}
        if total is not None:
            fields["progress_total"] = total
        if message:
            fields["message"] = message[:500]
        Job.objects.filter(pk=self.job.pk).update(**fields)


def job_start(*, kind: str, title: str, actor: Any, org_path: str, params: dict[str, Any]) -> Job:
    if kind not in _HANDLERS:
        raise KeyError(f"no handler for job kind {kind}")
    job = Job.objects.create(
        kind=kind, title=title, created_by=actor, org_path=org_path, params=params
    )
    audit_record(actor=actor, action="core.job.started", target=job, data={"kind": kind})
    from .tasks import run_job_task

    transaction.on_commit(lambda: run_job_task.enqueue(job.pk))
    return job


def run_job(job_id: int) -> None:
    job = Job.objects.get(pk=job_id)
    if job.is_finished:
        return
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, started_at=timezone.now())
    try:
        result = _HANDLERS[job.kind](job, JobProgress(job))
    except Exception as exc:
        logger.exception("job %s failed", job.pk)
        Job.objects.filter(pk=job.pk).update(
            status=Job.Status.FAILED,
            finished_at=timezone.now(),
            message=f"任务失败：{exc}"[:500],
        )
        return
    job.refresh_from_db()
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.SUCCEEDED,
        finished_at=timezone.now(),
        progress_done=max(job.progress_done, job.progress_total),
        result=result or {},
        result_file=(result or {}).get("file", ""),
    )
