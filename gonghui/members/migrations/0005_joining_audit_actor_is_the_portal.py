"""Online joining was audited as actor_name "网上入会" with no kind (issue #9, item 4): those
entries are the worker portal's. The historical model has no append-only guard."""

from django.db import migrations

OLD_NAME = "网上入会"


def mark_portal(apps, schema_editor):
    AuditEntry = apps.get_model("core", "AuditEntry")
    AuditEntry.objects.filter(actor_name=OLD_NAME, actor__isnull=True).update(actor_kind="portal")


def unmark_portal(apps, schema_editor):
    AuditEntry = apps.get_model("core", "AuditEntry")
    AuditEntry.objects.filter(actor_name=OLD_NAME, actor_kind="portal").update(
        actor_kind="person"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_actors_notifications_periodic"),
        ("members", "0004_member_source_run_and_identity_columns"),
    ]

    operations = [migrations.RunPython(mark_portal, unmark_portal)]
