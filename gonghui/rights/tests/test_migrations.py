"""The data migrations of issue #9: old actors relabelled, fake users gone, notifications moved.

Rows are written as the old code wrote them, on the schema of rights 0002, then the
migrations run forward to the current schema.
"""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from gonghui.accounts.models import User
from gonghui.core.models import AuditEntry, Job, Notification, WorkflowEvent
from gonghui.rights.models import CaseNote

# accounts too: the users built on the old schema have its columns (0004 dropped the lockout ones)
BEFORE = [("rights", "0002_review_chain_and_arbitration"), ("accounts", "0003_user_scoped_manager")]
# the kernel's tables as the old rights code wrote to them (actor_kind already there)
KERNEL = [("core", "0002_actors_notifications_periodic")]


def _before():
    """Rights back at 0002; the models of that moment, kernel included."""
    MigrationExecutor(connection).migrate(BEFORE)
    return MigrationExecutor(connection).loader.project_state(BEFORE + KERNEL).apps


def _old_rows(apps) -> dict:
    user = apps.get_model("accounts", "User")
    system = user.objects.create(username="rights-system", role="district_staff")
    portal = user.objects.create(username="rights-portal", role="district_staff")
    lawyer = user.objects.create(username="lawyer_x", role="lawyer")
    case = apps.get_model("rights", "Case").objects.create(
        number="WQ2026-000001",
        kind="complaint",
        channel="online",
        received_on=datetime.date(2026, 11, 1),
        summary="欠薪",
        contact_name="刘小红",
        org_path="/1/",
    )
    audit = apps.get_model("core", "AuditEntry").objects
    audit.create(actor_name="rights-portal", action="rights.case.submitted_online")
    audit.create(actor_name="system", action="rights.case.overdue")
    audit.create(actor=system, actor_name="rights-system", action="rights.case.close")
    audit.create(actor_name="system", action="core.backup.created")
    events = apps.get_model("core", "WorkflowEvent").objects
    flow = {"workflow": "rights.case", "object_id": str(case.pk)}
    events.create(**flow, to_state="registered", action="created", actor=portal)
    events.create(**flow, to_state="closed", action="close", actor=system)
    apps.get_model("rights", "CaseNote").objects.create(
        case=case, kind="note", text="自动结案", author=system, author_name="系统（定时任务）"
    )
    apps.get_model("core", "Job").objects.create(
        kind="rights.mark_overdue", title="超期检查", created_by=system, org_path="/1/"
    )
    old = apps.get_model("rights", "Notification").objects
    read = old.create(recipient=lawyer, case=case, message="新交办案件 WQ2026-000001")
    unread = old.create(recipient=lawyer, case=None, message="系统通知")
    old.filter(pk=read.pk).update(
        created_at=datetime.datetime(2026, 11, 2, 8, 0, tzinfo=datetime.UTC),
        read_at=datetime.datetime(2026, 11, 3, 9, 0, tzinfo=datetime.UTC),
    )
    return {"case": case.pk, "lawyer": lawyer.pk, "unread": unread.message}


@pytest.mark.django_db(transaction=True)
def test_old_actors_and_notifications_are_migrated():
    # given rows as the old code wrote them
    rows = _old_rows(_before())
    # when the migrations run
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    # then the worker portal and the system are kinds with their labels, no user linked
    portal = ("portal", None, "职工（网上投诉）")
    system = ("system", None, "系统（维权案件超期检查）")
    audit = {e.action: (e.actor_kind, e.actor_id, e.actor_name) for e in AuditEntry.objects.all()}
    assert audit == {
        "rights.case.submitted_online": portal,
        "rights.case.overdue": system,
        "rights.case.close": system,
        # the kernel's own 'system' rows are the system too, with the name they had
        "core.backup.created": ("system", None, "system"),
    }
    events = WorkflowEvent.objects.all()
    assert {e.action: (e.actor_kind, e.actor_id, e.actor_name) for e in events} == {
        "created": portal,
        "close": system,
    }
    # and the fake users are gone, their links cleared, everything else kept
    assert list(User.objects.values_list("username", flat=True)) == ["lawyer_x"]
    assert CaseNote.objects.get().author_id is None
    assert Job.objects.get().created_by_id is None
    # and the notifications are core's, pointing at their case, with their times
    moved = Notification.objects.get(target_id=str(rows["case"]))
    assert (moved.target_type, moved.url) == ("rights.case", f"/rights/cases/{rows['case']}/")
    assert moved.target_repr == "WQ2026-000001 刘小红" and moved.recipient_id == rows["lawyer"]
    assert moved.created_at == datetime.datetime(2026, 11, 2, 8, 0, tzinfo=datetime.UTC)
    assert moved.read_at == datetime.datetime(2026, 11, 3, 9, 0, tzinfo=datetime.UTC)
    loose = Notification.objects.get(message=rows["unread"])
    assert (loose.target_type, loose.url, loose.read_at) == ("", "", None)


@pytest.mark.django_db
def test_cases_a_town_filed_without_town_get_the_town_of_their_path(world):
    import importlib

    from django.apps import apps

    from gonghui.rights.models import Case

    migration = importlib.import_module("gonghui.rights.migrations.0007_case_town_from_its_path")
    common = {"kind": "petition", "channel": "visit", "summary": "欠薪", "contact_name": "陈"}
    common["received_on"] = datetime.date(2026, 11, 1)
    # given a case a town filed before issue #10 (its path, no town) and a district case
    Case.objects.create(number="WQ1", org_path=world.town_a.path, **common)
    Case.objects.create(number="WQ2", org_path=world.union_b.path, **common)
    Case.objects.create(number="WQ3", org_path=world.district.path, **common)
    # when the migration runs, twice
    migration.fill_town(apps, None)
    migration.fill_town(apps, None)
    # then each case below a town is that town's, and the district's stays unassigned
    towns = {c.number: c.town_id for c in Case.objects.all()}
    assert towns == {"WQ1": world.town_a.pk, "WQ2": world.town_b.pk, "WQ3": None}
