"""Reading and checking in a child process gives what doing it here gives, and fails the
same way."""

import multiprocessing
import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from gonghui.core.errors import ApplicationError
from gonghui.core.importing import checking
from gonghui.core.importing.checking import CheckedRows, CheckingFailed
from gonghui.core.importing.readers import SheetReader
from gonghui.core.importing.xlsx_stream import BROKEN, sheet_rows_declared
from gonghui.members.importers import MemberImporter

from .helpers import csv_bytes, person, xlsx_bytes

FIXTURES = Path(__file__).parent / "fixtures"
ROWS = [person(i) for i in range(1, 11)] + [["", "", "", "", "", ""], person(11)]
ROWS[3][1] = "123"  # a bad RIC: checked rows carry problems too


@pytest.fixture
def importer():
    """A member importer as the child gets it: no database, what check needs handed over."""
    union = {"name": "甲公司工会委员会", "kind": "grassroots", "is_active": True, "path": "/1/2/"}
    return MemberImporter.for_checking(
        {
            "run": 1,
            "target": 1,  # every row into the chosen union 1
            "employers": {},
            "unions": {1: union},
            "names": {union["name"]: 1},
            "ambiguous": {},
            "usccs": {},
        }
    )


@pytest.fixture
def apart(settings, monkeypatch):
    """Every file read and checked in a child process, in chunks of 2 rows."""
    settings.IMPORT_CHECK_APART = True
    settings.IMPORT_PARALLEL_ABOVE_ROWS = 0
    monkeypatch.setattr(checking, "CHUNK_ROWS", 2)


