"""No upload exhausts the service (issue #12): rows per import, what an .xlsx expands to, a
CSV cell past the limit, and imports on their own queue."""

import io
import re
import zipfile

import pytest
from django.test import override_settings
from django_tasks import default_task_backend

from gonghui.core.errors import ApplicationError
from gonghui.core.importing.models import ImportRun
from gonghui.core.importing.readers import SheetReader, check_archive
from gonghui.core.importing.services import import_resume, import_start
from gonghui.core.models import Job
from gonghui.members.models import Member

from .helpers import csv_bytes, person, run_import, upload, xlsx_bytes

pytestmark = pytest.mark.django_db


def _rezip(content: bytes, change) -> bytes:
    """The .xlsx `content` with its parts passed through change(name, data) -> data | None
    (None drops the part), and any extra parts change(None, None) returns."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = change(info.filename, source.read(info))
            if data is not None:
                target.writestr(info.filename, data, zipfile.ZIP_DEFLATED)
        for name, data in change(None, None) or []:
            target.writestr(name, data, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _bomb(content: bytes) -> bytes:
    """A roster with one part that inflates 1,000 times (a zip bomb's shape)."""
    return _rezip(
        content, lambda n, d: [("xl/media/pad.bin", b"\0" * 20_000_000)] if n is None else d
    )


def _undeclared(content: bytes) -> bytes:
    """The roster without its sheet's <dimension>: its size is found only by reading it."""

    def drop(name, data):
        if name and name.startswith("xl/worksheets/"):
            return re.sub(rb"<dimension[^>]*/>", b"", data)
        return data if name else None

    return _rezip(content, drop)


def _start(world, content: bytes, name: str = "花名册.xlsx") -> ImportRun:
    return import_start(
        actor=world.town_a_user, kind="members", upload=upload(content, name), union=world.union_a
    )


def test_an_xlsx_that_inflates_too_far_is_refused_at_upload_before_reading(world, tmp_path):
    bomb = _bomb(xlsx_bytes([person(1)]))
    assert len(bomb) < 200_000  # small as uploaded
    with pytest.raises(ApplicationError, match="解压后是压缩时的.*倍（上限100倍）") as exc:
        _start(world, bomb)
    assert exc.value.field == "file" and not ImportRun.objects.exists()
    # and a stored one is refused again before a byte of it is inflated
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(bomb)
    with pytest.raises(ApplicationError, match="上限100倍"):
        next(SheetReader(path, "xlsx").rows())


@override_settings(IMPORT_XLSX_MAX_UNCOMPRESSED_MB=0)
def test_an_xlsx_past_the_uncompressed_size_is_refused(world):
    with pytest.raises(ApplicationError, match="解压后有.*MB，超过0MB的上限"):
        _start(world, xlsx_bytes([person(1)]))


def test_a_real_roster_passes_the_archive_check():
    rows = [person(seed) for seed in range(300)]
    check_archive(io.BytesIO(xlsx_bytes(rows)))  # raises if a real file were taken for a bomb


@override_settings(IMPORT_MAX_ROWS=5)
@pytest.mark.parametrize(
    ("content", "name"),
    [
        (xlsx_bytes([person(seed) for seed in range(10)]), "花名册.xlsx"),
        (csv_bytes([person(seed) for seed in range(10)]), "花名册.csv"),
    ],
)
def test_a_file_declaring_more_rows_than_the_limit_is_refused_at_upload(world, content, name):
    with pytest.raises(ApplicationError, match=r"文件有11行，超过每次导入5行的上限") as exc:
        _start(world, content, name)
    assert exc.value.field == "file" and not ImportRun.objects.exists()


@pytest.mark.usefixtures("checking")
def test_rows_past_the_limit_found_while_reading_fail_the_run_cleanly(
    world, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.IMPORT_MAX_ROWS = 5
    monkeypatch.setenv("GONGHUI_IMPORT_MAX_ROWS", "5")  # a spawned checking child's settings
    content = _undeclared(xlsx_bytes([person(seed) for seed in range(10)]))
    run = run_import(
        django_capture_on_commit_callbacks, world.town_a_user, content, union=world.union_a
    )
    run.job.refresh_from_db()
    assert run.job.status == Job.Status.FAILED, (run.message, run.rows_total)
    assert "超过每次导入5行的上限" in run.message
    assert "超过每次导入5行的上限" in run.job.message


@pytest.mark.usefixtures("checking")
def test_a_csv_cell_past_the_limit_rejects_its_row_and_the_rest_imports(
    world, django_capture_on_commit_callbacks
):
    # given a CSV whose third row holds a 130,000-character cell (the csv module's own
    # limit is 128 KiB: the import crashed with "_csv.Error: field larger than field limit")
    rows = [person(1), person(2), person(3), person(4)]
    rows[2][4] = "1" * 130_000
    content = csv_bytes(rows)
    run = run_import(
        django_capture_on_commit_callbacks,
        world.town_a_user,
        content,
        union=world.union_a,
        name="花名册.csv",
    )
    run.job.refresh_from_db()
    # then that row is rejected with the reason, and the other three are imported
    assert run.job.status == Job.Status.SUCCEEDED, run.job.message
    assert (run.created, run.rejected) == (3, 1)
    assert [e["row"] for e in run.errors] == [4]
    assert "第4行：某一格超过32,767个字符" in run.errors[0]["reason"]
    assert Member.objects.count() == 3


def test_resuming_an_import_with_a_long_csv_cell_reads_it_the_same_way(
    world, django_capture_on_commit_callbacks
):
    rows = [person(1), person(2)]
    rows[0][0] = "名" * 200_000
    run = run_import(
        django_capture_on_commit_callbacks,
        world.town_a_user,
        csv_bytes(rows),
        union=world.union_a,
        name="花名册.csv",
    )
    # as if its worker had died: 继续导入 reads the file again
    Job.objects.filter(pk=run.job_id).update(status=Job.Status.FAILED)
    with django_capture_on_commit_callbacks(execute=True):
        import_resume(actor=world.town_a_user, run=run)
    run.refresh_from_db()
    assert run.job.status == Job.Status.SUCCEEDED, run.job.message
    assert run.rejected == 1 and Member.objects.count() == 1


@override_settings(
    TASKS={
        "default": {
            "BACKEND": "django_tasks.backends.dummy.DummyBackend",
            "QUEUES": ["default", "imports"],
        }
    }
)
def test_imports_are_queued_apart_from_exports_and_other_jobs(
    world, client_for, django_capture_on_commit_callbacks
):
    default_task_backend.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _start(world, xlsx_bytes([person(1)]))
        client_for(world.town_a_user).post("/exports/members.members/", {})
    queued = {r.args[0]: r.task.queue_name for r in default_task_backend.results}
    jobs = {job.kind: job.pk for job in Job.objects.all()}
    assert queued[jobs["importing.run"]] == "imports"
    assert queued[jobs["core.list_export"]] == "default"
