"""Actors are values (issue #9): the rows the old ways wrote name their kind, and the two fake
staff users go.

Before, the overdue check wrote audit entries as actor_name 'system' and closed cases as the
user 'rights-system' (role district_staff, so it passed staff checks); the worker pages
wrote 'rights-portal' (a user for workflow events, a name for audit entries). Those rows now
read as the system or the worker portal, with no user linked and the labels the code writes
today. Then every nullable link to the two users is cleared and the users are deleted.

Only data changes; the reverse leaves the rows as they are (the fake users are not made again).
"""

from django.conf import settings
from django.db import migrations
from django.db.models import Q

SYSTEM = ("system", "系统（维权案件超期检查）")
PORTAL = ("portal", "职工（网上投诉）")
FAKE_USERS = {"rights-system": SYSTEM, "rights-portal": PORTAL}
# Names the old code wrote for them: usernames, display names, and the overdue check's 'system'.
OLD_NAMES = {
    "rights-system": SYSTEM,
    "系统（定时任务）": SYSTEM,
    "rights-portal": PORTAL,
    "职工（网上提交）": PORTAL,
}


def _relabel(apps, fake: dict[int, str]) -> None:
    for name in ("AuditEntry", "WorkflowEvent"):
        model = apps.get_model("core", name)
        for old, (kind, label) in OLD_NAMES.items():
            users = [pk for pk, username in fake.items() if username == old]
            rows = model.objects.filter(Q(actor_name=old) | Q(actor_id__in=users))
            rows.update(actor=None, actor_kind=kind, actor_name=label)
    # 'system' was also written by the kernel (backup, demo loading): those are the system
    # too, but only the rights entries were the overdue check.
    audit = apps.get_model("core", "AuditEntry")
    audit.objects.filter(actor_name="system").update(actor_kind=SYSTEM[0])
    audit.objects.filter(actor_name="system", action__startswith="rights.").update(
        actor=None, actor_name=SYSTEM[1]
    )


def _unlink(apps, user_ids: list[int]) -> None:
    """Clear every nullable foreign key to these users, in every app (cases, notes, jobs …)."""
    user_label = settings.AUTH_USER_MODEL.lower()
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        for field in model._meta.concrete_fields:
            related = getattr(field, "related_model", None)
            if related is None or not field.many_to_one or not field.null:
                continue
            if related._meta.label_lower != user_label:
                continue
            model._base_manager.filter(**{f"{field.attname}__in": user_ids}).update(
                **{field.attname: None}
            )


def forwards(apps, schema_editor):
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    fake = dict(user_model.objects.filter(username__in=FAKE_USERS).values_list("pk", "username"))
    _relabel(apps, fake)
    if fake:
        _unlink(apps, list(fake))
        user_model.objects.filter(pk__in=list(fake)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("rights", "0003_versions_and_identity_columns"),
        ("core", "0002_actors_notifications_periodic"),
        ("accounts", "0003_user_scoped_manager"),
        ("members", "0003_lean_indexes"),
        ("orgs", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
