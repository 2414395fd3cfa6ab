"""Name search served by a text index on both databases (issue #10: lists stay fast).

"Part of a name finds it" is `name LIKE '%text%'`, which no B-tree index serves: without a
text index the admin's member search by name scanned all 420,000 members (p99 3.2 s at 8
users). One function, `name_q`, turns a name filter into the condition a text index serves:

- PostgreSQL: `pg_trgm` GIN indexes on `UPPER(name)` (the expression Django's `icontains`
  compares), so the ORM's own `icontains` is served by them. Where the extension cannot be
  created (no privilege), the migration says so and the same query runs as a scan.
- SQLite ≥ 3.34: an FTS5 table with the trigram tokenizer per indexed column, external
  content (the rows stay in their table; the FTS table holds only the index), kept by
  triggers; `MATCH` on it finds the rowids. Older SQLite: `icontains` (a scan).
  Organizations and employers only: on members the insert trigger cost the roster import
  half again its CPU (7.3 → 11.3 s per 100,000 rows, docs/benchmarks.md), and most name
  searches are one or two characters, which no trigram serves. A member's name is matched
  by LIKE on the `(name, id)` index (the district) or on the index of the scope and the
  name (a town: members 0006), both read without the rows by `core.lists.page_rows`.

A trigram index needs three characters: a shorter text ("张", "张伟") falls back to
`contains` (a text without case, as Chinese: the same rows, no UPPER() of each name, so
PostgreSQL reads the (name, id) index alone) or `icontains` within the scope (the scope's index narrows it; the list's ordering index
stops at the first page). Everything else is the same condition the list had: the results
are those of `icontains` (FTS5's trigram tokenizer folds case as `icontains` does).

Migrations create the indexes with `create_text_index` / `drop_text_index`
(orgs: organizations and employers; members: members).
"""

import functools
import sqlite3
from typing import Any

from django.db import connections, transaction
from django.db.models import CharField, F, Q, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat

MIN_TRIGRAM = 3

# (table, column) pairs with a text index; a filter on another column is `icontains`.
PG_TRIGRAM = {
    ("orgs_organization", "name"),
    ("orgs_employer", "name"),
    ("members_member", "name"),
}
SQLITE_FTS = {("orgs_organization", "name"), ("orgs_employer", "name")}  # see the docstring


@functools.cache
def sqlite_trigram_available() -> bool:
    """Whether this SQLite has FTS5 with the trigram tokenizer (3.34+, FTS5 compiled in)."""
    try:
        sqlite3.connect(":memory:").execute(
            "CREATE VIRTUAL TABLE t USING fts5(x, tokenize='trigram')"
        )
    except sqlite3.Error:
        return False
    return True


def fts_table(table: str, column: str) -> str:
    return f"{table}_{column}_fts"


def _fts_match(text: str) -> str:
    """The text as one FTS5 string (a substring for the trigram tokenizer)."""
    return '"' + text.replace('"', '""') + '"'


def _resolve(qs: QuerySet, field: str) -> tuple[str, str, str]:
    """For `field` ("name" or "union__name"): the lookup of the row's key ("pk",
    "union"), and the table and column the text index is on."""
    *hops, column_field = field.split("__")
    model = qs.model
    for hop in hops:
        model = model._meta.get_field(hop).related_model
    column = model._meta.get_field(column_field).column
    return ("__".join(hops) or "pk"), model._meta.db_table, column


def name_q(qs: QuerySet, field: str, text: str) -> Q:
    """The condition "`field` contains `text`" for `qs`, served by a text index where
    there is one (see the module docstring); `Q()` for an empty text."""
    text = text.strip()
    if not text:
        return Q()
    vendor = connections[qs.db].vendor
    if len(text) < MIN_TRIGRAM and _caseless(text):
        # The same rows as icontains (no character of the text has a case), without
        # UPPER() of every name: PostgreSQL then reads the covering (name, id) index alone
        # (members: the admin's 「张」 300-470 ms as a sorted scan, 46 ms walked).
        return Q(**{f"{field}__contains": text})
    contains = Q(**{f"{field}__icontains": text})
    if len(text) < MIN_TRIGRAM or vendor != "sqlite" or not sqlite_trigram_available():
        return contains  # PostgreSQL: the pg_trgm index serves `icontains` itself
    key, table, column = _resolve(qs, field)
    if (table, column) not in SQLITE_FTS:
        return contains
    fts = fts_table(table, column)
    rowids = RawSQL(f'SELECT rowid FROM "{fts}" WHERE "{fts}" MATCH %s', [_fts_match(text)])
    return Q(**{f"{key}__in": rowids})


def _caseless(text: str) -> bool:
    """No character of `text` changes with case (Chinese, digits): a case-blind match of it
    is a plain one."""
    return text.upper() == text == text.lower()


def name_contains(qs: QuerySet, field: str, text: str) -> QuerySet:
    """`qs` narrowed to rows whose `field` contains `text` (no filter for an empty text)."""
    return qs.filter(name_q(qs, field, text))