def _file(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


def _read(importer, path: Path, file_format: str, settings, *, in_child: bool):
    settings.IMPORT_CHECK_APART = in_child
    source = CheckedRows(importer, path, file_format)
    rows = [
        (number, cells, problems, record and record["ric_hash"])  # ciphertexts differ
        for number, cells, record, problems in source.rows()
    ]
    return rows, source.header, source.total


@pytest.mark.parametrize(
    ("name", "content", "file_format"),
    [
        ("a.xlsx", xlsx_bytes(ROWS, title="甲公司工会会员花名册"), "xlsx"),
        ("a.csv", csv_bytes(ROWS, encoding="gb18030"), "csv"),
        ("roster.xls", (FIXTURES / "roster.xls").read_bytes(), "xls"),
    ],
)
def test_the_same_rows_header_and_total_as_here(
    tmp_path, apart, importer, settings, name, content, file_format
):
    path = _file(tmp_path, name, content)
    here = _read(importer, path, file_format, settings, in_child=False)
    in_child = _read(importer, path, file_format, settings, in_child=True)
    assert in_child == here
    rows, header, total = here
    assert header[:2] == ["姓名", "身份证号"] and total
    assert len(rows) > checking.CHUNK_ROWS  # more than one chunk
    assert any(problems for _n, _c, problems, _h in rows)  # bad rows come over too
    assert all(any(cells) for _n, cells, _p, _h in rows)  # blank rows do not


def test_a_spawned_child_gives_the_same_rows(tmp_path, apart, importer, settings, monkeypatch):
    """The job runner has threads (db_worker, the heartbeat): the child is then spawned and
    imports this code before Django is set up (issue #11: a module-level import of core.jobs
    made every spawned child exit with code 1)."""
    path = _file(tmp_path, "a.csv", csv_bytes(ROWS))
    here = _read(importer, path, "csv", settings, in_child=False)
    monkeypatch.setattr(checking, "_start_method", lambda: "spawn")
    assert _read(importer, path, "csv", settings, in_child=True) == here


def test_chunks_handed_over_unchecked_are_checked_here(
    tmp_path, apart, importer, settings, monkeypatch
):
    """This process always idle: the child hands chunks over unchecked (unless it is
    ahead, see the next test)."""
    path = _file(tmp_path, "a.xlsx", xlsx_bytes(ROWS, title="甲公司工会会员花名册"))
    here = _read(importer, path, "xlsx", settings, in_child=False)
    original, checked_here = checking._next, []

    def always_idle(chunks, child, idle):
        idle.value = 1
        message = original(chunks, child, idle)
        if message and message[0] == "unchecked":
            checked_here.append(len(message[1]))
        return message

    monkeypatch.setattr(checking, "_next", always_idle)
    assert _read(importer, path, "xlsx", settings, in_child=True) == here
    assert checked_here


class _Queue:
    """What the child puts, with the job's process always idle; full on the given puts."""

    def __init__(self, idle, full_on: set[int]):
        self.messages, self.idle, self.full_on = [], idle, full_on

    def put(self, message):
        self.messages.append(message)
        self.idle.value = 1

    def put_nowait(self, message):
        if len(self.messages) in self.full_on:
            raise queue.Full
        self.put(message)


def test_the_child_checks_itself_while_it_is_ahead(tmp_path, importer, monkeypatch):
    """A full queue means the job's process has work queued: for the next 4 chunks (the
    queue's length) the child checks even when the job's process says it is idle."""
    monkeypatch.setattr(checking, "CHUNK_ROWS", 1)
    monkeypatch.setattr(checking, "_start_child", lambda: None)
    monkeypatch.setattr(checking, "gc", SimpleNamespace(freeze=_nothing, set_threshold=_nothing))
    path = _file(tmp_path, "a.csv", csv_bytes(ROWS))
    idle = SimpleNamespace(value=1)
    chunks = _Queue(idle, full_on={3})  # the third chunk (after the header) finds it full
    checking._read_and_check(str(path), "csv", "members", importer.check_state(), chunks, idle)
    kinds = [m[0] for m in chunks.messages[1:-1]]
    assert chunks.messages[0][0] == "header" and chunks.messages[-1] is None
    assert kinds == ["unchecked"] * 3 + ["checked"] * 4 + ["unchecked"] * (len(ROWS) - 7)


def _nothing(*_args):
    pass


def test_big_files_only_are_checked_apart(tmp_path, settings, importer, monkeypatch):
    settings.IMPORT_CHECK_APART = True
    settings.IMPORT_PARALLEL_ABOVE_ROWS = len(ROWS) + 2
    used = []
    monkeypatch.setattr(CheckedRows, "_in_child", lambda self: used.append(1) or iter(()))
    big = _file(tmp_path, "big.xlsx", xlsx_bytes(ROWS, title="标题"))  # 2 rows more
    small = _file(tmp_path, "small.xlsx", xlsx_bytes(ROWS))
    list(CheckedRows(importer, small, "xlsx").rows())
    assert not used
    list(CheckedRows(importer, big, "xlsx").rows())
    assert used


def test_the_declared_rows_are_found_without_reading_the_sheet(tmp_path):
    xlsx = _file(tmp_path, "a.xlsx", xlsx_bytes(ROWS, title="标题"))
    assert SheetReader(xlsx, "xlsx").declared_rows() == len(ROWS) + 2  # title and header
    csv = _file(tmp_path, "a.csv", csv_bytes(ROWS))
    assert SheetReader(csv, "csv").declared_rows() == len(ROWS) + 1
    assert SheetReader(FIXTURES / "roster.xls", "xls").declared_rows() is None
    assert sheet_rows_declared(csv) is None  # not an .xlsx: no size, and no error


def test_a_broken_file_fails_with_the_readers_message(tmp_path, apart, importer):
    path = _file(tmp_path, "bad.xlsx", b"PK\x03\x04 not really a zip")
    with pytest.raises(ApplicationError) as here:
        list(SheetReader(path, "xlsx", stream=True).rows())
    with pytest.raises(ApplicationError) as in_child:
        list(CheckedRows(importer, path, "xlsx").rows())
    assert in_child.value.message == here.value.message == BROKEN


def test_a_missing_column_fails_with_its_name(tmp_path, apart, importer):
    path = _file(tmp_path, "a.csv", csv_bytes([["张三"]], header=["姓名"]))
    with pytest.raises(ApplicationError, match="表头缺少必填列：身份证号") as in_child:
        list(CheckedRows(importer, path, "csv").rows())
    assert in_child.value.field == "file"


def test_a_bad_csv_encoding_later_in_the_file_fails_with_the_readers_message(
    tmp_path, apart, importer
):
    # Valid UTF-8 in the sniffed head, then bytes that are neither UTF-8 nor GB18030.
    path = _file(tmp_path, "bad.csv", csv_bytes(ROWS) * 500 + b"\xff\xff\xff\n")
    with pytest.raises(ApplicationError, match="CSV 文件的编码无法识别"):
        list(CheckedRows(importer, path, "csv").rows())


def test_stopping_early_stops_the_child(tmp_path, apart, importer):
    path = _file(tmp_path, "a.xlsx", xlsx_bytes(ROWS))
    rows = CheckedRows(importer, path, "xlsx").rows()
    next(rows)
    rows.close()  # the import failed while reading: the generator is closed
    assert not multiprocessing.active_children()


def test_a_child_that_dies_is_reported_not_waited_for(tmp_path, apart, importer, monkeypatch):
    path = _file(tmp_path, "a.csv", csv_bytes(ROWS))
    monkeypatch.setattr(checking, "_POLL_SECONDS", 0.05)
    _fork_so_the_child_sees_the_patch(monkeypatch)
    monkeypatch.setattr(checking, "_read_and_check", _die)
    with pytest.raises(CheckingFailed, match="意外退出"):
        list(CheckedRows(importer, path, "csv").rows())


def test_a_bug_in_the_child_is_not_shown_as_a_fault_in_the_file(
    tmp_path, apart, importer, monkeypatch
):
    path = _file(tmp_path, "a.csv", csv_bytes(ROWS))
    _fork_so_the_child_sees_the_patch(monkeypatch)
    monkeypatch.setattr(SheetReader, "rows", _fail)
    with pytest.raises(CheckingFailed, match="ZeroDivisionError"):
        list(CheckedRows(importer, path, "csv").rows())


def _fork_so_the_child_sees_the_patch(monkeypatch) -> None:
    """A spawned child imports the code afresh and would not see a monkeypatch. The child is
    spawned when this process has threads (it may: browser tests ran before in this worker),
    so these tests fork it whatever the thread count."""
    monkeypatch.setattr(checking, "_start_method", lambda: "fork")


def _die(*_args, **_kwargs):
    import os

    os._exit(3)


def _fail(self):
    yield 1 / 0


def test_a_child_killed_while_writing_fails_the_run_instead_of_hanging_it(
    tmp_path, apart, importer, monkeypatch
):
    """Issue #11: a child killed halfway through a message left the job's process blocked
    reading the rest forever (2 of 4 trials); the single worker then served no other job."""
    path = _file(tmp_path, "a.csv", csv_bytes(ROWS))
    monkeypatch.setattr(checking, "_POLL_SECONDS", 0.05)
    _fork_so_the_child_sees_the_patch(monkeypatch)
    monkeypatch.setattr(checking, "_read_and_check", _die_halfway_through_a_message)
    outcome: list = []

    def run() -> None:
        try:
            list(CheckedRows(importer, path, "csv").rows())
        except CheckingFailed as exc:
            outcome.append(exc)

    reader = threading.Thread(target=run, daemon=True)
    reader.start()
    reader.join(20)
    assert not reader.is_alive(), "the job's process is still blocked on the dead child"
    assert outcome and "意外退出" in str(outcome[0])


def test_the_child_ends_when_the_job_process_is_killed(tmp_path):
    """Issue #11: each kill -9 of the worker left its checking child (about 110 MB) blocked
    forever. A child started by `start_child_of_this_process` dies with its parent."""
    ready = tmp_path / "child.pid"
    parent = subprocess.Popen(
        [sys.executable, "-c", _PARENT_THAT_STARTS_A_CHILD, str(ready)],
        env=os.environ | {"PYTHONPATH": str(Path(__file__).resolve().parents[4])},
    )
    deadline = time.monotonic() + 30
    while not ready.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    child = int(ready.read_text())
    parent.kill()  # kill -9
    parent.wait()
    deadline = time.monotonic() + 10
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(child), "the checking child outlived the job's process"


_PARENT_THAT_STARTS_A_CHILD = """
import multiprocessing, sys, time
from gonghui.core.importing import checking

def child(path):
    checking.die_with_parent()
    open(path, "w").write(str(multiprocessing.current_process().pid))
    time.sleep(600)

if __name__ == "__main__":
    process = multiprocessing.get_context("fork").Process(target=child, args=(sys.argv[1],))
    process.start()
    time.sleep(600)
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie (dead, not yet reaped by init) counts as ended
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().split()[2] != "Z"


def _die_halfway_through_a_message(path, file_format, kind, state, chunks, idle, sheet=0):
    """Write the start of a message (its length says 1 MB), then die as a kill would."""
    import struct

    os.write(chunks._writer.fileno(), struct.pack("!i", 1 << 20) + b"\x80\x05partial")
    os._exit(9)
