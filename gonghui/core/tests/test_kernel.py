"""The kernel's shared pieces (issue #9): actors, the edit helper, notifications, periodic jobs."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.http import Http404
from django.test import override_settings
from django.utils import timezone

from gonghui.core import notify as notify_module
from gonghui.core.actors import ActorKind, portal_actor, system_actor
from gonghui.core.audit import audit_record
from gonghui.core.edit import edit
from gonghui.core.errors import ConflictError, PermissionDenied
from gonghui.core.models import AuditEntry, Notification, PeriodicRun
from gonghui.core.periodic import PeriodicJob, is_due, run_due, run_now
from gonghui.core.registry import registry
from gonghui.orgs.models import Employer

pytestmark = pytest.mark.django_db


# ---- actors ------------------------------------------------------------------------------


def test_system_and_portal_actors_hold_only_their_grants_and_see_no_rows(world):
    actor = system_actor("test.job", "测试任务", grants=("orgs.view",))
    assert actor.can("orgs.view") and not actor.can("orgs.edit")
    assert Employer.objects.visible_to(actor).count() == 0
    assert Employer.objects.visible_to(portal_actor("test.portal", "测试")).count() == 0
    entry = audit_record(actor=actor, action="test.done")
    assert (entry.actor_kind, entry.actor_id, entry.actor_name) == (
        ActorKind.SYSTEM,
        None,
        "系统（测试任务）",
    )


def test_a_person_is_recorded_as_a_person(world):
    entry = audit_record(actor=world.admin, action="test.done")
    assert (entry.actor_kind, entry.actor_id) == (ActorKind.PERSON, world.admin.pk)


# ---- edit ----------------------------------------------------------------------------------


def _edit(world, employer, **kwargs):
    defaults = {
        "actor": world.town_a_user,
        "version": employer.version,
        "changes": {"name": "甲电子（新）有限公司", "headcount": 999},
        "editable": ["name"],
        "action": "orgs.employer.updated",
        "permission": "employers.edit",
    }
    return edit(Employer, employer, **(defaults | kwargs))


def test_edit_sets_only_editable_fields_bumps_version_and_audits_the_difference(world):
    employer = world.employer_a
    saved = _edit(world, employer)
    employer.refresh_from_db()
    assert (employer.name, employer.headcount) == ("甲电子（新）有限公司", 120)
    assert employer.version == saved.version == 2
    entry = AuditEntry.objects.get(action="orgs.employer.updated")
    assert entry.data == {"name": ["甲电子有限公司", "甲电子（新）有限公司"]}


def test_edit_with_a_stale_version_changes_nothing(world):
    employer = world.employer_a
    _edit(world, employer)
    with pytest.raises(ConflictError):
        _edit(world, employer, changes={"name": "覆盖"})
    employer.refresh_from_db()
    assert employer.name == "甲电子（新）有限公司"


def test_edit_refuses_without_the_permission_and_out_of_scope(world):
    with pytest.raises(PermissionDenied):
        _edit(world, world.employer_a, actor=world.chair_a)
    with pytest.raises(Http404):
        _edit(world, world.employer_b)


def test_edit_writes_only_the_columns_that_changed(world, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        _edit(world, world.employer_a)
    update = next(q["sql"] for q in queries if q["sql"].startswith("UPDATE"))
    assert '"name"' in update and '"headcount"' not in update and '"uscc"' not in update


# ---- notifications -----------------------------------------------------------------------


@override_settings(NOTIFY_CHANNELS=["console", "email", "sms"])
def test_notify_makes_one_row_per_recipient_and_sends_after_commit(
    world, django_capture_on_commit_callbacks
):
    world.town_a_user.email = "town@example.org"
    world.town_a_user.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        rows = notify_module.notify(
            recipients=[world.town_a_user, world.town_a_user, world.admin],
            message="新交办案件",
            target=world.employer_a,
            url="/employers/1/",
        )
    assert len(rows) == 2
    row = Notification.objects.get(recipient=world.town_a_user)
    assert (row.target_type, row.target_id) == ("orgs.employer", str(world.employer_a.pk))
    # console and e-mail sent; the stock SMS channel sends nothing, so it is not recorded
    assert row.delivered == ["console", "email"]
    assert [m.to for m in mail.outbox] == [["town@example.org"]]
    # delivering again sends nothing twice
    notify_module.deliver_notification.call(row.pk)
    assert len(mail.outbox) == 1


def test_notification_page_badge_and_read(world, client):
    notify_module.notify(recipients=[world.town_a_user], message="请办理")
    client.force_login(world.town_a_user)
    page = client.get("/notifications/").content.decode()
    assert "请办理" in page and 'id="unread-count">1<' in page
    row = Notification.objects.get()
    assert client.post(f"/notifications/{row.pk}/read/").status_code == 302
    assert Notification.objects.get().read_at is not None
    # someone else's notification is not found
    client.force_login(world.admin)
    assert client.post(f"/notifications/{row.pk}/read/").status_code == 404


# ---- periodic jobs -----------------------------------------------------------------------


@pytest.fixture
def job():
    calls = []

    def run(actor):
        calls.append(actor)
        if len(calls) == 2:
            raise RuntimeError("第二次失败")
        return {"n": len(calls)}

    entry = PeriodicJob("test.tick", "测试定时", datetime.timedelta(days=1), run, ("orgs.view",))
    registry["periodic_jobs"][entry.name] = entry
    yield entry, calls
    registry["periodic_jobs"].pop(entry.name)


def test_a_job_runs_when_due_as_the_system_and_records_its_runs(job):
    entry, calls = job
    assert is_due(entry)
    run = run_now(entry)
    assert (run.status, run.result) == (PeriodicRun.Status.SUCCEEDED, {"n": 1})
    assert calls[0].kind == ActorKind.SYSTEM and calls[0].can("orgs.view")
    assert not is_due(entry)
    later = timezone.now() + datetime.timedelta(days=1, seconds=1)
    assert is_due(entry, later)
    # a failure is recorded, not raised, and retried within the hour
    failed = run_now(entry)
    assert failed.status == PeriodicRun.Status.FAILED and "第二次失败" in failed.message
    assert is_due(entry, timezone.now() + datetime.timedelta(hours=1, seconds=1))


def test_periodic_command_lists_and_runs(job):
    out = StringIO()
    call_command("periodic", "--list", stdout=out)
    assert "test.tick" in out.getvalue() and "rights.mark_overdue" in out.getvalue()
    out = StringIO()
    call_command("periodic", "--job", "test.tick", stdout=out)
    assert "已完成" in out.getvalue()
    assert [r.name for r in run_due() if r.name == "test.tick"] == []  # not due again