def short_text_order(qs: QuerySet, field: str, text: str) -> QuerySet:
    """`qs` in its own order, sorted rather than walked along `field`'s index, for a search
    text shorter than a trigram on PostgreSQL (see the module docstring: no index serves
    it there). A caseless text (Chinese) that is the query's only condition is compared to
    the name itself, which the covering (name, id) index holds: walking it reads no rows.

    In name order, PostgreSQL walks the name index and fetches every row until the page's
    51st match, on an estimate that many rows match: for 「张」 121,938 rows fetched (a
    town's: 558 ms; the district's: 1,073 ms at load 9). Ordering by an expression of the
    name (the same order) leaves it the plans that read the matches and sort them: the
    scope's index for a town (108 ms), a parallel scan for the district (238 ms). SQLite
    walks its name index without reading rows (the index holds the rowid) and is left be.
    """
    text = text.strip()
    short = 0 < len(text) < MIN_TRIGRAM
    if not short or connections[qs.db].vendor != "postgresql":
        return qs
    if _caseless(text) and len(qs.query.where.children) == 1:
        # the name's condition alone (the district's list): walked along the covering
        # (name, id) index without reading a row; any other condition (a town's scope)
        # would fetch each row the walk passes (a town's 「张」: 408 ms walked, 67 sorted)
        return qs
    ordering = list(qs.query.order_by or qs.model._meta.ordering)
    if field not in ordering:
        return qs
    sorted_not_walked = Concat(F(field), Value(""), output_field=CharField())
    return qs.order_by(*(sorted_not_walked if o == field else o for o in ordering))


# ---- the indexes (called from migrations) -----------------------------------------------


def _sqlite_create(cursor: Any, table: str, column: str) -> None:
    fts = fts_table(table, column)
    cursor.execute(
        f'CREATE VIRTUAL TABLE IF NOT EXISTS "{fts}" USING fts5("{column}", '
        f"content='{table}', content_rowid='id', tokenize='trigram')"
    )
    # External content: the FTS table is told each change, with the old value to remove.
    cursor.execute(
        f'CREATE TRIGGER IF NOT EXISTS "{fts}_ai" AFTER INSERT ON "{table}" BEGIN '
        f'INSERT INTO "{fts}"(rowid, "{column}") VALUES (new.id, new."{column}"); END'
    )
    cursor.execute(
        f'CREATE TRIGGER IF NOT EXISTS "{fts}_ad" AFTER DELETE ON "{table}" BEGIN '
        f'INSERT INTO "{fts}"("{fts}", rowid, "{column}") VALUES '
        f"('delete', old.id, old.\"{column}\"); END"
    )
    # Only when the column changes: most updates (status, version) leave the index alone.
    cursor.execute(
        f'CREATE TRIGGER IF NOT EXISTS "{fts}_au" AFTER UPDATE OF "{column}" ON "{table}" '
        f'WHEN old."{column}" IS NOT new."{column}" BEGIN '
        f'INSERT INTO "{fts}"("{fts}", rowid, "{column}") VALUES '
        f"('delete', old.id, old.\"{column}\"); "
        f'INSERT INTO "{fts}"(rowid, "{column}") VALUES (new.id, new."{column}"); END'
    )
    cursor.execute(f'INSERT INTO "{fts}"("{fts}") VALUES (\'rebuild\')')


def _sqlite_drop(cursor: Any, table: str, column: str) -> None:
    fts = fts_table(table, column)
    for suffix in ("ai", "ad", "au"):
        cursor.execute(f'DROP TRIGGER IF EXISTS "{fts}_{suffix}"')
    cursor.execute(f'DROP TABLE IF EXISTS "{fts}"')


def _pg_index(table: str, column: str) -> str:
    return f"{table}_{column}_trgm"


def _pg_extension(cursor: Any) -> bool:
    """pg_trgm, created if this role may; False (and a message saying what to do) if not."""
    cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
    if cursor.fetchone():
        return True
    try:
        with transaction.atomic(using=cursor.db.alias):  # a savepoint: a refusal is not fatal
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except Exception as exc:  # noqa: BLE001 - any refusal: say so, search still works
        print(
            "\n  名称检索：无法创建 PostgreSQL 扩展 pg_trgm（"
            f"{str(exc).strip()}）。按名称检索仍可用，但会逐行扫描；请由数据库管理员执行 "
            "CREATE EXTENSION pg_trgm; 后重新运行 migrate（docs/operations.md「名称检索索引」）。"
        )
        return False
    return True


def create_text_index(schema_editor: Any, table: str, column: str) -> None:
    """The text index on `table.column` for this database (see the module docstring)."""
    vendor = schema_editor.connection.vendor
    with schema_editor.connection.cursor() as cursor:
        if vendor == "sqlite" and (table, column) in SQLITE_FTS and sqlite_trigram_available():
            _sqlite_create(cursor, table, column)
        elif vendor == "postgresql" and (table, column) in PG_TRIGRAM and _pg_extension(cursor):
            cursor.execute(
                f'CREATE INDEX IF NOT EXISTS "{_pg_index(table, column)}" ON "{table}" '
                f'USING gin (UPPER("{column}") gin_trgm_ops)'
            )


def drop_text_index(schema_editor: Any, table: str, column: str) -> None:
    vendor = schema_editor.connection.vendor
    with schema_editor.connection.cursor() as cursor:
        if vendor == "sqlite":
            _sqlite_drop(cursor, table, column)
        elif vendor == "postgresql":
            cursor.execute(f'DROP INDEX IF EXISTS "{_pg_index(table, column)}"')
