"""The report's program kinds (choices.BUILTIN_PROGRAM_KINDS): the indicators count them by
code, so they exist in every database, before any demo or staff entry."""

from django.db import migrations

from gonghui.assistance.choices import BUILTIN_PROGRAM_KINDS


def add(apps, schema_editor):
    kind = apps.get_model("assistance", "ProgramKind")
    for code, name, order in BUILTIN_PROGRAM_KINDS:
        kind.objects.update_or_create(
            code=code, defaults={"name": name, "order": order, "builtin": True}
        )


class Migration(migrations.Migration):
    dependencies = [("assistance", "0001_initial")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
