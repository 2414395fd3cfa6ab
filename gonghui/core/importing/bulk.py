"""Fast inserts of already-validated rows: one `executemany` (SQLite) or `COPY` (PostgreSQL).

Columns come from the model, so a field added later gets its default without touching the
importers. Values given for encrypted fields must already be the stored form
(`members.identity.identity_columns(..., encrypted=True)`).
"""

from collections.abc import Callable
from typing import Any

from django.db import connection, models
from django.utils import timezone


def _adapter(field: models.Field) -> Callable[[Any], Any]:
    ops = connection.ops
    if connection.vendor == "postgresql":
        return lambda v: v  # psycopg adapts dates, datetimes and bools itself
    if isinstance(field, models.DateTimeField):
        return ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return ops.adapt_datefield_value
    return lambda v: v


def bulk_insert(model: type[models.Model], rows: list[dict[str, Any]]) -> int:
    """Insert `rows` (attname -> value); missing fields take their defaults, timestamps now."""
    if not rows:
        return 0
    now = timezone.now()
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    getters = []
    for field in fields:
        adapt = _adapter(field)
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            constant = adapt(now)
            getters.append(lambda row, f=field.attname, c=constant: row.get(f, c))
        else:
            default = field.get_db_prep_save(field.get_default(), connection)
            getters.append(
                lambda row, f=field.attname, d=default, a=adapt: a(row[f]) if f in row else d
            )
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    values = ([get(row) for get in getters] for row in rows)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in values:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(fields))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(values))
    return len(rows)
