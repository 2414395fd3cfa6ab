"""Read a spreadsheet row by row: .xlsx/.xls through python-calamine, .csv through `csv`.

python-calamine is fast but holds the whole sheet; a very large .xlsx (sheet XML above
IMPORT_XLSX_STREAM_ABOVE_MB), and any .xlsx read by the child process that checks a big
file (`stream=True`, see checking.py), is read streaming by `xlsx_stream` instead (the sheet
XML parsed as it inflates, giving the values calamine gives), so memory stays flat as the
file grows.

The format is decided from the content, never the file name: .xlsx is a zip, .xls an OLE2
compound file, .csv text in UTF-8 (with or without BOM), GB18030 (what Excel in China saves)
or UTF-16 with its BOM (Excel's "Unicode 文本", tab-separated), its cells separated by commas,
tabs or semicolons (decided from the first lines). A workbook is read from the sheet the
caller chooses (`sheet`; see checking.choose_sheet).

No file exhausts the worker (issue #12): an .xlsx whose parts expand past
IMPORT_XLSX_MAX_UNCOMPRESSED_MB, or any part of which expands more than IMPORT_XLSX_MAX_RATIO
times, is refused before anything is inflated (`check_archive`, also at upload); a file past
IMPORT_MAX_ROWS rows is refused by its declared rows (at upload) or, undeclared, when reading
reaches the limit (`check_rows`); a CSV cell past IMPORT_CSV_FIELD_MAX_CHARS characters
makes its row an `UnreadableRow`, which the check rejects with the reason while the rest of
the file imports.
"""

import codecs
import csv
import datetime
import itertools
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from python_calamine import CalamineWorkbook

from gonghui.core.errors import ApplicationError

from .xlsx_stream import BROKEN, Worksheet, sheet_names, sheet_rows_declared

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
FORMATS = ("xlsx", "xls", "csv")
_SNIFF_BYTES = 64 * 1024
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_DELIMITERS = (",", "\t", ";")  # in this order when counts tie
_SNIFF_LINES = 20


_MB = 1_000_000
_RATIO_FROM_BYTES = _MB  # a part smaller than this may be as compressible as it likes


class UnreadableRow(list):
    """In place of a row the reader could not read (a CSV cell past the limit): no cells,
    and the reason the check rejects it with (checking.check_row). A list, so it passes
    wherever a row's cells do, the checking child's queue included."""

    reason: str

    def __init__(self, reason: str):
        super().__init__()
        self.reason = reason


def too_many_rows(rows: int) -> ApplicationError:
    limit = settings.IMPORT_MAX_ROWS
    return ApplicationError(
        f"文件有{rows:,}行，超过每次导入{limit:,}行的上限（IMPORT_MAX_ROWS），"
        "请拆分成几个文件分别导入。",
        field="file",
    )


def too_many_rows_read() -> ApplicationError:
    limit = settings.IMPORT_MAX_ROWS
    return ApplicationError(
        f"文件超过每次导入{limit:,}行的上限（IMPORT_MAX_ROWS），读到第{limit + 1:,}行时停止。"
        "请拆分成几个文件分别导入。",
        field="file",
    )


def check_rows(declared: int | None) -> None:
    """ApplicationError when a file declares more rows than an import takes."""
    if declared is not None and declared > settings.IMPORT_MAX_ROWS:
        raise too_many_rows(declared)


def check_archive(source: Any) -> None:
    """Refuse an .xlsx (a path or an open file) whose parts, as its zip lists them, expand
    past the limits, before any of it is inflated (a zip bomb)."""
    try:
        with zipfile.ZipFile(source) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ApplicationError(BROKEN, field="file") from exc
    total = sum(part.file_size for part in parts)
    limit = settings.IMPORT_XLSX_MAX_UNCOMPRESSED_MB
    if total > limit * _MB:
        raise ApplicationError(
            f"Excel 文件解压后有{total / _MB:,.0f}MB，超过{limit:,}MB的上限，"
            "请拆分成几个文件分别导入。",
            field="file",
        )
    ratio = settings.IMPORT_XLSX_MAX_RATIO
    for part in parts:
        if part.file_size > _RATIO_FROM_BYTES and part.file_size > ratio * max(
            part.compress_size, 1
        ):
            raise ApplicationError(
                f"Excel 文件的“{part.filename}”解压后是压缩时的"
                f"{part.file_size / max(part.compress_size, 1):,.0f}倍（上限{ratio}倍），"
                "不像正常的表格文件，请用 Excel 打开后另存一次再上传。",
                field="file",
            )


