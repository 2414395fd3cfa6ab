"""Indexes the member list needs at district scale (issue #10: lists stay fast).

Database-only here, as in orgs 0005 (0007 adds it to the model state; test_list_speed checks it):

- member_scope_name: a town's or a union's members in name order. The scope is a range of
  `org_path` and the order is by name; one index holding both lets the page's keys be
  sorted without reading a row (a town's 50,714 members: 7 ms, against 80-700 ms sorting
  whole rows; `core.lists.page_rows` then reads the page's 51 rows by key). The district
  (every path) walks the `name` index instead. Pattern ops: PostgreSQL's LIKE prefix.
- the text index on member names on PostgreSQL (`core.search`: pg_trgm GIN). None on
  SQLite: an FTS5 insert trigger cost the roster import half again its CPU; there the
  covering (org_path, name) and name indexes serve the LIKE (see core.search).
"""

from django.db import migrations, models

from gonghui.core.search import create_text_index, drop_text_index


def forwards(apps, schema_editor):
    create_text_index(schema_editor, "members_member", "name")


def backwards(apps, schema_editor):
    drop_text_index(schema_editor, "members_member", "name")


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0005_joining_audit_actor_is_the_portal"),
        ("orgs", "0005_name_search_and_list_indexes"),  # creates pg_trgm first
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AddIndex(
                    "member",
                    models.Index(
                        fields=["org_path", "name"],
                        name="member_scope_name",
                        opclasses=["varchar_pattern_ops", "varchar_ops"],
                    ),
                ),
            ]
        ),
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
