"""The list index of 0006 into the model's state (Meta.indexes): 0006 created
`member_scope_name` database-only, so `makemigrations` could not keep it in step. Nothing
is rebuilt (the database has it already); the text index stays database-only in 0006."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("members", "0006_name_search_and_list_indexes")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
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
    ]
