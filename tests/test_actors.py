"""Who acted, for work nobody logged in to do (issue #9, item 4).

The audit log once named these four ways: 'system', 'rights-portal', '网上入会' and fake staff
users ('rights-system', role district_staff) that passed staff permission checks. Now the
person, the system and the worker portal are actor kinds of their own.
"""

import datetime
from decimal import Decimal

import pytest

from gonghui.accounts.models import User
from gonghui.core.actors import ActorKind
from gonghui.core.models import AuditEntry, WorkflowEvent
from gonghui.members.services import joining_submit
from gonghui.rights.services import portal
from gonghui.rights.services.overdue import cases_mark_overdue
from gonghui.rights.tests.conftest import register

pytestmark = pytest.mark.django_db


def _no_fake_users() -> None:
    assert not User.objects.filter(username__startswith="rights-").exists()
    assert not User.objects.filter(organization__isnull=True).exists()


def test_online_complaint_is_recorded_as_the_worker_portal(world):
    case = portal.case_submit_online(
        kind="complaint",
        summary="老板欠我两个月工资",
        contact_name="刘小红",
        phone="13912345678",
        subject="wages",
        amount_claimed=Decimal("8000"),
        ip="10.0.0.1",
        employer_name=world.employer_a.name,
        consent=True,
    )
    entry = AuditEntry.objects.get(action="rights.case.submitted_online", target_id=str(case.pk))
    assert (entry.actor_kind, entry.actor_id) == (ActorKind.PORTAL, None)
    assert entry.actor_name == "职工（网上投诉）"
    event = WorkflowEvent.objects.get(workflow="rights.case", object_id=str(case.pk))
    assert (event.actor_kind, event.actor_id) == (ActorKind.PORTAL, None)
    _no_fake_users()


def test_joining_is_recorded_as_the_worker_portal(world):
    from gonghui.members.tests.factories import new_ric

    application = joining_submit(
        name="陈小明",
        ric=new_ric(),
        phone="13912340001",
        employer=world.employer_a.name,
        consent=True,
        ip="10.0.0.2",
    )
    entry = AuditEntry.objects.get(target_id=str(application.pk), action__contains="joining")
    assert entry.actor_kind == ActorKind.PORTAL and entry.actor_id is None
    assert entry.actor_name == "职工（网上入会）"


def test_overdue_marking_and_auto_close_are_the_system(world, settings):
    case = register(world.town_a_user, employer=world.employer_a)
    cases_mark_overdue(today=case.accept_due + datetime.timedelta(days=1))
    entry = AuditEntry.objects.get(action="rights.case.overdue")
    assert (entry.actor_kind, entry.actor_id) == (ActorKind.SYSTEM, None)
    assert entry.actor_name == "系统（维权案件超期检查）"
    _no_fake_users()


def test_audit_page_filters_by_actor_kind(world, client):
    AuditEntry.objects.create(action="x.person", actor_name="某人", actor_kind=ActorKind.PERSON)
    AuditEntry.objects.create(action="x.system", actor_name="系统", actor_kind=ActorKind.SYSTEM)
    AuditEntry.objects.create(action="x.portal", actor_name="职工", actor_kind=ActorKind.PORTAL)
    client.force_login(world.admin)
    body = client.get("/audit/?actor_kind=system").content.decode()
    assert "x.system" in body and "x.person" not in body and "x.portal" not in body
    api = client.get("/api/v1/audit?actor_kind=portal").json()
    assert [e["action"] for e in api["items"]] == ["x.portal"]
    assert api["items"][0]["actor_kind"] == "portal"
