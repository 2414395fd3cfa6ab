"""A job whose worker died is noticed (issue #11): after kill -9 of the worker the import and
its job stayed 导入中 forever and 继续导入 never appeared. A running job beats a heartbeat;
one whose heartbeat is older than JOB_LEASE_SECONDS is failed by the reaper (the periodic
job, and the import's own page and API), and its import can be resumed."""

import datetime
import threading
import time

import pytest
from django.utils import timezone

from gonghui.core import jobs
from gonghui.core.importing.models import ImportRun
from gonghui.core.models import Job

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def held_queue(monkeypatch):
    """Jobs wait in the queue instead of running at once (the test backend is immediate)."""
    from gonghui.core import tasks

    class Held:
        job_ids: list[int] = []

        def enqueue(self, job_id: int) -> None:
            self.job_ids.append(job_id)

        def using(self, **_options) -> "Held":  # job_start names the kind's queue
            return self

    held = Held()
    monkeypatch.setattr(tasks, "run_job_task", held)
    return held


def _running_import(world, *, beat_seconds_ago: float) -> ImportRun:
    job = jobs.job_start(
        kind="importing.run",
        title="导入会员花名册：花名册.xlsx",
        actor=world.town_a_user,
        org_path=world.union_a.path,
        params={"run_id": 0},
    )
    beat = timezone.now() - datetime.timedelta(seconds=beat_seconds_ago)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, updated_at=beat)
    run = ImportRun.objects.create(
        kind="members",
        original_name="花名册.xlsx",
        file_format="xlsx",
        file_path="imports/x.xlsx",
        org_path=world.union_a.path,
        created_by=world.town_a_user,
        job=job,
        last_batch=3,
    )
    job.params = {"run_id": run.pk}
    job.save(update_fields=["params"])
    return run


def test_a_job_beats_while_its_handler_runs(world, settings):
    settings.JOB_HEARTBEAT_SECONDS = 0.05
    seen = []

    @jobs.job_handler("test.slow")
    def slow(job, progress):
        # the handler itself reports nothing: any change of the row is the heartbeat's
        for _ in range(20):
            seen.append(Job.objects.get(pk=job.pk).updated_at)
            time.sleep(0.05)
        return {}

    job = jobs.job_start(
        kind="test.slow", title="慢", actor=world.admin, org_path=world.district.path, params={}
    )
    runner = threading.Thread(target=jobs.run_job, args=(job.pk,))
    runner.start()
    runner.join(30)
    assert seen and max(seen) > seen[0]  # touched again while it ran


def test_a_dead_workers_import_becomes_resumable_on_its_page(world, client_for, settings):
    settings.JOB_LEASE_SECONDS = 60
    run = _running_import(world, beat_seconds_ago=600)
    client = client_for(world.town_a_user)
    page = client.get(f"/imports/{run.pk}/").content.decode()
    assert "继续导入" in page and "意外停止" in page
    job = Job.objects.get(pk=run.job_id)
    assert job.status == Job.Status.FAILED and job.finished_at is not None
    response = client.post(f"/imports/{run.pk}/resume/", follow=True)
    assert "只有中断的导入才能继续" not in response.content.decode()
    run.refresh_from_db()
    assert run.job_id != job.pk and run.job.status == Job.Status.QUEUED
    assert run.last_batch == 3  # resuming skips the committed batches


def test_a_live_job_is_left_alone(world, settings):
    settings.JOB_LEASE_SECONDS = 60
    run = _running_import(world, beat_seconds_ago=5)
    assert jobs.reap_stale_jobs() == 0
    assert Job.objects.get(pk=run.job_id).status == Job.Status.RUNNING


def test_the_api_resumes_a_dead_workers_import(world, client_for, settings):
    settings.JOB_LEASE_SECONDS = 60
    run = _running_import(world, beat_seconds_ago=600)
    client = client_for(world.town_a_user)
    status = client.get(f"/api/v1/imports/{run.pk}").json()
    assert status["status"] == "failed"
    resumed = client.post(f"/api/v1/imports/{run.pk}/resume")
    assert resumed.status_code == 202 and resumed.json()["status"] == "queued"
    live = _running_import(world, beat_seconds_ago=1)
    refused = client.post(f"/api/v1/imports/{live.pk}/resume")
    assert refused.status_code == 400 and "中断" in refused.json()["detail"]


def test_the_reaper_is_a_periodic_job():
    from gonghui.core.periodic import periodic_jobs

    assert "core.reap_stale_jobs" in {job.name for job in periodic_jobs()}


def test_an_old_process_that_wakes_up_stops_at_its_next_batch(world, settings):
    """A worker frozen past its lease (not dead) finds its job failed and stops writing,
    so it never writes beside the resumed run."""
    run = _running_import(world, beat_seconds_ago=600)
    job = Job.objects.get(pk=run.job_id)
    settings.JOB_LEASE_SECONDS = 60
    jobs.reap_stale_jobs()
    with pytest.raises(jobs.JobLost):
        jobs.ensure_still_running(job)
