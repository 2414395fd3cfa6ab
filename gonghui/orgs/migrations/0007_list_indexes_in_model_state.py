"""The list indexes of 0005 into the model's state (Meta.indexes), and the terms-due index.

0005 created `employer_name` and `employer_scope_name` database-only, so the model did not
list them and `makemigrations` could not keep them in step. Here the state learns them
(nothing is rebuilt: the database has them already). The text indexes stay database-only
in 0005: they differ by database (pg_trgm GIN, or an FTS5 table on SQLite).

`term_current_ends_on` is new: /orgs/terms/ lists the current terms by end date, a page at
a time (issue #10: the view rendered up to 1,000 rows, p99 2.6 s).
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("orgs", "0006_counts_stamp")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
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
        migrations.AddIndex(
            "term",
            models.Index(
                fields=["ends_on", "id"],
                condition=models.Q(is_current=True),
                name="term_current_ends_on",
            ),
        ),
    ]