def detect_format(head: bytes) -> str:
    """'xlsx', 'xls' or 'csv' from the first bytes of the file; ApplicationError otherwise."""
    if not head:
        raise ApplicationError("文件是空的。", field="file")
    if head.startswith(_UTF16_BOMS):  # before the NUL test: UTF-16 text is full of them
        return "csv"
    if head.startswith(ZIP_MAGIC):
        return "xlsx"
    if head.startswith(OLE2_MAGIC):
        return "xls"
    if b"\x00" in head:
        raise ApplicationError(
            "无法识别的文件：请上传 Excel（.xlsx/.xls）、CSV 或 Unicode 文本文件。", field="file"
        )
    try:
        csv_encoding(head)
    except UnicodeDecodeError as exc:
        raise ApplicationError(
            "无法识别的文件：请上传 Excel（.xlsx/.xls）、CSV 或 Unicode 文本文件。", field="file"
        ) from exc
    return "csv"


def csv_encoding(head: bytes) -> str:
    """BOM → utf-8-sig or utf-16; else utf-8 if the head decodes; else gb18030 (raises if
    neither)."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith(_UTF16_BOMS):
        return "utf-16"  # the BOM says which byte order, and the codec drops it
    for encoding in ("utf-8", "gb18030"):
        try:
            # The head may end inside a multi-byte character: decode incrementally.
            codecs.getincrementaldecoder(encoding)().decode(head, final=False)
            return encoding
        except UnicodeDecodeError:
            continue
    raise UnicodeDecodeError("gb18030", head, 0, len(head), "不是 UTF-8 或 GB18030 文本")


def csv_delimiter(lines: list[str]) -> str:
    """The separator of a text file from its first lines: the one of comma, tab and
    semicolon that the most lines hold the most of (a comma inside an address rarely
    outnumbers the separators of a header line)."""

    def weight(delimiter: str) -> tuple[int, int]:
        counts = [line.count(delimiter) for line in lines]
        return max(counts, default=0), sum(counts)

    best = max(_DELIMITERS, key=lambda d: (weight(d), -_DELIMITERS.index(d)))
    return best if weight(best)[0] else ","


class SheetReader:
    """Iterates (row number as the spreadsheet shows it, list of cell values)."""

    def __init__(self, path: Path, file_format: str, *, stream: bool = False, sheet: int = 0):
        self.path = Path(path)
        self.format = file_format
        self.stream = stream  # .xlsx: read streaming whatever its size
        self.sheet = sheet  # a workbook's sheet, by its place in the workbook
        self.total: int | None = None  # data rows if known before reading (for progress)

    def declared_rows(self) -> int | None:
        """Rows the file says it has, found without reading it (None for .xls, or an
        .xlsx without a <dimension>): decides how a big file is read and checked."""
        if self.format == "csv":
            return _count_lines(self.path)
        if self.format == "xlsx":
            return sheet_rows_declared(self.path, self.sheet)
        return None

    def sheet_names(self) -> list[str]:
        """A workbook's sheets in order ([] for text files)."""
        if self.format == "xlsx":
            check_archive(self.path)  # the first read of a workbook: nothing inflated yet
            return sheet_names(self.path)
        if self.format == "xls":
            try:
                return list(CalamineWorkbook.from_path(str(self.path)).sheet_names)
            except Exception as exc:  # calamine raises several error types for broken files
                raise ApplicationError(BROKEN) from exc
        return []

    def rows(self) -> Iterator[tuple[int, list[Any]]]:
        """The rows; ApplicationError once past IMPORT_MAX_ROWS (a sheet that did not
        declare its size is found out here, having read no more than the limit)."""
        limit = settings.IMPORT_MAX_ROWS
        for number, cells in self._rows():
            if number > limit:  # only a sheet that did not say its size comes this far
                raise too_many_rows_read()
            yield number, cells

    def _rows(self) -> Iterator[tuple[int, list[Any]]]:
        if self.format == "csv":
            yield from self._csv_rows()
            return
        if self.format == "xlsx":
            check_archive(self.path)
        if self.format == "xlsx" and self.streaming:
            yield from self._streaming_xlsx_rows()
        else:
            yield from self._calamine_rows()

    @property
    def streaming(self) -> bool:
        if self.stream:
            return True
        return _sheet_xml_bytes(self.path) > settings.IMPORT_XLSX_STREAM_ABOVE_MB * 1_000_000

    def _streaming_xlsx_rows(self) -> Iterator[tuple[int, list[Any]]]:
        sheet = Worksheet(self.path, self.sheet)
        rows = sheet.rows()
        first = next(rows, None)  # the sheet's dimension (the total) is read with it
        self.total = sheet.total
        check_rows(self.total)
        if first is not None:
            yield first
            yield from rows

    def _calamine_rows(self) -> Iterator[tuple[int, list[Any]]]:
        try:
            workbook = CalamineWorkbook.from_path(str(self.path))
            sheet = workbook.get_sheet_by_index(self.sheet)
        except Exception as exc:  # calamine raises several error types for broken files
            raise ApplicationError(BROKEN) from exc
        # iter_rows starts at row 1 (blank rows above the first value included), so a row's
        # place is its number.
        self.total = sheet.end[0] + 1 if sheet.end else 0
        check_rows(self.total)
        yield from enumerate(sheet.iter_rows(), start=1)

    def _csv_rows(self) -> Iterator[tuple[int, list[Any]]]:
        with self.path.open("rb") as raw:
            encoding = csv_encoding(raw.read(_SNIFF_BYTES))
        self.total = _count_lines(self.path)
        with self.path.open(encoding=encoding, newline="", errors="replace") as handle:
            delimiter = csv_delimiter(list(itertools.islice(handle, _SNIFF_LINES)))
        check_rows(self.total)
        with self.path.open(encoding=encoding, newline="", errors="strict") as handle:
            try:
                yield from _csv_records(csv.reader(handle, delimiter=delimiter))
            except UnicodeDecodeError as exc:
                raise ApplicationError(
                    "CSV 文件的编码无法识别，请另存为“CSV UTF-8”后重新上传。"
                ) from exc


