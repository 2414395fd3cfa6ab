"""Fast inserts of already-validated rows: one `executemany` (SQLite) or `COPY` (PostgreSQL).

Columns come from the model, so a field added later gets its default without touching the
importers. Values given for encrypted fields must already be the stored form
(`members.identity.identity_columns(..., encrypted=True)`).
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
# page cache than the default 2 MB (kept at 16 MB: the import's memory must stay flat).
# Both are per connection and reset afterwards.
SQLITE_BULK_PRAGMAS = {"cache_size": -16_000, "wal_autocheckpoint": 50_000}


class InsertPlan:
    """The columns of a model in insert order, with defaults, built once per model."""

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

    def template(self, values: dict[str, Any] | None = None) -> list[Any]:
        """Defaults in column order, with the timestamps set to now, and `values` over them
        (what every row of an import shares)."""
        row = list(self.defaults)
        now = timezone.now()
        for i in self.stamped:
            row[i] = now
        for name, value in (values or {}).items():
            row[self.index[name]] = value
        return _adapt_row(row)

    def row(self, template: list[Any], values: dict[str, Any]) -> list[Any]:
        """`values` (attname -> value) over the template; dates in the stored form."""
        row = template.copy()
        index, sqlite = self.index, self.sqlite
        for name, value in values.items():
            if sqlite and isinstance(value, datetime.date):
                value = value.isoformat() if type(value) is datetime.date else _dt(value)
            row[index[name]] = value
        return row


def _dt(value: datetime.datetime) -> str:
    return connection.ops.adapt_datetimefield_value(value)


def _adapt_row(row: list[Any]) -> list[Any]:
    if connection.vendor != "sqlite":
        return row  # psycopg adapts dates, datetimes and bools itself
    return [
        (v.isoformat() if type(v) is datetime.date else _dt(v))
        if isinstance(v, datetime.date)
        else v
        for v in row
    ]


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
