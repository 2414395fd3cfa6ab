"""Indexes the lists need at district scale (issue #10: lists stay fast; docs/benchmarks.md).

Database-only here (0007 adds the two B-tree indexes to the model state, Meta.indexes):
they are how the lists are served, not part of the model, and the text indexes differ by
database. `gonghui/orgs/tests/test_list_speed.py` checks that they exist.

- employer_name: the district's employer list in name order (`ORDER BY name, id LIMIT 51`
  walks it; before, 50,000 rows were sorted per page);
- employer_scope_name: a town's employers in name order: the range of the town's path
  and the names in one index, so the page's keys are sorted without reading the rows
  (`core.lists.page_rows`); pattern ops so that PostgreSQL serves the scope's LIKE prefix;
- text indexes on organization and employer names (`core.search`: pg_trgm or FTS5).
"""

from django.db import migrations, models

from gonghui.core.search import create_text_index, drop_text_index

TEXT = [("orgs_organization", "name"), ("orgs_employer", "name")]


def forwards(apps, schema_editor):
    for table, column in TEXT:
        create_text_index(schema_editor, table, column)


def backwards(apps, schema_editor):
    for table, column in TEXT:
        drop_text_index(schema_editor, table, column)


class Migration(migrations.Migration):
    dependencies = [("orgs", "0004_fill_name_initials")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AddIndex(
                    "employer", models.Index(fields=["name"], name="employer_name")
                ),
                migrations.AddIndex(
                    "employer",
                    models.Index(
                        fields=["org_path", "name"],
                        name="employer_scope_name",
                        opclasses=["varchar_pattern_ops", "varchar_ops"],
                    ),
                ),
            ]
        ),
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
