"""Checking rows (clean, check, prepare), here or in worker processes for big files.

Checking is pure computation on one row (RIC check character, dates, the encrypted and
hashed identity columns …) and is most of an import's cost; writing must stay in one
process. So a big file is checked by `IMPORT_WORKERS` processes while this process reads
and writes, with at most a few chunks in flight: memory stays flat and the order of the
rows is kept. Workers never touch the database: what `check` looks up is loaded here
once (`Importer.check_state`) and handed over.
"""

import gc
import itertools
import multiprocessing
import signal
import threading
from collections import deque
from collections.abc import Iterator
from typing import Any

from django.conf import settings

from .spec import IMPORTERS, Importer, RowInvalid, clean_row, mapped_columns

Row = tuple[int, list[Any]]
# (row number, cells, record or None, problems or None)
Checked = tuple[int, list[Any], dict[str, Any] | None, list[tuple[str, str]] | None]

CHUNK_ROWS = 2_000
_IN_FLIGHT_PER_WORKER = 3


def check_row(importer: Importer, columns: list, cells: list[Any]) -> tuple[Any, Any]:
    """(record, None) for a good row, (None, problems) for a bad one, (None, None) for a
    blank one."""
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


def checked_rows(
    importer: Importer, mapping: dict[str, int], rows: Iterator[Row], total: int | None
) -> Iterator[Checked]:
    workers = settings.IMPORT_WORKERS
    small = (total or 0) < settings.IMPORT_PARALLEL_ABOVE_ROWS
    if workers < 1 or small or not importer.check_in_workers:
        columns = mapped_columns(importer, mapping)
        for number, cells in rows:
            yield number, cells, *check_row(importer, columns, cells)
        return
    yield from _in_workers(importer, mapping, rows, workers)


def _in_workers(
    importer: Importer, mapping: dict[str, int], rows: Iterator[Row], workers: int
) -> Iterator[Checked]:
    context = multiprocessing.get_context(_start_method())
    # Plain values only: they are unpickled in the worker before Django is set up.
    state = (str(importer.kind), mapping, importer.check_state())
    pool = context.Pool(workers, initializer=_start_worker, initargs=state)
    try:
        in_flight: deque = deque()
        for chunk in _chunks(rows):
            in_flight.append((chunk, pool.apply_async(_check_chunk, ([c for _n, c in chunk],))))
            if len(in_flight) >= workers * _IN_FLIGHT_PER_WORKER:
                yield from _collect(*in_flight.popleft())
        while in_flight:
            yield from _collect(*in_flight.popleft())
        pool.close()  # done: let the workers finish and exit by themselves
    finally:
        pool.terminate()  # a failed or abandoned import: stop the workers now
        pool.join()


def _start_method() -> str:
    """fork when this process has one thread: the workers start at once, sharing the set-up
    Django. With threads (a threaded job runner, the test runner) forking could copy a lock
    held by another thread, so the workers are spawned and set Django up themselves."""
    if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        return "fork"
    return "spawn"


def _chunks(rows: Iterator[Row]) -> Iterator[list[Row]]:
    while chunk := list(itertools.islice(rows, CHUNK_ROWS)):
        yield chunk


def _collect(chunk: list[Row], result: Any) -> Iterator[Checked]:
    for (number, cells), (record, problems) in zip(chunk, result.get(), strict=True):
        yield number, cells, record, problems


_worker: tuple[Importer, list] | None = None


def _start_worker(kind: str, mapping: dict[str, int], state: dict[str, Any]) -> None:
    # A forked worker inherits the job runner's handlers (db_worker's SIGTERM waits for the
    # task to end): the pool must be able to stop it, and Ctrl+C is the parent's to handle.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from django.apps import apps

    if not apps.ready:  # spawned, not forked
        import django

        django.setup()
    global _worker
    importer = IMPORTERS[kind].for_checking(state)
    _worker = importer, mapped_columns(importer, mapping)
    # This process only checks rows: acyclic, short-lived objects. Leave what is set up
    # out of collections and collect rarely (see pipeline.few_collections).
    gc.freeze()
    gc.set_threshold(100_000, 10, 10)


def _check_chunk(cells_list: list[list[Any]]) -> list[tuple[Any, Any]]:
    importer, columns = _worker
    return [check_row(importer, columns, cells) for cells in cells_list]
