"""Fast inserts of already-validated rows: one `executemany` (SQLite) or `COPY` (PostgreSQL).

Columns come from the model, so a field added later gets its default without touching the
importers. Values given for encrypted fields must already be the stored form
(`core.identity.identity_values(..., encrypted=True)`).
"""

import contextlib
import datetime
from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any

from django.db import connection, models
from django.utils import timezone

# A big import on SQLite: let the write-ahead log grow before copying it back, so that an
# index page changed by many batches is written back once (most of the gain), and a larger
# page cache than the default 2 MB: 48 MB, ≈ 10 % faster inserts at 400,000 members than
# 16 MB, while the import's memory stays flat and under 300 MB (docs/benchmarks.md).
# Both are per connection and reset afterwards.
SQLITE_BULK_PRAGMAS = {"cache_size": -48_000, "wal_autocheckpoint": 50_000}


# What Python's sqlite3 binds directly. Anything else (bool, str enums such as
# MemberStatus.ACTIVE, dates) first goes through its adapter lookup, which costs about a
# third of binding a roster row; so rows for SQLite hold only these types.
_SQLITE_BINDS = frozenset({str, int, float, bytes, type(None)})


class InsertPlan:
    """The columns of a model in insert order, with defaults, built once per model.

    A row is laid out over a template (`template`), a dict of every column's stored value
    in insert order: `{**template, **values}` keeps that order and does the layout in C.
    """

    def __init__(self, model: type[models.Model]):
        self.model = model
        self.sqlite = connection.vendor == "sqlite"  # psycopg adapts dates itself
        self.fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        self.index = {f.attname: i for i, f in enumerate(self.fields)}
        self.stamped = [
            i
            for i, f in enumerate(self.fields)
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        ]
        self.defaults = [
            None if i in self.stamped else f.get_db_prep_save(f.get_default(), connection)
            for i, f in enumerate(self.fields)
        ]

    def template(self, values: dict[str, Any] | None = None) -> dict[str, Any]:
        """Defaults by column, with the timestamps set to now, and `values` over them (what
        every row of an import shares), in the stored form."""
        row = dict(zip(self.index, self.defaults, strict=True))
        now = timezone.now()
        for i in self.stamped:
            row[self.fields[i].attname] = now
        for name, value in (values or {}).items():
            if name not in row:
                raise KeyError(f"Not a column of {self.model.__name__}: {name}")
            row[name] = value
        return {name: self.stored(value) for name, value in row.items()}

    def row(self, template: dict[str, Any], values: dict[str, Any]) -> list[Any]:
        """`values` (attname -> value) over the template, in the stored form."""
        if self.sqlite:
            stored = self.stored
            values = {
                name: value if value.__class__ in _SQLITE_BINDS else stored(value)
                for name, value in values.items()
            }
        return self.stored_row(template, values)

    def stored_row(self, template: dict[str, Any], values: dict[str, Any]) -> list[Any]:
        """`row` for values already in the stored form (`stored`): the importer's fast path."""
        row = {**template, **values}
        if len(row) != len(template):
            unknown = sorted(row.keys() - template.keys())
            raise KeyError(f"Not columns of {self.model.__name__}: {unknown}")
        return list(row.values())

    def stored(self, value: Any) -> Any:
        """The value as the database driver takes it fastest. On SQLite: dates and datetimes
        as Django stores them (text), bools as 0/1 (as SQLite stores them), str and int
        subclasses (TextChoices …) as plain str and int; psycopg adapts everything itself."""
        if not self.sqlite or value.__class__ in _SQLITE_BINDS:
            return value
        if isinstance(value, datetime.date):
            return date_text(value) if value.__class__ is datetime.date else _dt(value)
        if isinstance(value, str):
            return str.__str__(value)  # the text itself, whatever the subclass's __str__
        if isinstance(value, int):  # bool, IntEnum
            return int.__int__(value)
        if isinstance(value, float):
            return float.__float__(value)
        return value  # Decimal and such: Django's registered adapters


def _dt(value: datetime.datetime) -> str:
    return connection.ops.adapt_datetimefield_value(value)


# The text of a date, remembered: a roster repeats its birth and join dates, and the shared
# str is also pickled once per chunk when rows come over from the checking child process.
_DATE_TEXT: dict[datetime.date, str] = {}
_DATE_TEXT_LIMIT = 50_000  # about 4 MB; about 140 years of days


def date_text(value: datetime.date) -> str:
    """value.isoformat() of a `datetime.date` (not a datetime): how Django stores a date on
    SQLite."""
    text = _DATE_TEXT.get(value)
    if text is None:
        text = value.isoformat()
        if len(_DATE_TEXT) < _DATE_TEXT_LIMIT:
            _DATE_TEXT[value] = text
    return text


@cache
def insert_plan(model: type[models.Model]) -> InsertPlan:
    return InsertPlan(model)


def insert_rows(model: type[models.Model], rows: Iterable[list[Any]]) -> int:
    """Insert rows already laid out by `insert_plan(model).row`."""
    plan = insert_plan(model)
    rows = rows if isinstance(rows, list) else list(rows)
    if not rows:
        return 0
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in plan.fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(plan.fields))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)
    return len(rows)


def existing_values(model: type[models.Model], field: str, values: list[Any]) -> set[Any]:
    """Which of `values` the column already holds: one indexed probe each, no ORM per row."""
    found: set[Any] = set()
    table = connection.ops.quote_name(model._meta.db_table)
    column = connection.ops.quote_name(model._meta.get_field(field).column)
    with connection.cursor() as cursor:
        for start in range(0, len(values), _PROBE_CHUNK):
            chunk = values[start : start + _PROBE_CHUNK]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"SELECT {column} FROM {table} WHERE {column} IN ({marks})", chunk)
            found.update(row[0] for row in cursor.fetchall())
    return found


_PROBE_CHUNK = 900  # under SQLite's 999 variables of old builds


def bulk_insert(model: type[models.Model], rows: list[dict[str, Any]]) -> int:
    """Insert `rows` (attname -> value); missing fields take their defaults, timestamps now."""
    plan = insert_plan(model)
    template = plan.template()
    return insert_rows(model, [plan.row(template, row) for row in rows])


@contextlib.contextmanager
def tuned_for_bulk_writes() -> Iterator[None]:
    """SQLite settings for a large import on this connection; nothing on PostgreSQL."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        saved = {
            name: cursor.execute(f"PRAGMA {name}").fetchone()[0] for name in SQLITE_BULK_PRAGMAS
        }
        for name, value in SQLITE_BULK_PRAGMAS.items():
            cursor.execute(f"PRAGMA {name} = {int(value)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for name, value in saved.items():
                cursor.execute(f"PRAGMA {name} = {int(value)}")
