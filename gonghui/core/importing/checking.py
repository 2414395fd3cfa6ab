"""Reading and checking rows (clean, check, prepare): here, or with a child process for big files.

Reading and checking a row (RIC check character, dates, the encrypted and hashed identity
columns …) is pure computation and about half of an import's cost; writing, the other half,
must stay in one process. So a big file is read by one child process, which checks the rows
too and hands them over in chunks, while the job's process compares with the database and
writes. Whenever the job's process has nothing to do it says so, and the child hands over
the next chunk unchecked for it to check: the two share the checking, whatever the machine
and the file, and on two CPUs both stay busy. The child never touches the database: what
`check` looks up is loaded here once (`Importer.check_state`) and handed over. The queue
holds at most a few chunks, so memory stays flat; chunks come in file order; a fault in the
file reaches the job as the same ApplicationError it raises when read here.
"""

import ctypes
import ctypes.util
import gc
import itertools
import multiprocessing
import os
import pickle
import queue
import signal
import threading
import time
import traceback
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from django.conf import settings

from gonghui.core.errors import ApplicationError

from .kinds import import_kind
from .readers import SheetReader, UnreadableRow
from .spec import (
    HEADER_SEARCH_ROWS,
    Importer,
    MappedColumns,
    RowInvalid,
    clean_row,
    mapped_columns,
    with_sub_header,
)

Row = tuple[int, list[Any]]
# (row number, cells, record or None, problems or None); blank rows are never given.
Checked = tuple[int, list[Any], dict[str, Any] | None, list[tuple[str, str]] | None]

CHUNK_ROWS = 2_000
_QUEUED_CHUNKS = 4  # ahead of the job's process by at most this many chunks
_POLL_SECONDS = 1.0
_PR_SET_PDEATHSIG = 1  # linux/prctl.h


class CheckingFailed(RuntimeError):
    """The checking process failed other than on a fault in the file (a bug, or killed)."""


def check_row(importer: Importer, columns: list, cells: list[Any]) -> tuple[Any, Any]:
    """(record, None) for a good row, (None, problems) for a bad one, (None, None) for a
    blank one."""
    if cells.__class__ is UnreadableRow:  # the reader could not read it (a cell too long)
        return None, [("", cells.reason)]
    if _blank(cells):
        return None, None
    try:
        record = importer.check(clean_row(columns, cells))
    except RowInvalid as exc:
        return None, exc.problems
    importer.prepare(record)
    return record, None


def _blank(cells: list[Any]) -> bool:
    for cell in cells:  # usually decided by the first cell
        if cell is not None and (cell.__class__ is not str or (cell and not cell.isspace())):
            return False
    return True


def find_header(importer: Importer, rows: Iterator[Row]) -> tuple[list[Any], list[Row]]:
    """The header is the best-matching of the first rows; title rows above it are skipped,
    and a sub-header row under it (手机号码 | 固定电话 under a merged 联系方式) becomes part
    of it. Returns the header and the rows read after it."""
    head = list(itertools.islice(rows, HEADER_SEARCH_ROWS))
    scored = [(importer.header_score(cells), i) for i, (_n, cells) in enumerate(head)]
    best_score, best = max(scored, key=lambda s: (s[0], -s[1]), default=(0, 0))
    if best_score == 0:
        raise ApplicationError("在前10行中没有找到表头行（如“姓名”“身份证号”）。", field="file")
    header, after = head[best][1], head[best + 1 :]
    if not after and (following := next(rows, None)) is not None:
        after = [following]
    if after and (merged := with_sub_header(header, after[0][1])) is not None:
        return merged, after[1:]
    return header, after


def choose_sheet(importer: Importer, reader: SheetReader) -> str:
    """Point the reader at the workbook's sheet whose first rows best match the kind's
    header (a 填表说明 sheet often comes first); the sheet's name ("" for a text file)."""
    names = reader.sheet_names()
    if len(names) <= 1:
        return names[0] if names else ""
    scores = [_sheet_score(importer, reader, index) for index in range(len(names))]
    best = max(range(len(names)), key=lambda i: (scores[i], -i))
    if scores[best] == 0:
        raise ApplicationError(
            f"在各工作表（{'、'.join(names)}）的前10行中都没有找到表头行（如“姓名”“身份证号”）。",
            field="file",
        )
    reader.sheet = best
    return names[best]


