"""A failing job is marked failed with its reason and the worker lives on (issue #12: an export
met "database is locked", stayed "running" forever, and db_worker exited)."""

import pytest
from django.db import OperationalError, connection
from django.db.models.query import QuerySet
from django.test.utils import CaptureQueriesContext

from gonghui.core import jobs
from gonghui.core.exports import _in_chunks
from gonghui.core.jobs import job_start
from gonghui.core.models import Job
from gonghui.core.tasks import run_job_task
from gonghui.members.models import Member
from gonghui.members.tests.factories import make_member

pytestmark = pytest.mark.django_db


def _job(world, kind: str) -> Job:
    return job_start(
        kind=kind, title="t", actor=world.admin, org_path=world.district.path, params={}
    )


@pytest.fixture
def locked_handler():
    @jobs.job_handler("test.locked")
    def locked(job, progress):
        raise OperationalError("database is locked")

    return "test.locked"


def test_a_job_meeting_a_locked_database_is_failed_with_the_reason(world, locked_handler):
    job = _job(world, locked_handler)
    run_job_task.call(job.pk)  # what db_worker calls: returns, so the worker goes on
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and job.finished_at is not None
    assert "数据库正忙" in job.message and "database is locked" in job.message


def test_marking_a_job_failed_is_retried_while_the_database_is_busy(
    world, locked_handler, monkeypatch
):
    monkeypatch.setattr(jobs, "_MARK_WAIT_SECONDS", 0)
    original, refused = QuerySet.update, []

    def busy_twice(self, **values):
        if self.model is Job and values.get("status") == Job.Status.FAILED and len(refused) < 2:
            refused.append(values)
            raise OperationalError("database is locked")
        return original(self, **values)

    monkeypatch.setattr(QuerySet, "update", busy_twice)
    job = _job(world, locked_handler)
    jobs.run_job(job.pk)
    job.refresh_from_db()
    assert len(refused) == 2 and job.status == Job.Status.FAILED  # the third try wrote it


def test_a_job_that_cannot_be_marked_at_all_does_not_stop_the_worker(
    world, locked_handler, monkeypatch
):
    monkeypatch.setattr(jobs, "_MARK_WAIT_SECONDS", 0)
    original = QuerySet.update

    def always_busy(self, **values):
        if self.model is Job and values.get("status") == Job.Status.FAILED:
            raise OperationalError("database is locked")
        return original(self, **values)

    monkeypatch.setattr(QuerySet, "update", always_busy)
    job = _job(world, locked_handler)
    run_job_task.call(job.pk)  # no exception: the reaper fails it once its lease is over
    job.refresh_from_db()
    assert job.status == Job.Status.RUNNING


def test_a_job_whose_start_meets_a_locked_database_is_failed_too(world, monkeypatch):
    @jobs.job_handler("test.never")
    def never(job, progress):  # pragma: no cover - the start fails first
        raise AssertionError

    original, refused = QuerySet.update, []

    def busy_at_start(self, **values):
        if self.model is Job and values.get("status") == Job.Status.RUNNING and not refused:
            refused.append(values)
            raise OperationalError("database is locked")
        return original(self, **values)

    monkeypatch.setattr(QuerySet, "update", busy_at_start)
    job = _job(world, "test.never")
    run_job_task.call(job.pk)
    job.refresh_from_db()
    assert refused and job.status == Job.Status.FAILED and "数据库正忙" in job.message


def test_an_export_reads_its_rows_chunk_by_chunk_in_the_lists_order(world):
    for name in ("丁", "甲", "丙", "乙", "戊"):
        make_member(world.union_a, name=name)
    qs = Member.objects.order_by("-name")
    pks = list(qs.values_list("pk", flat=True))
    rows = _in_chunks(qs, pks, 2)
    with CaptureQueriesContext(connection) as queries:
        first = next(rows)
    # the first chunk was read whole by then (no cursor left open while the job writes)
    assert len(queries) == 1 and first.pk == pks[0]
    seen = [first.name, *(row.name for row in rows)]
    assert seen == list(qs.values_list("name", flat=True))
