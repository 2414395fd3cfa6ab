"""Notifications are core's (core.notify, issue #9): copy every rights notification into
core.Notification, then delete the rights model.

Each copy keeps its recipient, message, time and read time, and points at its case the way
core.notify does (target "rights.case", the case's id and text, the case page's URL).
Reversible: the reverse copies the case notifications back before they leave core.
"""

from django.db import migrations

TARGET = "rights.case"


def _case_text(case) -> str:
    return f"{case.number} {case.contact_name}"[:255]


def forwards(apps, schema_editor):
    old_model = apps.get_model("rights", "Notification")
    new_model = apps.get_model("core", "Notification")
    rows = list(old_model.objects.select_related("case").order_by("pk"))
    copies = [
        new_model(
            recipient_id=row.recipient_id,
            message=row.message,
            target_type=TARGET if row.case_id else "",
            target_id=str(row.case_id) if row.case_id else "",
            target_repr=_case_text(row.case) if row.case_id else "",
            url=f"/rights/cases/{row.case_id}/" if row.case_id else "",
            read_at=row.read_at,
        )
        for row in rows
    ]
    created = new_model.objects.bulk_create(copies, batch_size=1000)
    # created_at is auto_now_add, so it is set on insert; put the original times back
    for copy, row in zip(created, rows, strict=True):
        copy.created_at = row.created_at
    new_model.objects.bulk_update(created, ["created_at"], batch_size=1000)


def backwards(apps, schema_editor):
    old_model = apps.get_model("rights", "Notification")
    new_model = apps.get_model("core", "Notification")
    case_ids = set(apps.get_model("rights", "Case").objects.values_list("pk", flat=True))
    rows = list(new_model.objects.filter(target_type=TARGET).order_by("pk"))
    copies = [
        old_model(
            recipient_id=row.recipient_id,
            case_id=int(row.target_id) if int(row.target_id) in case_ids else None,
            message=row.message,
            read_at=row.read_at,
        )
        for row in rows
    ]
    created = old_model.objects.bulk_create(copies, batch_size=1000)
    for copy, row in zip(created, rows, strict=True):
        copy.created_at = row.created_at
    old_model.objects.bulk_update(created, ["created_at"], batch_size=1000)
    new_model.objects.filter(pk__in=[r.pk for r in rows]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("rights", "0004_actor_kinds_without_fake_users"),
        ("core", "0002_actors_notifications_periodic"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.DeleteModel(name="Notification"),
    ]