def _sheet_score(importer: Importer, reader: SheetReader, index: int) -> int:
    rows = SheetReader(reader.path, reader.format, stream=True, sheet=index).rows()
    try:
        head = itertools.islice(rows, HEADER_SEARCH_ROWS)
        return max((importer.header_score(cells) for _n, cells in head), default=0)
    except ApplicationError:  # a sheet that cannot be read is not the roster's
        return 0
    finally:
        rows.close()


class CheckedRows:
    """A file's rows, read and checked. `header` and `total` are set before the first row."""

    def __init__(self, importer: Importer, path: Path, file_format: str):
        self.importer = importer
        self.path = Path(path)
        self.format = file_format
        self.header: list[Any] = []
        self.total: int | None = None
        self.columns: MappedColumns | None = None
        self.sheet, self.sheet_name = 0, ""  # the workbook's sheet read

    def rows(self) -> Iterator[Checked]:
        reader = SheetReader(self.path, self.format)
        self.sheet_name = choose_sheet(self.importer, reader)
        self.sheet = reader.sheet
        if self._apart(reader):
            yield from self._in_child()
        else:
            yield from self._checked(self._body(reader))

    def _apart(self, reader: SheetReader) -> bool:
        return (
            self.importer.check_apart
            and settings.IMPORT_CHECK_APART
            and (reader.declared_rows() or 0) >= settings.IMPORT_PARALLEL_ABOVE_ROWS
        )

    def _body(self, reader: SheetReader) -> Iterator[Row]:
        """The rows under the header, once the header is found and its columns mapped."""
        rows = reader.rows()
        self.header, early = find_header(self.importer, rows)
        self.columns = mapped_columns(self.importer, self.importer.map_headers(self.header))
        self.total = reader.total
        return itertools.chain(early, rows)

    def _checked(self, rows: Iterable[Row]) -> Iterator[Checked]:
        importer, columns = self.importer, self.columns
        for number, cells in rows:
            record, problems = check_row(importer, columns, cells)
            if record is not None or problems is not None:
                yield number, cells, record, problems

    def _in_child(self) -> Iterator[Checked]:
        context = multiprocessing.get_context(_start_method())
        chunks = context.Queue(_QUEUED_CHUNKS)
        # Set by this process when it has nothing to do: the child then hands over the
        # next chunk unchecked, so the two processes share the checking whatever its cost.
        idle = context.RawValue("b", 0)
        # Plain values only: they are unpickled in the child before Django is set up.
        args = (str(self.path), self.format, str(self.importer.kind), self.importer.check_state())
        child = context.Process(
            target=_read_and_check,
            args=(*args, chunks, idle),
            kwargs={"sheet": self.sheet},
            daemon=True,
        )
        child.start()
        # Only the child writes. With this process's copy of the write end closed, a child
        # killed halfway through a message ends the pipe (EOF) instead of leaving this
        # process waiting for the rest of it forever (issue #11).
        chunks._writer.close()
        try:
            while (message := _next(chunks, child, idle)) is not None:
                kind, body = message
                if kind == "checked":
                    yield from body
                elif kind == "unchecked":
                    yield from self._checked(body)
                elif kind == "header":
                    self.header, self.total, mapping = body
                    self.columns = mapped_columns(self.importer, mapping)
                elif kind == "invalid":
                    raise ApplicationError(body[0], field=body[1])
                else:
                    raise CheckingFailed(body)
            child.join()
        finally:
            if child.is_alive():  # the import stopped early: no one takes what is left
                child.terminate()
                child.join()
            chunks.close()


