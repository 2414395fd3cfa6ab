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

A job that fails, whatever the exception (SQLite's "database is locked" included), is marked
failed with its reason, and `run_job` never raises: the worker (`db_worker`) lives on to run
the next job (issue #12: a failed export stayed "running" and the worker exited). Marking it
failed is retried while the database is busy.

Each kind names its queue (`job_handler(kind, queue=...)`): imports run on their own
("imports", settings.TASK_QUEUES) with their own worker, so a big import never keeps an
export waiting.
"""

import datetime
import logging
import sqlite3
import threading
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, OperationalError, connection, transaction
from django.utils import timezone

from .audit import audit_record, register_actions
from .errors import ApplicationError
from .models import Job

logger = logging.getLogger(__name__)
Handler = Callable[[Job, "JobProgress"], dict[str, Any]]
_HANDLERS: dict[str, Handler] = {}
_QUEUES: dict[str, str] = {}
DEFAULT_QUEUE = "default"
# Marking a job failed or done while the database is busy: tries, and the first wait (doubled).
_MARK_TRIES = 6
_MARK_WAIT_SECONDS = 0.5


def job_handler(kind: str, *, queue: str = DEFAULT_QUEUE) -> Callable[[Handler], Handler]:
    """Register the handler of `kind`; its jobs run on task queue `queue`."""

    def register(fn: Handler) -> Handler:
        _HANDLERS[kind] = fn
        _QUEUES[kind] = queue
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

    task = run_job_task.using(queue_name=job_queue(kind))
    transaction.on_commit(lambda: task.enqueue(job.pk))
    return job


def job_queue(kind: str) -> str:
    """The task queue the jobs of `kind` run on."""
    return _QUEUES.get(kind, DEFAULT_QUEUE)


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
    """Run job `job_id`; never raises (see the module doc): a failure is on the job's row."""
    try:
        _run(job_id)
    except JobLost:
        logger.warning("job %s was failed by the reaper while it ran; stopped", job_id)
    except Exception as exc:
        logger.exception("job %s failed", job_id)
        _settle(job_id, status=Job.Status.FAILED, message=f"任务失败：{failure_reason(exc)}"[:500])


def _run(job_id: int) -> None:
    job = Job.objects.get(pk=job_id)
    if job.is_finished:
        return
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.RUNNING, started_at=timezone.now(), updated_at=timezone.now()
    )
    with _Heartbeat(job.pk):
        result = _HANDLERS[job.kind](job, JobProgress(job)) or {}
    job.refresh_from_db()
    _settle(
        job.pk,
        status=Job.Status.SUCCEEDED,
        only_running=True,
        progress_done=max(job.progress_done, job.progress_total),
        result=result,
        result_file=result.get("file", ""),
    )


def failure_reason(exc: BaseException) -> str:
    """What went wrong, in words for the job's page."""
    if isinstance(exc, ApplicationError):
        return exc.message
    if isinstance(exc, PermissionDenied):
        return str(exc) or "没有权限。"
    if _database_busy(exc):
        return "数据库正忙（database is locked），请稍后重新运行。"
    return str(exc) or type(exc).__name__


def _database_busy(exc: BaseException) -> bool:
    text = str(exc).lower()
    busy = isinstance(exc, OperationalError | sqlite3.OperationalError)
    return busy and ("locked" in text or "busy" in text)


def _settle(job_id: int, *, status: str, only_running: bool = False, **fields: Any) -> None:
    """Write a job's end, retried while the database is busy (a worker must not leave a job
    "running" because one write met a lock); given up on with a log line, after which the
    reaper fails the job once its heartbeat is older than the lease."""
    rows = Job.objects.filter(pk=job_id)
    if only_running:
        rows = rows.filter(status=Job.Status.RUNNING)
    values = {"status": status, "finished_at": timezone.now(), "updated_at": timezone.now()}
    wait = _MARK_WAIT_SECONDS
    for attempt in range(1, _MARK_TRIES + 1):
        try:
            rows.update(**values, **fields)
            return
        except DatabaseError:
            if attempt == _MARK_TRIES:
                logger.exception("job %s could not be marked %s", job_id, status)
                return
            logger.warning("job %s: marking it %s failed, try %s", job_id, status, attempt)
            if not connection.in_atomic_block:
                connection.close()  # a broken connection is opened anew
            time.sleep(wait)
            wait *= 2


def job_file_downloaded(*, actor: Any, job: Job) -> None:
    """Record a download of a job's file (an export: people's names and numbers)."""
    audit_record(
        actor=actor,
        action="core.job.downloaded",
        target=job,
        org_path=job.org_path,
        data={"kind": job.kind, "title": job.title, "file": job.result_file},
    )


register_actions({"core.job.downloaded": "下载任务结果文件"})
