"""Periodic jobs (registry store `periodic_jobs`): work that runs on a clock, not a click.

An app registers each job in its `AppConfig.ready()`:

    register_periodic(PeriodicJob(
        name="rights.mark_overdue", title="维权案件超期检查", every=timedelta(days=1),
        run=lambda actor: cases_mark_overdue(today=today(), actor=actor).as_dict(),
        grants=("rights.handle",),
    ))

One way runs them all: `manage.py periodic` (cron every few minutes, or `--loop` beside the
job worker, as `make run` does) runs every job whose last run is older than its `every`. A
job runs as a `SystemActor` holding only `grants`; each run is a `PeriodicRun` row.
"""

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from .actors import SystemActor, system_actor
from .models import PeriodicRun
from .registry import registry

logger = logging.getLogger("gonghui.periodic")
# A run still marked running after this long died without a word; the job is due again.
STALE_AFTER = datetime.timedelta(hours=6)


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    title: str
    every: datetime.timedelta
    run: Callable[[SystemActor], dict[str, Any]]
    grants: tuple[str, ...] = field(default=())

    @property
    def actor(self) -> SystemActor:
        return system_actor(self.name, self.title, self.grants)


def register_periodic(job: PeriodicJob) -> None:
    if job.name in registry["periodic_jobs"]:
        raise ValueError(f"Periodic job {job.name} is registered twice.")
    registry["periodic_jobs"][job.name] = job


def periodic_jobs() -> list[PeriodicJob]:
    return sorted(registry["periodic_jobs"].values(), key=lambda j: j.name)


def is_due(job: PeriodicJob, now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    last = PeriodicRun.objects.filter(name=job.name).first()
    if last is None:
        return True
    if last.status == PeriodicRun.Status.RUNNING:
        return now - last.started_at > STALE_AFTER
    if last.status == PeriodicRun.Status.FAILED:
        return now - last.started_at > min(job.every, datetime.timedelta(hours=1))
    return now - last.started_at >= job.every


def run_now(job: PeriodicJob) -> PeriodicRun:
    """Run `job` once as the system, recording the run; a failure is recorded, not raised."""
    with transaction.atomic():
        row = PeriodicRun.objects.create(name=job.name)
    try:
        result = job.run(job.actor) or {}
    except Exception as exc:
        logger.exception("periodic job %s failed", job.name)
        PeriodicRun.objects.filter(pk=row.pk).update(
            status=PeriodicRun.Status.FAILED,
            finished_at=timezone.now(),
            message=f"{type(exc).__name__}: {exc}"[:500],
        )
    else:
        PeriodicRun.objects.filter(pk=row.pk).update(
            status=PeriodicRun.Status.SUCCEEDED, finished_at=timezone.now(), result=result
        )
    row.refresh_from_db()
    return row


def run_due(now: datetime.datetime | None = None) -> list[PeriodicRun]:
    return [run_now(job) for job in periodic_jobs() if is_due(job, now)]
