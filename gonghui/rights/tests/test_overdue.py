"""The daily check: overdue marking, notification of the assignee, automatic closing."""

import datetime

import pytest
from django.test import override_settings

from gonghui.core import notify as core_notify
from gonghui.core.actors import ActorKind
from gonghui.core.clock import today
from gonghui.core.errors import PermissionDenied
from gonghui.core.jobs import job_start
from gonghui.core.models import AuditEntry, Job, Notification, PeriodicRun, WorkflowEvent
from gonghui.core.periodic import run_now
from gonghui.core.registry import registry
from gonghui.rights.models import Case
from gonghui.rights.services import handling
from gonghui.rights.services.overdue import OVERDUE_JOB, cases_mark_overdue

from .conftest import register, to_in_progress

pytestmark = pytest.mark.django_db


def _told(user, case):
    return Notification.objects.filter(
        recipient=user, target_type="rights.case", target_id=str(case.pk)
    )


def test_overdue_case_is_marked_and_lawyer_notified_once(rw):
    case = to_in_progress(rw)
    later = case.conclude_due + datetime.timedelta(days=1)
    # on the deadline itself nothing happens
    assert cases_mark_overdue(today=case.conclude_due).marked == 0
    result = cases_mark_overdue(today=later)
    assert result.marked == 1 and result.notified == 1
    case.refresh_from_db()
    assert case.overdue_since == later
    note = _told(rw.world.lawyer_a, case).filter(message__contains="超过期限")
    assert note.count() == 1 and note.get().url == f"/rights/cases/{case.pk}/"
    # running again changes nothing
    assert cases_mark_overdue(today=later).marked == 0
    assert note.count() == 1


def test_registration_not_decided_in_15_days_is_overdue_and_goes_to_town_staff(rw):
    case = register(rw.world.town_a_user, employer=rw.world.employer_a)
    result = cases_mark_overdue(today=case.accept_due + datetime.timedelta(days=1))
    assert result.marked == 1
    assert _told(rw.world.town_a_user, case).exists()


def test_extension_clears_overdue_flag(rw):
    case = to_in_progress(rw)
    cases_mark_overdue(today=case.conclude_due + datetime.timedelta(days=1))
    case.refresh_from_db()
    case = handling.case_extend(
        actor=rw.world.lawyer_a, case=case, version=case.version, days=20, reason="需补充鉴定"
    )
    assert case.overdue_since is None


@override_settings(RIGHTS_AUTO_CLOSE_DAYS=15)
def test_concluded_case_without_feedback_closes_after_fixed_time(rw):
    case = to_in_progress(rw)
    case = handling.case_conclude(
        actor=rw.world.lawyer_a,
        case=case,
        version=case.version,
        outcome="explained",
        conclusion="已答复",
    )
    assert cases_mark_overdue(today=today() + datetime.timedelta(days=15)).closed == 0
    assert cases_mark_overdue(today=today() + datetime.timedelta(days=16)).closed == 1
    assert Case.objects.get(pk=case.pk).state == "closed"
    close = WorkflowEvent.objects.get(object_id=str(case.pk), action="close")
    assert (close.actor_kind, close.actor_id) == (ActorKind.SYSTEM, None)
    assert close.actor_name == "系统（维权案件超期检查）"


def test_the_check_needs_an_actor_that_may_handle_cases(rw):
    with pytest.raises(PermissionDenied):
        cases_mark_overdue(today=today(), actor=rw.world.chair_a)


def test_the_periodic_job_marks_overdue_as_the_system(rw):
    # given a case whose time ran out yesterday
    case = to_in_progress(rw)
    Case.objects.filter(pk=case.pk).update(conclude_due=today() - datetime.timedelta(days=1))
    # when `manage.py periodic` runs the registered job
    run = run_now(registry["periodic_jobs"][OVERDUE_JOB])
    # then it succeeded, marked the case, and the system is who did it
    assert run.status == PeriodicRun.Status.SUCCEEDED and run.result["marked"] == 1
    assert Case.objects.get(pk=case.pk).overdue_since == today()
    entry = AuditEntry.objects.get(action="rights.case.overdue", target_id=str(case.pk))
    assert (entry.actor_kind, entry.actor_name) == (ActorKind.SYSTEM, "系统（维权案件超期检查）")


def test_the_staff_button_job_runs_the_same_check_as_the_system(
    rw, django_capture_on_commit_callbacks
):
    case = to_in_progress(rw)
    Case.objects.filter(pk=case.pk).update(conclude_due=today() - datetime.timedelta(days=2))
    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(
            kind=OVERDUE_JOB,
            title="超期检查",
            actor=rw.world.district_staff,
            org_path=rw.world.district.path,
            params={},
        )
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED and job.result["marked"] == 1
    entry = AuditEntry.objects.get(action="rights.case.overdue", target_id=str(case.pk))
    assert entry.actor_kind == ActorKind.SYSTEM and entry.actor_id is None


def test_overdue_notices_go_out_on_the_configured_channels(
    rw, monkeypatch, django_capture_on_commit_callbacks
):
    sent = []

    class Recorder:
        def send(self, notification):
            sent.append(notification.message)
            return True

    monkeypatch.setitem(core_notify.CHANNELS, "test", Recorder())
    case = to_in_progress(rw)
    later = case.conclude_due + datetime.timedelta(days=1)
    with (
        override_settings(NOTIFY_CHANNELS=["console", "sms", "test"]),
        django_capture_on_commit_callbacks(execute=True),
    ):
        cases_mark_overdue(today=later)
    assert sent == [f"案件 {case.number} 已超过期限（{case.conclude_due}），请尽快办理。"]
    notice = _told(rw.world.lawyer_a, case).get(message__contains="超过期限")
    assert notice.delivered == ["console", "test"]
