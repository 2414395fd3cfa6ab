"""The name index holds the id (issue #10): PostgreSQL serves the district's name order and a
short name search from the index alone (core.search.name_q). The new index is built before
the old one goes, so no moment is without one."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("importing", "0004_skipped_rows_and_sheet"),
        ("members", "0009_indicator_index"),
        ("orgs", "0008_towns_in_id_order"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="member",
            index=models.Index(fields=["name", "id"], name="member_name_id"),
        ),
        migrations.AlterField(
            model_name="member",
            name="name",
            field=models.CharField(max_length=50, verbose_name="姓名"),
        ),
    ]
