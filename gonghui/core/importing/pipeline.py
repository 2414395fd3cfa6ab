"""Run one ImportRun: stream rows, validate, upsert batch by batch, spool rejections, report."""

import contextlib
import gc
import json
import tempfile
from collections.abc import Callable, Hashable, Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from gonghui.core.audit import audit_record
from gonghui.core.errors import ApplicationError
from gonghui.core.filecrypt import seal_file, unsealed_copy
from gonghui.core.tabular import write_xlsx

from .bulk import tuned_for_bulk_writes
from .checking import CheckedRows
from .kinds import import_kind
from .models import ImportRun
from .readers import cell_text
from .spec import Rejection, note_row, unused_headers

Progress = Callable[[int, int | None], None]
FILE_GONE = "上传的文件已超过保存期限被删除，不能继续导入；请重新上传。"
REASON_HEADER = "错误原因"
ROW_HEADER = "原行号"
# A duplicate's reason in the error report. Uploaded again unchanged it would update the
# first occurrence with the duplicate's cells (issue #11): such a row is refused while the
# mark is in its reason cell, and the reason says how to import it after all.
DUPLICATE_MARK = "是同一人（重复）"
DUPLICATE_IN_REPORT = (
    "本行在错误报告中标为与另一行是同一人（重复），不能照原样导入："
    "请核对后删去“错误原因”一格的文字再导入。"
)


@contextlib.contextmanager
def few_collections() -> Iterator[None]:
    """Run the cyclic garbage collector rarely: an import makes millions of short-lived,
    acyclic objects, and each collection walks every live batch record again."""
    saved = gc.get_threshold()
    gc.set_threshold(100_000, saved[1], saved[2])
    try:
        yield
    finally:
        gc.set_threshold(*saved)


class RejectSpool:
    """Rejected rows on disk (JSON lines) so memory stays flat however many rows fail."""

    def __init__(self, sample_size: int):
        # Lives as long as the run; closed (and so deleted) once the report is written.
        self.file = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115
        self.count = 0
        self.sample: list[dict[str, Any]] = []
        self.sample_size = sample_size

    def add(self, rejection: Rejection) -> None:
        self.count += 1
        cells = [cell_text(c) for c in rejection.cells]
        self.file.write(json.dumps([rejection.row, cells, rejection.reason()]) + "\n")
        if len(self.sample) < self.sample_size:
            for column, reason in rejection.problems:
                self.sample.append(
                    {
                        "row": rejection.row,
                        "column": column,
                        "reason": reason,
                        "link": rejection.link,
                    }
                )

    def rows(self) -> Iterator[list[Any]]:
        self.file.seek(0)
        for line in self.file:
            row, cells, reason = json.loads(line)
            yield [*cells, row, reason]