def _start_method() -> str:
    """fork when this process has one thread: the child starts at once, sharing the set-up
    Django. With threads (a threaded job runner, the test runner) forking could copy a lock
    held by another thread, so the child is spawned and sets Django up itself."""
    from gonghui.core.jobs import HEARTBEAT_THREAD  # not at the top: a spawned child
    # unpickles this module before Django is set up, and core.jobs imports models

    others = [t for t in threading.enumerate() if t.name != HEARTBEAT_THREAD]
    if len(others) == 1 and "fork" in multiprocessing.get_all_start_methods():
        return "fork"
    return "spawn"


def _start_child() -> None:
    """First thing in a child. A forked child inherits the job runner's handlers (db_worker's
    SIGTERM waits for the task to end): the parent must be able to stop it, and Ctrl+C is
    the parent's to handle."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent()
    from django.apps import apps

    if not apps.ready:  # spawned, not forked
        import django

        django.setup()


def die_with_parent() -> None:
    """End this (child) process when the job's process dies, even by kill -9 or the OOM
    killer (issue #11: an orphaned child of about 110 MB waited forever). Linux delivers
    SIGKILL on the parent's death (PR_SET_PDEATHSIG); a watchdog thread that notices the
    parent is gone covers other systems."""
    parent = os.getppid()
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(_POLL_SECONDS)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="die-with-parent", daemon=True).start()


def _next(chunks: Any, child: multiprocessing.process.BaseProcess, idle: Any) -> Any:
    try:
        return _wait_for(chunks, child, idle)
    except (EOFError, OSError, ValueError, pickle.UnpicklingError):
        # killed while writing: the message ends halfway (or is garbled); never wait on
        child.join(5)
        raise CheckingFailed(_died(child)) from None


def _wait_for(chunks: Any, child: multiprocessing.process.BaseProcess, idle: Any) -> Any:
    try:
        return chunks.get_nowait()
    except queue.Empty:
        idle.value = 1
    while True:
        try:
            return chunks.get(timeout=_POLL_SECONDS)
        except queue.Empty:
            if not child.is_alive():  # killed (out of memory, a signal) without a word
                raise CheckingFailed(_died(child)) from None


def _died(child: multiprocessing.process.BaseProcess) -> str:
    return f"读取和校验文件的进程意外退出（退出码 {child.exitcode}）。"


def _read_and_check(
    path: str,
    file_format: str,
    kind: str,
    state: dict[str, Any],
    chunks: Any,
    idle: Any,
    sheet: int = 0,
) -> None:
    """The child: put ("header", …), then ("checked", rows) or ("unchecked", rows) per chunk
    of the file, then None."""
    _start_child()
    # Only short-lived, acyclic objects from here on: collect rarely (pipeline.few_collections).
    gc.freeze()
    gc.set_threshold(100_000, 10, 10)
    try:
        source = CheckedRows(
            import_kind(kind).importer.for_checking(state), Path(path), file_format
        )
        # Streaming whatever the size: rows flow from the start instead of after calamine
        # has parsed the whole sheet, and memory stays flat.
        rows = source._body(SheetReader(Path(path), file_format, stream=True, sheet=sheet))
        mapping = {c.key: i for c, i in source.columns}
        chunks.put(("header", (source.header, source.total, mapping)))
        since_full = _QUEUED_CHUNKS  # chunks put since the queue was last found full
        while chunk := list(itertools.islice(rows, CHUNK_ROWS)):
            # The job's process is idle. Unless this process was ahead of it a moment ago
            # (it will be busy again with what is queued), it checks this chunk itself.
            if idle.value and since_full >= _QUEUED_CHUNKS:
                message = ("unchecked", chunk)
            else:
                message = ("checked", list(source._checked(chunk)))
            idle.value = 0
            since_full = 0 if _put(chunks, message) else since_full + 1
        chunks.put(None)
    except ApplicationError as exc:
        chunks.put(("invalid", (exc.message, exc.field)))
    except Exception:
        chunks.put(("failed", traceback.format_exc()))


def _put(chunks: Any, message: Any) -> bool:
    """Put the message; True if the queue was full (this process is ahead)."""
    try:
        chunks.put_nowait(message)
        return False
    except queue.Full:
        chunks.put(message)
        return True
