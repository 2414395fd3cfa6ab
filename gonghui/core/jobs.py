"""Background jobs with progress (PLAT-5).

`job_start()` creates a Job row and enqueues `run_job_task` after commit. A handler
registered with `@job_handler(kind)` does the work and reports progress through
`JobProgress`; the job page polls the row (htmx) and shows a progress bar.
Handlers receive the Job (its params hold primary keys) and must be idempotent.

A running job beats a heartbeat (its row's `updated_at`, every JOB_HEARTBEAT_SECONDS, from a
thread beside the handler). A worker killed by kill -9 or the OOM killer beats no more: once
the heartbeat is older than JOB_LEASE_SECONDS, `reap_stale_jobs` (a periodic job, and the
pages and API that show a job) marks the job failed, so an import can be resumed (issue #11).
A worker that was only frozen and wakes up finds its job failed at its next batch
(`ensure_still_running`) and stops, so it never writes beside the resumed run.
"""

import datetime
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import connection, transaction
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
        fields: dict[str, Any] = {"progress_done": done, "updated_at": timezone.now()}
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


STALE_MESSAGE = "后台任务进程意外停止（超过{seconds}秒没有心跳）；已保存的部分不受影响。"


class JobLost(RuntimeError):
    """This job was failed by the reaper while it ran (its worker froze past its lease)."""


def reap_stale_jobs() -> int:
    """Fail the running jobs whose heartbeat is older than the lease; how many."""
    now = timezone.now()
    cutoff = now - datetime.timedelta(seconds=settings.JOB_LEASE_SECONDS)
    message = STALE_MESSAGE.format(seconds=settings.JOB_LEASE_SECONDS)
    stale = Job.objects.filter(status=Job.Status.RUNNING, updated_at__lt=cutoff)
    return stale.update(status=Job.Status.FAILED, finished_at=now, updated_at=now, message=message)


def ensure_still_running(job: Job) -> None:
    """JobLost if the reaper failed `job` meanwhile (call before writing a batch)."""
    if not Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING).exists():
        raise JobLost(f"任务 {job.pk} 已被判定为中断，本进程停止写入。")


# The import's checking child may still be forked beside this thread: it only sleeps and
# updates one row through its own connection, which the child never touches.
HEARTBEAT_THREAD = "gonghui-job-heartbeat"


class _Heartbeat:
    """Touches the job's row every JOB_HEARTBEAT_SECONDS while the handler runs."""

    def __init__(self, job_id: int):
        self.job_id = job_id
        self.stopped = threading.Event()
        self.thread = threading.Thread(
            target=self._beat, name=f"job-{job_id}-heartbeat", daemon=True
        )

    def __enter__(self) -> "_Heartbeat":
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.stopped.set()
        self.thread.join(5)

    def _beat(self) -> None:
        try:
            while not self.stopped.wait(settings.JOB_HEARTBEAT_SECONDS):
                try:
                    Job.objects.filter(pk=self.job_id, status=Job.Status.RUNNING).update(
                        updated_at=timezone.now()
                    )
                except Exception:  # one missed beat (the database busy): the next one counts
                    logger.warning("heartbeat of job %s missed", self.job_id, exc_info=True)
        finally:
            connection.close()  # this thread's own connection


def run_job(job_id: int) -> None:
    job = Job.objects.get(pk=job_id)
    if job.is_finished:
        return
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.RUNNING, started_at=timezone.now(), updated_at=timezone.now()
    )
    try:
        with _Heartbeat(job.pk):
            result = _HANDLERS[job.kind](job, JobProgress(job))
    except JobLost:
        logger.warning("job %s was failed by the reaper while it ran; stopped", job.pk)
        return
    except Exception as exc:
        logger.exception("job %s failed", job.pk)
        Job.objects.filter(pk=job.pk).update(
            status=Job.Status.FAILED,
            finished_at=timezone.now(),
            message=f"任务失败：{exc}"[:500],
        )
        return
    job.refresh_from_db()
    Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING).update(
        status=Job.Status.SUCCEEDED,
        finished_at=timezone.now(),
        progress_done=max(job.progress_done, job.progress_total),
        result=result or {},
        result_file=(result or {}).get("file", ""),
    )
