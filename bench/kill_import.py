"""Kill tests of the import (issue #11): the job worker and the checking child, twice each.

    .venv/bin/python bench/kill_import.py [--rows 60000]

On a fresh SQLite database in a temporary folder: a town officer imports a roster of
`--rows` rows (checked by a child process, written in batches of 10,000) while
`manage.py db_worker` runs it.

- worker: when two batches are committed, `kill -9` the worker. Then: does the checking
  child end with it, how long until the run is 中断 (the job's lease is 6 s here), does
  继续导入 finish it with created + updated + unchanged + rejected = rows and each person once.
- child: `kill -9` the checking child mid-file. Then: does the run fail with CheckingFailed
  and does the same worker go on to serve the next job (the employer export).

Prints one table row per trial.
"""

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.import_roster import ENV, _tree, make_roster  # noqa: E402

LEASE = 6


def setup(work: Path) -> dict[str, str]:
    env = {
        **os.environ,
        **ENV,
        "GONGHUI_VAR_DIR": str(work),
        "DATABASE_URL": f"sqlite:///{work / 'kill.sqlite3'}",
        "GONGHUI_JOB_LEASE_SECONDS": str(LEASE),
        "GONGHUI_JOB_HEARTBEAT_SECONDS": "1",
    }
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    from gonghui.demo.build import build_demo

    build_demo(seed=5, scale="tiny", only=["accounts"])
    return env


def worker(env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--interval",
            "0.2",
            "--no-reload",
            "--queue-name",
            "default,imports",
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.split()[2] != "Z"


def checking_children(pid: int) -> list[int]:
    """The worker's checking child (not multiprocessing's resource tracker, which a spawned
    child brings along)."""
    found = []
    for child in _tree(pid)[1:]:
        try:
            cmdline = Path(f"/proc/{child}/cmdline").read_bytes()
        except OSError:
            continue
        if b"resource_tracker" not in cmdline:
            found.append(child)
    return found


def wait_for(check, seconds: float) -> float | None:
    """Seconds until check() holds, or None after `seconds`."""
    from django.db import connection

    start = time.monotonic()
    while time.monotonic() - start < seconds:
        if check():
            return time.monotonic() - start
        connection.close()  # see the other process's commits
        time.sleep(0.2)
    return None


def start_import(roster: Path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gonghui.accounts.models import User
    from gonghui.core.importing.services import import_start
    from gonghui.orgs.choices import OrgKind
    from gonghui.orgs.models import Organization

    officer = User.objects.get(username="shiqiao")
    union = Organization.objects.visible_to(officer).filter(kind=OrgKind.GRASSROOTS).first()
    upload = SimpleUploadedFile("花名册.xlsx", roster.read_bytes())
    return officer, import_start(actor=officer, kind="members", upload=upload, target=union)


def run_of(pk: int):
    from gonghui.core.importing.models import ImportRun

    return ImportRun.objects.select_related("job").get(pk=pk)


def kill_worker_trial(env: dict[str, str], roster: Path) -> dict:
    from gonghui.core.importing.services import import_notice_dead_worker, import_resume
    from gonghui.members.models import Member

    officer, run = start_import(roster)
    proc = worker(env)
    wait_for(lambda: run_of(run.pk).last_batch >= 1, 300)
    children = _tree(proc.pid)[1:]
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    killed_at = time.monotonic()
    time.sleep(3)
    orphans = [pid for pid in children if alive(pid)]
    for pid in orphans:
        os.kill(pid, signal.SIGKILL)
    detected = wait_for(
        lambda: import_notice_dead_worker(run_of(run.pk)).status == "failed", LEASE * 4
    )
    # Measured here, not when the dict below is built: that is after the resumed run.
    detected_after = time.monotonic() - killed_at
    batches = run_of(run.pk).last_batch + 1
    import_resume(actor=officer, run=run_of(run.pk))
    proc = worker(env)
    wait_for(lambda: run_of(run.pk).is_finished, 600)
    proc.terminate()
    proc.wait()
    done = run_of(run.pk)
    counted = done.created + done.updated + done.unchanged + done.rejected
    people = Member.objects.filter(source_run=done).count()
    return {
        "trial": "worker kill -9",
        "batches before": batches,
        "children orphaned": len(orphans),
        "中断 after (s)": f"{detected_after:.1f}" if detected is not None else "never",
        "resumed": done.status,
        "rows = counts": f"{done.rows_total} = {counted}",
        "members": people,
    }


def kill_child_trial(env: dict[str, str], roster: Path) -> dict:
    from gonghui.core.exports import list_export_start
    from gonghui.core.models import Job

    officer, run = start_import(roster)
    proc = worker(env)
    wait_for(lambda: checking_children(proc.pid), 300)  # the checking child has started
    time.sleep(0.5)  # mid-file: it has handed over a chunk or two
    os.kill(checking_children(proc.pid)[0], signal.SIGKILL)
    failed = wait_for(lambda: run_of(run.pk).status == "failed", 30)
    message = run_of(run.pk).job.message
    job = list_export_start(actor=officer, name="orgs.employers", data={})
    served = wait_for(lambda: Job.objects.get(pk=job.pk).status == "succeeded", 60)
    proc.terminate()
    proc.wait()
    return {
        "trial": "child kill -9",
        "run failed after (s)": f"{failed:.1f}" if failed is not None else "never",
        "message": message[:40],
        "worker served next job": "yes" if served is not None else "NO",
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=60_000)
    parser.add_argument("--only", choices=["worker", "child"], help="one kind of trial")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="gonghui-kill-"))
    env = setup(work)
    roster = make_roster(args.rows)
    only = args.only
    results = [] if only == "child" else [kill_worker_trial(env, roster) for _ in range(2)]
    results += [] if only == "worker" else [kill_child_trial(env, roster) for _ in range(2)]
    for row in results:
        print(" | ".join(f"{k}: {v}" for k, v in row.items()))


if __name__ == "__main__":
    main()
