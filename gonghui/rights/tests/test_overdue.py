"""The daily task: overdue marking, notification of the assignee, automatic closing."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

from gonghui.core.jobs import job_start
from gonghui.core.models import Job
from gonghui.rights import notify
from gonghui.rights.models import Case, Notification
from gonghui.rights.services import cases as svc
from gonghui.rights.services.common import today
from gonghui.rights.services.overdue import cases_mark_overdue

from .conftest import register, to_in_progress

pytestmark = pytest.mark.django_db


def test_overdue_case_is_marked_and_lawyer_notified_once(rw):
    case = to_in_progress(rw)
    later = case.conclude_due + datetime.timedelta(days=1)
    # on the deadline itself nothing happens
    assert cases_mark_overdue(today=case.conclude_due).marked == 0
    result = cases_mark_overdue(today=later)
    assert result.marked == 1 and result.notified == 1
    case.refresh_from_db()
    assert case.overdue_since == later
    note = Notification.objects.filter(recipient=rw.world.lawyer_a, message__contains="超过期限")
    assert note.count() == 1
    # running again changes nothing
    assert cases_mark_overdue(today=later).marked == 0
    assert note.count() == 1


def test_registration_not_decided_in_15_days_is_overdue_and_goes_to_town_staff(rw):
    case = register(rw.world.town_a_user, employer=rw.world.employer_a)
    result = cases_mark_overdue(today=case.accept_due + datetime.timedelta(days=1))
    assert result.marked == 1
    assert Notification.objects.filter(recipient=rw.world.town_a_user, case=case).exists()


def test_extension_clears_overdue_flag(rw):
    case = to_in_progress(rw)
    cases_mark_overdue(today=case.conclude_due + datetime.timedelta(days=1))
    case.refresh_from_db()
    case = svc.case_extend(
        actor=rw.world.lawyer_a, case=case, version=case.version, days=20, reason="需补充鉴定"
    )
    assert case.overdue_since is None


@override_settings(RIGHTS_AUTO_CLOSE_DAYS=15)
def test_concluded_case_without_feedback_closes_after_fixed_time(rw):
    case = to_in_progress(rw)
    case = svc.case_conclude(
        actor=rw.world.lawyer_a,
        case=case,
        version=case.version,
        outcome="explained",
        conclusion="已答复",
    )
    assert cases_mark_overdue(today=today() + datetime.timedelta(days=15)).closed == 0
    assert cases_mark_overdue(today=today() + datetime.timedelta(days=16)).closed == 1
    assert Case.objects.get(pk=case.pk).state == "closed"


def test_command_and_job_run_the_same_service(rw):
    case = to_in_progress(rw)
    out = StringIO()
    later = case.conclude_due + datetime.timedelta(days=2)
    call_command("rights_mark_overdue", f"--today={later.isoformat()}", stdout=out)
    assert "标记超期 1 件" in out.getvalue()
    job = job_start(
        kind="rights.mark_overdue",
        title="超期检查",
        actor=rw.world.district_staff,
        org_path=rw.world.district.path,
        params={},
    )
    job.refresh_from_db()
    assert job.status in (Job.Status.QUEUED, Job.Status.SUCCEEDED)


def test_channels_are_pluggable(rw, django_capture_on_commit_callbacks):
    sent = []

    class Recorder:
        def send(self, notification):
            sent.append(notification.message)

    notify.register_channel("test", Recorder())
    with (
        override_settings(RIGHTS_NOTIFY_CHANNELS=["console", "sms", "test"]),
        django_capture_on_commit_callbacks(execute=True),
    ):
        notify.notify(recipients=[rw.world.town_a_user], case=None, message="测试消息")
    assert sent == ["测试消息"]