def _csv_records(reader: Any) -> Iterator[tuple[int, list[Any]]]:
    """(record number, cells); a record with a cell past the limit is an UnreadableRow (the
    csv module stops on it, and reads on from the next line)."""
    limit = settings.IMPORT_CSV_FIELD_MAX_CHARS
    csv.field_size_limit(limit)  # the process's one setting; every reader sets the same
    number = 0
    while True:
        number += 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if "field larger than field limit" not in str(exc):
                raise ApplicationError(
                    f"CSV 文件第{number}行无法读取（{exc}），请用 Excel 打开后另存一次再上传。",
                    field="file",
                ) from exc
            yield (
                number,
                UnreadableRow(
                    f"第{number}行：某一格超过{limit:,}个字符，本行没有导入"
                    "（常见原因是一个引号没有配对，把后面的内容都并进了这一格）。"
                ),
            )
            continue
        yield number, cells


def _sheet_xml_bytes(path: Path) -> int:
    """Uncompressed size of the largest worksheet part of an .xlsx (0 if unreadable)."""
    try:
        with zipfile.ZipFile(path) as archive:
            return max(
                (
                    i.file_size
                    for i in archive.infolist()
                    if i.filename.startswith("xl/worksheets/")
                ),
                default=0,
            )
    except (zipfile.BadZipFile, OSError):
        return 0


def _count_lines(path: Path) -> int:
    """Line count in constant memory (an estimate of rows when cells hold line breaks)."""
    count = 0
    with path.open("rb") as raw:
        if raw.read(2) in _UTF16_BOMS:  # b"\n" is also half of many UTF-16 characters
            raw.seek(0)
            with open(raw.fileno(), encoding="utf-16", errors="replace", closefd=False) as text:
                return sum(1 for _ in text)
        raw.seek(0)
        while chunk := raw.read(1 << 20):
            count += chunk.count(b"\n")
    return count


def cell_text(value: Any) -> str:
    """The cell as the person typed it: integral floats without '.0', dates as ISO text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if not value.time() else value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()
