"""Tables whose rows are only ever inserted (docs/adr/0003-ledgers-are-append-only.md).

Two guards, so neither a service nor hand-written SQL can change a ledger:

- In the ORM: `AppendOnlyModel` refuses `save()` of a stored row and `delete()`;
  `AppendOnlyQuerySet` refuses `update()` and `delete()`.
- In the database: the migration operation `AppendOnly(model_name)` adds triggers that
  refuse UPDATE (of every column, or only of `columns`) and DELETE. PostgreSQL raises from a
  PL/pgSQL function. SQLite has no session settings, so its trigger asks an application
  function, `gonghui_append_only()`, registered on every connection Django opens
  (`register_sqlite_function`): a connection without it (the sqlite3 shell) fails with
  "no such function", so the guard fails closed there too.

Erasing a whole database is not a change to a ledger: `manage.py flush` (which the tests'
transactional teardown runs) lifts the SQLite guard for its own DELETEs (`unlocked()`), and
on PostgreSQL it truncates, which row triggers do not see. A restore replaces the database
file or drops the tables (core.backup).

Why not django-pgtrigger: it is PostgreSQL-only, and the guarantee must hold on SQLite too;
one migration operation covering both keeps one mechanism.
"""

import contextlib
import threading
from collections.abc import Iterator
from typing import Any

from django.db import models
from django.db.migrations.operations.base import Operation

from .scope import ScopedQuerySet

REFUSED = "append-only"
_state = threading.local()


def _locked() -> int:
    return 0 if getattr(_state, "unlocked", False) else 1


@contextlib.contextmanager
def unlocked() -> Iterator[None]:
    """Let this thread's SQLite connections delete guarded rows (flush only)."""
    _state.unlocked = True
    try:
        yield
    finally:
        _state.unlocked = False


def register_sqlite_function(sender: Any, connection: Any, **kwargs: Any) -> None:
    """connection_created: the SQLite trigger's question, answered per thread."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("gonghui_append_only", 0, _locked)


def message(verbose_name: str) -> str:
    return f"{verbose_name}只能追加，不能修改或删除；更正请做冲销。"


class AppendOnlyQuerySet(ScopedQuerySet):
    """Bulk update/delete would bypass the row guards; refuse them too."""

    def update(self, **kwargs: Any) -> int:
        raise RuntimeError(message(str(self.model._meta.verbose_name)))

    def delete(self) -> tuple[int, dict[str, int]]:
        raise RuntimeError(message(str(self.model._meta.verbose_name)))


class AppendOnlyModel(models.Model):
    """A row that is inserted once and never changed (with `AppendOnly` in its migration)."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise RuntimeError(message(str(self._meta.verbose_name)))
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise RuntimeError(message(str(self._meta.verbose_name)))


_PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION gonghui_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '{REFUSED}: % rows of % are never changed (%)', lower(TG_OP), TG_TABLE_NAME,
    'post a reversing entry instead' USING ERRCODE = 'integrity_constraint_violation';
END $$;
"""


def forward_sql(vendor: str, table: str, columns: tuple[str, ...] = ()) -> list[str]:
    """The statements that guard `table` (UPDATE of `columns` only, when given)."""
    quoted = ", ".join(f'"{c}"' for c in columns)
    of = f" OF {quoted}" if columns else ""
    if vendor == "postgresql":
        run = "FOR EACH ROW EXECUTE FUNCTION gonghui_append_only()"
        return [
            _PG_FUNCTION,
            f'CREATE TRIGGER "{table}_no_update" BEFORE UPDATE{of} ON "{table}" {run}',
            f'CREATE TRIGGER "{table}_no_delete" BEFORE DELETE ON "{table}" {run}',
        ]
    if vendor == "sqlite":
        body = f"BEGIN SELECT RAISE(ABORT, '{REFUSED}: {table}') WHERE gonghui_append_only(); END"
        return [
            f'CREATE TRIGGER "{table}_no_update" BEFORE UPDATE{of} ON "{table}" {body}',
            f'CREATE TRIGGER "{table}_no_delete" BEFORE DELETE ON "{table}" {body}',
        ]
    raise NotImplementedError(f"append-only triggers for {vendor}")


def backward_sql(vendor: str, table: str) -> list[str]:
    on = f' ON "{table}"' if vendor == "postgresql" else ""
    return [f'DROP TRIGGER IF EXISTS "{table}_no_{op}"{on}' for op in ("update", "delete")]


class AppendOnly(Operation):
    """Migration operation: the database refuses UPDATE and DELETE of `model_name`'s rows."""

    reversible = True

    def __init__(self, model_name: str, columns: tuple[str, ...] | list[str] = ()):
        self.model_name = model_name
        self.columns = tuple(columns)

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        kwargs: dict[str, Any] = {"model_name": self.model_name}
        if self.columns:
            kwargs["columns"] = list(self.columns)
        return self.__class__.__qualname__, [], kwargs

    def state_forwards(self, app_label: str, state: Any) -> None:
        pass

    def _table(self, app_label: str, state: Any) -> str:
        return state.apps.get_model(app_label, self.model_name)._meta.db_table

    def database_forwards(self, app_label, schema_editor, from_state, to_state) -> None:
        table = self._table(app_label, to_state)
        for sql in forward_sql(schema_editor.connection.vendor, table, self.columns):
            schema_editor.execute(sql, params=None)

    def database_backwards(self, app_label, schema_editor, from_state, to_state) -> None:
        table = self._table(app_label, from_state)
        for sql in backward_sql(schema_editor.connection.vendor, table):
            schema_editor.execute(sql, params=None)

    def describe(self) -> str:
        return f"Refuse UPDATE and DELETE of {self.model_name} rows in the database"
