"""Files holding RICs and phones expire (issue #12): rosters, error reports (and their masked
copies) and export files are deleted after FILE_RETENTION_DAYS by a daily periodic job."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from gonghui.core.errors import ApplicationError
from gonghui.core.importing.models import ImportRun
from gonghui.core.importing.services import import_resume
from gonghui.core.models import Job
from gonghui.core.periodic import periodic_jobs
from gonghui.core.retention import purge_expired_files
from gonghui.core.tests.importing.helpers import person, run_import, xlsx_bytes

pytestmark = pytest.mark.django_db


def _age(model, pk: int, days: int) -> None:
    model.objects.filter(pk=pk).update(created_at=timezone.now() - datetime.timedelta(days=days))


def test_an_imports_files_are_deleted_after_the_retention_and_the_page_says_so(
    world, client_for, django_capture_on_commit_callbacks, settings
):
    settings.FILE_RETENTION_DAYS = 30
    bad = person(1)
    bad[2] = "女"
    run = run_import(
        django_capture_on_commit_callbacks, world.chair_a, xlsx_bytes([bad]), union=world.union_a
    )
    client = client_for(world.district_staff)
    assert client.get(f"/imports/{run.pk}/report/").status_code == 200  # writes a masked copy
    root = Path(settings.MEDIA_ROOT)
    files = [root / run.file_path, root / run.report_path]
    masked = files[1].with_name(files[1].stem + "-masked.xlsx")
    assert all(f.exists() for f in [*files, masked])

    _age(ImportRun, run.pk, 29)
    assert purge_expired_files() == {"imports": 0, "exports": 0}
    _age(ImportRun, run.pk, 31)
    assert purge_expired_files()["imports"] == 1
    assert not any(f.exists() for f in [*files, masked])
    run.refresh_from_db()
    assert (run.file_path, run.report_path, run.rejected) == ("", "", 1)  # the counts stay
    page = client_for(world.chair_a).get(f"/imports/{run.pk}/").content.decode()
    assert 'id="files-expired"' in page and "report-download" not in page
    assert client.get(f"/imports/{run.pk}/report/").status_code == 404
    assert purge_expired_files()["imports"] == 0  # nothing twice


def test_an_interrupted_import_whose_file_expired_cannot_be_resumed(
    world, django_capture_on_commit_callbacks
):
    run = run_import(
        django_capture_on_commit_callbacks,
        world.chair_a,
        xlsx_bytes([person(1)]),
        union=world.union_a,
    )
    Job.objects.filter(pk=run.job_id).update(status=Job.Status.FAILED)
    _age(ImportRun, run.pk, settings.FILE_RETENTION_DAYS + 1)
    assert purge_expired_files()["imports"] == 1
    with pytest.raises(ApplicationError, match="超过保存期限"):
        import_resume(actor=world.chair_a, run=ImportRun.objects.get(pk=run.pk))


def test_an_export_file_is_deleted_after_the_retention(
    world, client_for, django_capture_on_commit_callbacks
):
    client = client_for(world.admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/exports/members.members/", {})
    job = Job.objects.latest("pk")
    path = Path(settings.MEDIA_ROOT) / job.result_file
    assert path.exists()
    _age(Job, job.pk, settings.FILE_RETENTION_DAYS + 1)
    assert purge_expired_files()["exports"] == 1
    job.refresh_from_db()
    assert not path.exists() and job.result_file == "" and "保存期限" in job.message


def test_the_purge_is_a_daily_periodic_job():
    job = next(j for j in periodic_jobs() if j.name == "core.purge_expired_files")
    assert job.every == datetime.timedelta(days=1)
