"""Column specs and the importer interface that each app's importers.py fills in."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from gonghui.core.errors import ApplicationError

from .normalize import header_key

HEADER_SEARCH_ROWS = 10

Clean = Callable[[Any], Any]  # raw cell -> clean value; raises ApplicationError with the reason


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    synonyms: tuple[str, ...] = ()
    required: bool = False
    clean: Clean | None = None

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
    RowInvalid with every problem; `key(record)` is the natural key; `upsert(records,
    write=...)` compares the batch with the database and (if write) creates and updates.
    """

    kind: ClassVar[str]
    columns: ClassVar[list[Column]]

    def __init__(self, *, run: Any, actor: Any):
        self.run = run
        self.actor = actor

    def map_headers(self, header: list[Any]) -> dict[str, int]:
        """Column key -> cell index; ApplicationError when a required column is missing."""
        found: dict[str, int] = {}
        keys = [header_key(h) for h in header]
        for column in self.columns:
            names = column.names()
            for index, key in enumerate(keys):
                if key in names and column.key not in found:
                    found[column.key] = index
        missing = [c.label for c in self.columns if c.required and c.key not in found]
        if missing:
            raise ApplicationError(
                f"表头缺少必填列：{'、'.join(missing)}（请检查表头行的列名）。", field="file"
            )
        return found

    def header_score(self, cells: list[Any]) -> int:
        keys = {header_key(c) for c in cells if c not in (None, "")}
        return sum(1 for column in self.columns if column.names() & keys)

    def check(self, values: dict[str, Any]) -> dict[str, Any]:
        raise NotImplementedError

    def key(self, record: dict[str, Any]) -> str:
        raise NotImplementedError

    def upsert(self, records: list[dict[str, Any]], *, write: bool) -> BatchOutcome:
        raise NotImplementedError

    def finish(self) -> None:
        """Called once after a successful run that wrote (refresh counters and such)."""


class RowInvalid(Exception):
    def __init__(self, problems: list[tuple[str, str]]):
        super().__init__("; ".join(m for _, m in problems))
        self.problems = problems


IMPORTERS: dict[str, type[Importer]] = {}


def register_importer(cls: type[Importer]) -> type[Importer]:
    IMPORTERS[cls.kind] = cls
    return cls


def clean_row(columns: list[tuple[Column, int]], cells: list[Any]) -> dict[str, Any]:
    """Run every mapped column's clean function; collect all problems before giving up."""
    values: dict[str, Any] = {}
    problems: list[tuple[str, str]] = []
    width = len(cells)
    for column, index in columns:
        raw = cells[index] if index < width else None
        if raw is None or raw == "" or (isinstance(raw, str) and raw.isspace()):
            if column.required:
                problems.append((column.label, "不能为空。"))
            continue
        try:
            values[column.key] = column.clean(raw) if column.clean else raw
        except ApplicationError as exc:
            problems.append((column.label, exc.message))
    if problems:
        raise RowInvalid(problems)
    return values


def mapped_columns(importer: Importer, mapping: dict[str, int]) -> list[tuple[Column, int]]:
    return [(c, mapping[c.key]) for c in importer.columns if c.key in mapping]
