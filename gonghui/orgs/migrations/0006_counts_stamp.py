"""A stamp every write to organizations or employers moves (issue #10: cached counts).

`orgs.queries` caches the tree's and the dashboard's per-town counts under keys that hold
this stamp, so a write shows in the next view whichever code wrote (a service, an
importer, a queryset `.update()`, the shell). Database-only, like 0005.

- SQLite: a one-row table set to a new random number by row triggers (SQLite has one
  writer at a time, so this costs no concurrency; a reader sees it with the write's
  commit). Random, not a counter: a rolled-back write (each test's transaction) must not
  let the next write reach a stamp that figures were already cached under.
- PostgreSQL: a sequence, which never blocks (a one-row table would serialize every
  organization write and could deadlock two transfers). `nextval` is not transactional,
  so it is called twice: at the statement (a test's or a long transaction's own later
  reads see it) and again at commit by a deferred constraint trigger, so that figures
  counted by another session before the commit are not kept under the final stamp.
"""

from django.db import migrations

WATCHED = {
    "orgs_organization": "",  # every column: names, kinds, paths and member counts are shown
    "orgs_employer": " OF union_id, town_id, org_path",  # what places an employer in a count
}

SQLITE_FORWARD = [
    "CREATE TABLE IF NOT EXISTS orgs_counts_stamp "
    "(id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL)",
    "INSERT OR IGNORE INTO orgs_counts_stamp (id, n) VALUES (1, 0)",
]
for table, columns in WATCHED.items():
    for event, name in (("INSERT", "ai"), (f"UPDATE{columns}", "au"), ("DELETE", "ad")):
        SQLITE_FORWARD.append(
            f'CREATE TRIGGER IF NOT EXISTS "{table}_counts_{name}" AFTER {event} ON "{table}" '
            "BEGIN UPDATE orgs_counts_stamp SET n = random() WHERE id = 1; END"
        )

PG_FORWARD = [
    "CREATE SEQUENCE IF NOT EXISTS orgs_counts_stamp",
    "CREATE OR REPLACE FUNCTION orgs_counts_touch() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN PERFORM nextval('orgs_counts_stamp'); RETURN NULL; END $$",
]
for table, columns in WATCHED.items():
    PG_FORWARD += [
        f'CREATE TRIGGER "{table}_counts" AFTER INSERT OR UPDATE{columns} OR DELETE '
        f'OR TRUNCATE ON "{table}" FOR EACH STATEMENT EXECUTE FUNCTION orgs_counts_touch()',
        f'CREATE CONSTRAINT TRIGGER "{table}_counts_commit" AFTER INSERT OR UPDATE{columns} '
        f'OR DELETE ON "{table}" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW '
        "EXECUTE FUNCTION orgs_counts_touch()",
    ]


def forwards(apps, schema_editor):
    statements = {"sqlite": SQLITE_FORWARD, "postgresql": PG_FORWARD}
    for sql in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in WATCHED:
        if vendor == "sqlite":
            for name in ("ai", "au", "ad"):
                schema_editor.execute(f'DROP TRIGGER IF EXISTS "{table}_counts_{name}"')
        elif vendor == "postgresql":
            schema_editor.execute(f'DROP TRIGGER IF EXISTS "{table}_counts" ON "{table}"')
            schema_editor.execute(f'DROP TRIGGER IF EXISTS "{table}_counts_commit" ON "{table}"')
    if vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS orgs_counts_stamp")
    elif vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS orgs_counts_touch()")
        schema_editor.execute("DROP SEQUENCE IF EXISTS orgs_counts_stamp")


class Migration(migrations.Migration):
    dependencies = [("orgs", "0005_name_search_and_list_indexes")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
