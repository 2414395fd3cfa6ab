"""Every file a user can download, walked as each role that may not see full numbers
(issue #12): every registered list export (asked for in full), every import's error report
and the audit export hold no member's or case contact's whole RIC or phone.

New list exports are covered automatically (they register in `list_exports`); a new kind of
download adds itself here.
"""

import io
import re

import openpyxl
import pytest

from gonghui.core.models import AuditEntry, Job
from gonghui.core.registry import registry
from gonghui.core.tests.importing.helpers import person, run_import, xlsx_bytes
from gonghui.members.tests.factories import make_member
from gonghui.rights.tests.conftest import register

pytestmark = pytest.mark.django_db
# Roles that see rows with RICs or phones but may not read them whole.
READERS = ("district_staff", "auditor", "lawyer_a")
LONG_NUMBER = re.compile(r"\d{11,}[\dXx]*")


@pytest.fixture
def numbers(world, django_capture_on_commit_callbacks):
    members = [make_member(world.union_a, name=n) for n in ("全号甲", "全号乙")]
    register(world.town_a_user, contact_phone="13912345678", contact_ric=members[0].ric)
    bad = person(7)
    bad[2] = "女"  # rejected: its RIC and phone stay in the uploader's report
    run = run_import(
        django_capture_on_commit_callbacks, world.chair_a, xlsx_bytes([bad]), union=world.union_a
    )
    assert run.rejected == 1
    whole = {m.ric for m in members} | {m.phone for m in members}
    return whole | {"13912345678", bad[1], bad[4]}


def _cells(content: bytes) -> set[str]:
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    return {str(v) for sheet in book for row in sheet.values for v in row if v is not None}


def _leaks(content: bytes, numbers: set[str]) -> list[str]:
    return sorted(c for c in _cells(content) if any(n in c for n in numbers))


def _downloads(client, capture) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for name in sorted(registry["list_exports"]):
        with capture(execute=True):
            response = client.post(f"/exports/{name}/", {"full": "1"})
        if response.status_code == 403:
            continue
        job = Job.objects.latest("pk")
        got = client.get(f"/jobs/{job.pk}/download/")
        assert got.status_code == 200, (name, job.status, job.message)
        files[f"export {name}"] = b"".join(got.streaming_content)
    from gonghui.core.importing.models import ImportRun

    for run in ImportRun.objects.exclude(report_path=""):
        got = client.get(f"/imports/{run.pk}/report/")
        if got.status_code == 200:
            files[f"report {run.pk}"] = b"".join(got.streaming_content)
    return files


@pytest.mark.parametrize("who", READERS)
def test_no_download_holds_a_whole_number_for_a_role_without_full_access(
    world, numbers, client_for, django_capture_on_commit_callbacks, who
):
    user = getattr(world, who)
    files = _downloads(client_for(user), django_capture_on_commit_callbacks)
    assert files or who == "lawyer_a"
    leaks = {name: _leaks(content, numbers) for name, content in files.items()}
    assert {name: found for name, found in leaks.items() if found} == {}
    # and each download is in the audit log under its reader's name
    downloads = AuditEntry.objects.filter(
        actor=user, action__in=("core.job.downloaded", "importing.report.downloaded")
    )
    assert downloads.count() == len(files)


def test_the_walk_sees_whole_numbers_where_they_are_allowed(
    world, numbers, client_for, django_capture_on_commit_callbacks
):
    """The uploader's own report and the admin's full member export do hold them (so the walk
    above would see a leak)."""
    files = _downloads(client_for(world.admin), django_capture_on_commit_callbacks)
    assert _leaks(files["export members.members"], numbers)
    assert any(_leaks(c, numbers) for n, c in files.items() if n.startswith("report"))
