"""After rows are inserted with explicit primary keys, the next automatic key must follow them."""

from django.core.management.color import no_style
from django.db import connection, models


def reset_sequences(*model_classes: type[models.Model]) -> None:
    """Move each table's key sequence past its largest key (whatever the database keeps it in)."""
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), list(model_classes)):
            cursor.execute(statement)
