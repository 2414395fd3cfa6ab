"""The database cache's table (settings.CACHES; issue #10: cached per-town counts).

`manage.py createcachetable` in a migration, so that every way a database is set up
(make run, a deployment's migrate, the benchmark) has it; it skips a table that exists.
"""

from django.core.management import call_command
from django.db import migrations


def forwards(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_actors_notifications_periodic")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=False)]
