"""Column specs and the importer interface that each app's importers.py fills in."""

import re
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from gonghui.core.errors import ApplicationError

from .normalize import header_key, is_pure
from .readers import cell_text

HEADER_SEARCH_ROWS = 10

Clean = Callable[[Any], Any]  # raw cell -> clean value; raises ApplicationError with the reason


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    synonyms: tuple[str, ...] = ()
    required: bool = False
    clean: Clean | None = None
    # An ID typed into a spreadsheet (RIC, USCC, phone): the template formats the column as
    # text, so Excel keeps every digit instead of turning it into 4.40113E+17.
    text: bool = False
    # Sensitive personal information (RIC, phone): how a cell reads in an error report for
    # someone other than the uploader without the kind's full permission (core.importing.report).
    mask: Callable[[str], str] | None = None

    def names(self) -> set[str]:
        return {header_key(n) for n in (self.label, *self.synonyms)}


@dataclass
class Rejection:
    """A row that was not saved: its number, the original cells and (column, reason) pairs."""

    row: int
    cells: list[Any]
    problems: list[tuple[str, str]]
    link: str = ""

    def reason(self) -> str:
        return "；".join(f"{col}：{msg}" if col else msg for col, msg in self.problems)


@dataclass
class BatchOutcome:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[tuple[dict[str, Any], str, str, str]] = field(default_factory=list)
    # rejected entries: (record, column label, reason, link)


class Importer:
    """One kind of import. Subclasses declare `columns` and implement `check` and `upsert`.

    `check(values)` turns the cleaned cells of one row into a record (a dict) or raises
    RowInvalid with every problem; `prepare(record)` adds derived columns; `key(record)` is
    the natural key; `upsert(records, write=...)` compares the batch with the database and
    (if write) creates and updates. `check` and `prepare` may run in a child process
    (`checking.py`): they must not touch the database, only what `check_state` loaded.
    """

    kind: ClassVar[str]
    columns: ClassVar[list[Column]]
    # One made-up but valid row for the downloadable template ({column key: cell}); text
    # for identity numbers and dates, so the cells are written as text.
    example: ClassVar[dict[str, Any]] = {}
    # Big files are read and checked by a child process when the importer supports it (see
    # `check_state`); its check must then not hold model instances or query.
    check_apart: ClassVar[bool] = False

    def __init__(self, *, run: Any, actor: Any):
        self.run = run
        self.actor = actor

    @classmethod
    def find_columns(cls, header: list[Any]) -> dict[str, int]:
        """Column key -> cell index of the columns the header has (the first cell of each)."""
        found: dict[str, int] = {}
        keys = [header_key(h) for h in header]
        for column in cls.columns:
            names = column.names()
            for index, key in enumerate(keys):
                if key in names and column.key not in found:
                    found[column.key] = index
        return found

    def map_headers(self, header: list[Any]) -> dict[str, int]:
        """Column key -> cell index; ApplicationError when a required column is missing."""
        found = self.find_columns(header)
        missing = [c.label for c in self.columns if c.required and c.key not in found]
        if missing:
            # A misspelt header is usually among the columns nobody took: name them.
            unused = unused_headers(header, found.values())
            hint = f"；未识别的列：{'、'.join(unused)}" if unused else ""
            raise ApplicationError(
                f"表头缺少必填列：{'、'.join(missing)}（请检查表头行的列名{hint}）。",
                field="file",
            )
        return found

    def header_score(self, cells: list[Any]) -> int:
        keys = {header_key(c) for c in cells if c not in (None, "")}
        return sum(1 for column in self.columns if column.names() & keys)

    def check(self, values: dict[str, Any]) -> dict[str, Any]:
        raise NotImplementedError

    def prepare(self, record: dict[str, Any]) -> None:
        """Add what the row's write needs and costs per row (e.g. encrypted columns)."""

    def check_state(self) -> dict[str, Any]:
        """What `check` looks up (picklable), loaded once here for checking in a child."""
        return {}

    @classmethod
    def for_checking(cls, state: dict[str, Any]) -> "Importer":
        """An instance that can only `check` and `prepare`, in a child process without a database."""
        importer = cls.__new__(cls)
        importer.run = importer.actor = None
        importer.load_check_state(state)
        return importer

    def load_check_state(self, state: dict[str, Any]) -> None:
        pass

    def key(self, record: dict[str, Any]) -> Hashable:
        raise NotImplementedError

    def upsert(self, records: list[dict[str, Any]], *, write: bool) -> BatchOutcome:
        raise NotImplementedError

    def finish(self) -> None:
        """Called once after a successful run that wrote (refresh counters and such)."""


def unused_headers(header: list[Any], used: Iterable[int]) -> list[str]:
    """The header cells no column took, as written and in the file's order (a second
    "姓名" is among them: only the first is read)."""
    taken = set(used)
    texts = ((index, cell_text(cell).strip()) for index, cell in enumerate(header))
    return [text for index, text in texts if text and index not in taken]


