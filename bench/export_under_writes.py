"""A member export while a colleague writes, on a SQLite file (issue #12).

The finding: an export of about 4,000 members while another user posted notes failed with
"database is locked", and its job stayed "running". The cause: the export read its rows
through one open cursor (`QuerySet.iterator()`) and wrote its progress on the same
connection; once anyone else had committed meanwhile, SQLite refuses to turn that read
into a write on its old snapshot (SQLITE_BUSY_SNAPSHOT, at once, whatever the busy
timeout). `core.exports` now reads the keys first, then whole chunks.

    .venv/bin/python bench/export_under_writes.py          # the export as it is: succeeds
    .venv/bin/python bench/export_under_writes.py --old    # the old reading: fails

Each run builds a small demo and 4,000 members in a temporary folder, starts a thread that
commits a write every 20 ms through its own connection, and runs the export job with its
progress written every 0 s (every row the job reports), printing the job's status.
"""

import argparse
import datetime
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup(work: Path) -> None:
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "gonghui.settings.local",
            "GONGHUI_VAR_DIR": str(work),
            "DATABASE_URL": f"sqlite:///{work / 'export.sqlite3'}",
        }
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    from gonghui.demo.build import build_demo

    build_demo(seed=5, scale="tiny", only=["accounts"])


def members(count: int) -> None:
    from gonghui.members.tests.factories import make_member, new_ric
    from gonghui.orgs.choices import OrgKind
    from gonghui.orgs.models import Organization

    union = Organization.objects.filter(kind=OrgKind.GRASSROOTS).first()
    first = datetime.date(1970, 1, 1)
    for n in range(count):  # a birth date each: the RIC's sequence part has 3 digits
        ric = new_ric(birth=first + datetime.timedelta(days=n))
        make_member(union, name=f"会员{n:04d}", ric=ric)


def writer(stop: threading.Event, done: list[int]) -> None:
    """A colleague's writes, committed one by one on this thread's own connection."""
    from django.db import connection

    from gonghui.core.models import PeriodicRun

    while not stop.is_set():
        PeriodicRun.objects.create(name=f"bench-write-{len(done)}")
        done.append(1)
        time.sleep(0.02)
    connection.close()


def export(old: bool) -> tuple[str, str, float]:
    from gonghui.accounts.models import User
    from gonghui.core import exports, jobs
    from gonghui.core.exports import list_export_start
    from gonghui.core.models import Job

    if old:  # the reading before the fix: one cursor open while progress is written
        exports._in_chunks = lambda qs, pks, size: qs.iterator(chunk_size=size)
    original = jobs.JobProgress.__init__

    def every_row(self, job, interval=0.0):
        original(self, job, 0.0)

    jobs.JobProgress.__init__ = every_row
    admin = User.objects.get(username="admin")
    job = list_export_start(actor=admin, name="members.members", data={})
    started = time.monotonic()
    jobs.run_job(job.pk)
    job = Job.objects.get(pk=job.pk)
    return job.status, job.message, time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--old", action="store_true", help="read as before the fix")
    parser.add_argument(
        "--both", action="store_true", help="the reading as it is, then the old one, on one file"
    )
    parser.add_argument("--members", type=int, default=4000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="gonghui-export-") as work:
        setup(Path(work))
        members(args.members)
        for old in (False, True) if args.both else (args.old,):
            under_writes(old, args.members)


def under_writes(old: bool, count: int) -> None:
    stop, done = threading.Event(), []
    thread = threading.Thread(target=writer, args=(stop, done))
    thread.start()
    try:
        status, message, seconds = export(old)
    finally:
        stop.set()
        thread.join()
    reading = "old (one open cursor)" if old else "keys, then whole chunks"
    print(f"reading: {reading} | members: {count} | colleague's writes: {len(done)}")
    print(f"export job: {status} in {seconds:.1f} s | {message}")


if __name__ == "__main__":
    main()
