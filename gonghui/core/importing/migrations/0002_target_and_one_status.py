"""The run's target is generic (any registered kind may have one) and its status is its job's.

Schema first (add), then the backfill (target_union -> target_id/target_label), then removal.
"""

from django.db import migrations, models


def copy_targets(apps, schema_editor):
    ImportRun = apps.get_model("importing", "ImportRun")
    runs = ImportRun.objects.filter(target_union__isnull=False).select_related("target_union")
    for run in runs.iterator(chunk_size=500):
        ImportRun.objects.filter(pk=run.pk).update(
            target_id=run.target_union_id, target_label=run.target_union.name[:255]
        )


def copy_back(apps, schema_editor):
    ImportRun = apps.get_model("importing", "ImportRun")
    ImportRun.objects.filter(target_id__isnull=False).update(target_union=models.F("target_id"))


class Migration(migrations.Migration):
    dependencies = [
        ("importing", "0001_import_run"),
    ]

    operations = [
        migrations.AddField(
            model_name="importrun",
            name="target_id",
            field=models.PositiveBigIntegerField(blank=True, null=True, verbose_name="导入到"),
        ),
        migrations.AddField(
            model_name="importrun",
            name="target_label",
            field=models.CharField(blank=True, max_length=255, verbose_name="导入到"),
        ),
        migrations.RunPython(copy_targets, copy_back),
        migrations.RemoveField(model_name="importrun", name="target_union"),
        migrations.RemoveField(model_name="importrun", name="status"),
        migrations.AlterField(
            model_name="importrun",
            name="kind",
            field=models.CharField(max_length=40, verbose_name="导入类型"),
        ),
    ]