class Pipeline:
    def __init__(
        self, run: ImportRun, progress: Progress, before_write: Callable[[], None] | None = None
    ):
        self.run = run
        self.progress = progress
        # Called in each batch's transaction before it writes (the job checks it still owns
        # the run: core.jobs.ensure_still_running).
        self.before_write = before_write
        self.importer = import_kind(run.kind).importer(run=run, actor=run.created_by)
        self.write = not run.dry_run
        self.batch_size = settings.IMPORT_BATCH_SIZE
        self.spool = RejectSpool(settings.IMPORT_ERROR_SAMPLE)
        self.counts = {"created": 0, "updated": 0, "unchanged": 0}
        self.seen: dict[Hashable, int] = {}
        self.header_width = 0
        self.skipped = 0
        self.skipped_sample: list[dict[str, Any]] = []
        self.reason_index: int | None = None  # the 错误原因 column of an uploaded error report

    def execute(self) -> dict[str, Any]:
        with tuned_for_bulk_writes(), few_collections():
            return self._execute()

    def _execute(self) -> dict[str, Any]:
        if not self.run.file_path:
            raise ApplicationError(FILE_GONE)
        # The upload is sealed at rest (core.filecrypt): its readers get a clear private
        # copy for as long as the run reads it.
        with unsealed_copy(Path(settings.MEDIA_ROOT) / self.run.file_path) as path:
            return self._read(path)

    def _read(self, path: Path) -> dict[str, Any]:
        source = CheckedRows(self.importer, path, self.run.file_format)
        done = 0
        batch: list[dict[str, Any]] = []
        batch_index = 0
        for number, cells, record, problems in source.rows():
            if done == 0:
                self.reason_index = _report_column(source.header, REASON_HEADER)
            done += 1
            self._take(number, cells, record, problems, batch)
            if done % self.batch_size == 0:
                self._flush(batch_index, batch)
                batch, batch_index = [], batch_index + 1
                self.progress(done, source.total)
        self._flush(batch_index, batch)
        self.progress(done, done)
        return self._finish(done, source)

    def _take(
        self, number: int, cells: list[Any], record: dict | None, problems: list | None, batch: list
    ) -> None:
        if self._marked_duplicate(cells):
            self.spool.add(Rejection(number, cells, [(REASON_HEADER, DUPLICATE_IN_REPORT)]))
            return
        if record is None:
            if (text := note_row(cells)) is not None:
                self.skipped += 1
                if len(self.skipped_sample) < settings.IMPORT_ERROR_SAMPLE:
                    self.skipped_sample.append({"row": number, "text": text})
                return
            self.spool.add(Rejection(number, cells, problems or []))
            return
        key = self.importer.key(record)
        first = self.seen.setdefault(key, number)
        if first != number:
            self.spool.add(Rejection(number, cells, [("", _duplicate_reason(first))]))
            return
        record["_row"], record["_cells"] = number, cells
        batch.append(record)

    def _marked_duplicate(self, cells: list[Any]) -> bool:
        index = self.reason_index
        return (
            index is not None and index < len(cells) and DUPLICATE_MARK in cell_text(cells[index])
        )

    def _flush(self, index: int, records: list[dict[str, Any]]) -> None:
        if not records:
            return
        already = self.write and index <= self.run.last_batch
        if not self.write or already:
            outcome = self.importer.upsert(records, write=False)
        else:
            with transaction.atomic():
                if self.before_write is not None:
                    self.before_write()
                outcome = self.importer.upsert(records, write=True)
                ImportRun.objects.filter(pk=self.run.pk).update(
                    created=F("created") + outcome.created,
                    updated=F("updated") + outcome.updated,
                    unchanged=F("unchanged") + outcome.unchanged,
                    last_batch=index,
                )
        if not already:
            for name in self.counts:
                self.counts[name] += getattr(outcome, name)
        for record, column, reason, link in outcome.rejected:
            self.spool.add(Rejection(record["_row"], record["_cells"], [(column, reason)], link))

    def _finish(self, done: int, source: CheckedRows) -> dict[str, Any]:
        run = self.run
        report = ""
        header = source.header
        self.header_width = len(header)
        # An uploaded error report's own 原行号/错误原因 give way to this run's.
        own = set(self._report_own_columns(header))
        self.report_columns = [i for i in range(len(header)) if i not in own]
        if self.spool.count:
            report = f"imports/run-{run.pk}-errors.xlsx"
            headers = [cell_text(header[i]) for i in self.report_columns]
            headers += [ROW_HEADER, REASON_HEADER]
            target = Path(settings.MEDIA_ROOT) / report
            write_xlsx(target, headers, self._report_rows(), sheet="未导入的行")
            seal_file(target)  # it holds the uploaded cells: RICs, phones
        self.spool.file.close()
        run.refresh_from_db()
        if not self.write:
            run.created, run.updated, run.unchanged = (
                self.counts["created"],
                self.counts["updated"],
                self.counts["unchanged"],
            )
        run.rows_total = done
        run.rejected = self.spool.count
        run.errors = sorted(self.spool.sample, key=lambda e: e["row"])
        run.skipped = self.skipped
        run.skipped_rows = self.skipped_sample
        run.sheet_name = source.sheet_name
        run.report_path = report
        run.ignored_columns = unused_headers(header, self._read_columns(source))
        run.finished_at = timezone.now()
        run.message = _summary(run)
        run.save(
            update_fields=[
                *("created", "updated", "unchanged", "rows_total", "rejected", "errors"),
                *("skipped", "skipped_rows", "sheet_name", "report_path", "ignored_columns"),
                *("finished_at", "message", "updated_at"),
            ]
        )
        if self.write:
            self.importer.finish()
        audit_record(
            actor=run.created_by,
            action="importing.run.finished",
            target=run,
            data={
                "kind": run.kind,
                "dry_run": run.dry_run,
                "rows": done,
                "created": run.created,
                "updated": run.updated,
                "unchanged": run.unchanged,
                "rejected": run.rejected,
            },
        )
        return {"file": report, "filename": "导入错误报告.xlsx", "run": run.pk}

    def _read_columns(self, source: CheckedRows) -> list[int]:
        """Cells of the header that were read: the kind's columns, and an error report's
        own (原行号, 错误原因), which are not columns of the roster left out."""
        read = [index for _c, index in source.columns or ()]
        return [*read, *self._report_own_columns(source.header)]

    @staticmethod
    def _report_own_columns(header: list[Any]) -> list[int]:
        found = (_report_column(header, name) for name in (ROW_HEADER, REASON_HEADER))
        return [index for index in found if index is not None]

    def _report_rows(self) -> Iterator[list[Any]]:
        width, keep = self.header_width, self.report_columns
        for row in self.spool.rows():
            cells, tail = row[:-2], row[-2:]
            cells = (cells + [""] * width)[:width]
            yield [*(cells[i] for i in keep), *tail]


def _report_column(header: list[Any], name: str) -> int | None:
    return next((i for i, cell in enumerate(header) if cell_text(cell) == name), None)


def _duplicate_reason(first: int) -> str:
    return (
        f"与第{first}行是同一人（重复）。本行没有导入；如果本行的信息才是对的，"
        f"请删去本格文字后再导入本报告，本行将更新第{first}行已导入的记录。"
    )


def _summary(run: ImportRun) -> str:
    prefix = "试导入（未写入）：" if run.dry_run else ""
    skipped = f"，跳过合计或说明行{run.skipped}" if run.skipped else ""
    text = (
        f"{prefix}共{run.rows_total}行，新增{run.created}，更新{run.updated}，"
        f"无变化{run.unchanged}，未导入{run.rejected}{skipped}。"
    )
    if not run.created and not run.updated and run.unchanged > 0:
        text += "与已有数据完全相同，本次没有改动任何记录。"
    return text


def execute(
    run: ImportRun, progress: Progress, before_write: Callable[[], None] | None = None
) -> dict[str, Any]:
    return Pipeline(run, progress, before_write).execute()
