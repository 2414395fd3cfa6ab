"""An export while a colleague writes, on a SQLite file (issue #12): it failed with
"database is locked" and its job stayed "running". The suite's SQLite database is in
memory, so the run is `bench/export_under_writes.py` in its own process on a file: the
export as it is succeeds, the old reading (one open cursor) fails with the lock, and the job
is failed with its reason instead of staying "running"."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="a SQLite file's snapshot (run once, on SQLite)"
)
BENCH = Path(__file__).resolve().parent.parent / "bench" / "export_under_writes.py"


@pytest.fixture(scope="module")
def both() -> tuple[str, str]:
    """One process, one file: the export as it is, then the old reading (each run migrates a
    new file and makes its members, which is most of its time)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GONGHUI_"))}
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, str(BENCH), "--members", "2500", "--both"],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    first, _, second = done.stdout.partition("reading: old")
    return first, second


def test_an_export_beside_a_colleagues_writes_succeeds(both):
    assert "export job: succeeded" in both[0], both


def test_the_old_reading_met_the_lock_and_its_job_is_failed_with_the_reason(both):
    assert "export job: failed" in both[1] and "database is locked" in both[1], both