def with_sub_header(header: list[Any], row: list[Any]) -> list[Any] | None:
    """The header completed by a sub-header row under it, or None if `row` is not one.

    Offices merge a group title over its columns ("联系方式" over "手机号码 | 固定电话") and
    the other titles down over both rows: the row under the header then holds names only
    under a group (where the header cell is empty or starts an empty run) or repeats the
    title above. A data row always has a value under a title of its own (姓名), and numbers
    or dates, so it is never taken for one."""
    width = max(len(header), len(row))
    top = [_text(header[i]) if i < len(header) else "" for i in range(width)]
    sub = [row[i] if i < len(row) else None for i in range(width)]
    if not any(_text(c) for c in sub):
        return None
    for i, cell in enumerate(sub):
        text = _text(cell)
        if not text:
            continue
        if not isinstance(cell, str):
            return None
        under_group = not top[i] or (i + 1 < width and not top[i + 1])
        if not under_group and header_key(text) != header_key(top[i]):
            return None
    return [_text(s) or t for t, s in zip(top, sub, strict=True)]


def _text(cell: Any) -> str:
    return cell_text(cell).strip()


# A total ("合计 300人") or a note ("注：…", "填表人：…") under a roster: not a person, so it is
# skipped and named rather than rejected as a bad row.
_TOTAL_ROW = re.compile(r"^(?:[合总小共]\s*计|总数|累计|以下空白|以下无)")
_NOTE_ROW = re.compile(
    r"^(?:注|备注|说明|附注|填表说明|填表人|填报人|制表人|制表|审核人|审核|负责人|经办人|联系人"
    r"|联系电话|填表日期|填报日期|制表日期|填报单位|单位)\s*(?:[（(]盖章[)）])?\s*\d*\s*[:：.．、]"
    r"|^[（(]?盖章[)）]?$"
)
_SENTENCE = re.compile(r"[，。；：,;:]")
_NOTE_MAX = 100  # characters of a skipped row kept for the result page


def note_row(cells: list[Any]) -> str | None:
    """The row's text if it is a total or a note row, else None (only asked of rows that
    failed the check: a person's row is never skipped)."""
    texts = [t for t in (_text(c) for c in cells) if t]
    if not texts:
        return None
    first = texts[0]
    lone_sentence = len(texts) == 1 and len(first) >= 12 and _SENTENCE.search(first)
    if _TOTAL_ROW.match(first) or _NOTE_ROW.match(first) or lone_sentence:
        return " ".join(texts)[:_NOTE_MAX]
    return None


class RowInvalid(Exception):
    def __init__(self, problems: list[tuple[str, str]]):
        super().__init__("; ".join(m for _, m in problems))
        self.problems = problems


# Results of pure clean functions (see normalize.pure_clean) kept per column for one import:
# most columns repeat a few values (性别, 学历, 是/否), so a repeated cell costs a dict lookup.
_MEMO_LIMIT = 4096  # distinct cells per column; bounds the memory on free-text columns
_MISSING = object()
_Step = tuple[str, int, Clean | None, bool, str, dict[str, Any] | None, int]


class MappedColumns(list[tuple[Column, int]]):
    """The (column, cell index) pairs of one import, compiled once into clean_row's steps."""

    def __init__(self, pairs: Iterable[tuple[Column, int]] = ()):
        super().__init__(pairs)
        self.steps: tuple[_Step, ...] = tuple(
            (c.key, i, c.clean, c.required, c.label, *_memo(c.clean)) for c, i in self
        )
        self.width = max((i + 1 for _c, i in self), default=0)  # cells a row must have


def _memo(clean: Clean | None) -> tuple[dict[str, Any] | None, int]:
    """A column's memo (None: not remembered) and how many cells it may hold."""
    if not is_pure(clean):
        return None, 0
    return {}, getattr(clean, "memo_limit", _MEMO_LIMIT)


def clean_row(columns: list[tuple[Column, int]], cells: list[Any]) -> dict[str, Any]:
    """Run every mapped column's clean function; collect all problems before giving up."""
    if columns.__class__ is not MappedColumns:
        columns = MappedColumns(columns)
    if len(cells) < columns.width:  # a short row: the missing cells are empty
        cells = [*cells, *[None] * (columns.width - len(cells))]
    values: dict[str, Any] = {}
    problems: list[tuple[str, str]] = []
    for key, index, clean, required, label, memo, limit in columns.steps:
        raw = cells[index]
        if raw.__class__ is str:  # nearly every cell: one type test instead of four
            if memo is not None and (value := memo.get(raw, _MISSING)) is not _MISSING:
                values[key] = value
                continue
            empty = not raw or raw.isspace()
        else:
            empty = raw is None or raw == "" or (isinstance(raw, str) and raw.isspace())
        if empty:
            if required:
                problems.append((label, "不能为空。"))
            continue
        if clean is None:
            values[key] = raw
            continue
        try:
            value = clean(raw)
        except ApplicationError as exc:
            problems.append((label, exc.message))
            continue
        values[key] = value
        if memo is not None and raw.__class__ is str and len(memo) < limit:
            memo[raw] = value
    if problems:
        raise RowInvalid(problems)
    return values


def mapped_columns(importer: Importer, mapping: dict[str, int]) -> MappedColumns:
    return MappedColumns((c, mapping[c.key]) for c in importer.columns if c.key in mapping)
