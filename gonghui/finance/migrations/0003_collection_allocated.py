"""A collection knows it is allocated (`allocated_at`), set by the database itself.

The allocation run and the home page's to-do asked "which matched collections have no
Allocation?" with an anti-join over every collection: 5 s at district scale (1.2 million
rows), on every visit of the district's home page. The flag turns that into a read of a
partial index holding only the rows not yet allocated.

A trigger on the allocation table sets it, so it holds whichever code inserts an
allocation (the run, a test's factory, the shell). SQLite: a row trigger. PostgreSQL: one
statement trigger over the inserted rows (a transition table), so the run's bulk insert of
50,000 allocations costs one UPDATE, not 50,000. The column is not among those the
append-only trigger of 0002 guards, and ADD COLUMN of a nullable column keeps SQLite's
triggers (Django does not rebuild the table for it).
"""

from django.db import migrations, models

SQLITE_FORWARD = [
    'CREATE TRIGGER IF NOT EXISTS "finance_allocation_marks" AFTER INSERT ON '
    '"finance_allocation" BEGIN UPDATE "finance_collection" SET "allocated_at" = '
    'NEW."created_at" WHERE "id" = NEW."collection_id"; END',
]
PG_FORWARD = [
    "CREATE OR REPLACE FUNCTION finance_allocation_marks() RETURNS trigger LANGUAGE plpgsql "
    'AS $$ BEGIN UPDATE "finance_collection" c SET "allocated_at" = n."created_at" '
    'FROM allocated n WHERE c."id" = n."collection_id"; RETURN NULL; END $$',
    'CREATE TRIGGER "finance_allocation_marks" AFTER INSERT ON "finance_allocation" '
    "REFERENCING NEW TABLE AS allocated FOR EACH STATEMENT "
    "EXECUTE FUNCTION finance_allocation_marks()",
]
# Rows allocated before this migration.
BACKFILL = (
    'UPDATE "finance_collection" SET "allocated_at" = (SELECT a."created_at" FROM '
    '"finance_allocation" a WHERE a."collection_id" = "finance_collection"."id") '
    'WHERE "id" IN (SELECT "collection_id" FROM "finance_allocation")'
)


def forwards(apps, schema_editor):
    statements = {"sqlite": SQLITE_FORWARD, "postgresql": PG_FORWARD}
    for sql in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)
    schema_editor.execute(BACKFILL)


def backwards(apps, schema_editor):
    on = ' ON "finance_allocation"' if schema_editor.connection.vendor == "postgresql" else ""
    schema_editor.execute(f'DROP TRIGGER IF EXISTS "finance_allocation_marks"{on}')
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS finance_allocation_marks()")


class Migration(migrations.Migration):
    dependencies = [("finance", "0002_append_only")]

    operations = [
        migrations.AddField(
            model_name="collection",
            name="allocated_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="分配时间"
            ),
        ),
        migrations.RunPython(forwards, backwards, elidable=False),
        migrations.AddIndex(
            model_name="collection",
            index=models.Index(
                condition=models.Q(("allocated_at__isnull", True)),
                fields=["id"],
                name="collection_unallocated",
            ),
        ),
        migrations.AddIndex(
            model_name="collection",
            index=models.Index(
                condition=models.Q(("state", "unmatched")),
                fields=["org_path"],
                name="collection_unmatched",
            ),
        ),
    ]
