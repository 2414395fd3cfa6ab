"""The file's workflow (review → approve, reject, exit after the notice), notifications,
visits and the yearly review."""

import datetime
from decimal import Decimal

import pytest
from django.http import Http404

from gonghui.assistance.choices import FileState, HardshipCategory, VisitKind
from gonghui.assistance.services import files as services
from gonghui.assistance.tests.factories import make_standard
from gonghui.core.errors import (
    ApplicationError,
    ConflictError,
    PermissionDenied,
    TransitionNotAllowed,
)
from gonghui.core.models import Notification

from .files_helpers import approved, open_file, set_today, standards

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 5, 29)  # a Friday


def test_review_then_approve_sets_the_dates_and_tells_the_union(world, monkeypatch):
    standards(world)
    set_today(monkeypatch, DAY)
    file = open_file(world, actor=world.chair_a)
    # the district's approval waits for the town's review
    with pytest.raises(TransitionNotAllowed):
        services.file_approve(actor=world.district_staff, file=file, version=file.version)
    file = services.file_review(
        actor=world.town_a_user, file=file, version=file.version, note="属实"
    )
    assert file.state == FileState.REVIEWED and file.reviewed_on == DAY
    with pytest.raises(PermissionDenied):
        services.file_approve(actor=world.town_a_user, file=file, version=file.version)
    file = services.file_approve(actor=world.district_staff, file=file, version=file.version)
    assert file.state == FileState.APPROVED and file.approved_on == DAY
    assert file.visit_due == datetime.date(2026, 11, 29)
    assert file.review_due == datetime.date(2027, 5, 29)
    assert Notification.objects.filter(recipient=world.chair_a, target_id=str(file.pk)).exists()


def test_town_b_cannot_review_town_as_file(world):
    standards(world)
    file = open_file(world)
    with pytest.raises(Http404):
        services.file_review(actor=world.town_b_user, file=file, version=file.version)


def test_a_stale_version_is_refused(world):
    standards(world)
    file = open_file(world)
    with pytest.raises(ConflictError):
        services.file_review(actor=world.town_a_user, file=file, version=file.version + 1)


def test_reject_needs_a_reason_and_frees_the_person(world):
    standards(world)
    file = open_file(world)
    with pytest.raises(ApplicationError, match="理由") as exc:
        services.file_reject(actor=world.town_a_user, file=file, version=file.version, reason=" ")
    assert exc.value.field == "reason"
    file = services.file_reject(
        actor=world.town_a_user, file=file, version=file.version, reason="收入不实"
    )
    assert file.state == FileState.REJECTED and file.rejection_reason == "收入不实"
    assert Notification.objects.filter(
        target_id=str(file.pk), message__contains="收入不实"
    ).exists()
    # a rejected file is not open: the person may apply again
    open_file(world, ric=file.ric)


def test_exit_only_after_the_notice_has_run(world, monkeypatch):
    standards(world)
    set_today(monkeypatch, DAY)
    file = approved(world)
    with pytest.raises(ApplicationError, match="理由"):
        services.file_propose_exit(actor=world.town_a_user, file=file, version=file.version)
    file = services.file_propose_exit(
        actor=world.town_a_user, file=file, version=file.version, reason="已再就业"
    )
    assert file.state == FileState.EXIT_NOTICE
    assert file.exit_notice_from == DAY and file.exit_notice_until == datetime.date(2026, 6, 5)
    # on the notice's last day: refused, with the date
    set_today(monkeypatch, datetime.date(2026, 6, 5))
    with pytest.raises(ApplicationError, match="公示期至2026年06月05日"):
        services.file_exit(actor=world.district_staff, file=file, version=file.version)
    # the town may not approve it at all
    set_today(monkeypatch, datetime.date(2026, 6, 6))
    with pytest.raises(PermissionDenied):
        services.file_exit(actor=world.town_a_user, file=file, version=file.version)
    file = services.file_exit(actor=world.district_staff, file=file, version=file.version)
    assert file.state == FileState.EXITED and file.exited_on == datetime.date(2026, 6, 6)
    assert file.follow_up_until == datetime.date(2026, 12, 6)
    assert file.visit_due is None and file.review_due is None


def test_withdraw_exit_clears_the_notice(world):
    standards(world)
    file = approved(world)
    file = services.file_propose_exit(
        actor=world.chair_a, file=file, version=file.version, reason="x"
    )
    file = services.file_withdraw_exit(
        actor=world.chair_a, file=file, version=file.version, reason="家属又患病"
    )
    assert file.state == FileState.APPROVED and file.exit_notice_until is None


def test_notice_start_is_checked(world):
    standards(world)
    file = approved(world)
    with pytest.raises(ApplicationError) as exc:
        services.file_propose_exit(
            actor=world.town_a_user,
            file=file,
            version=file.version,
            reason="x",
            notice_from=file.approved_on - datetime.timedelta(days=1),
        )
    assert exc.value.field == "notice_from"


def test_a_visit_moves_the_due_date(world, monkeypatch):
    standards(world)
    set_today(monkeypatch, DAY)
    file = approved(world, opened_on=datetime.date(2026, 4, 1))
    done = services.visit_record(
        actor=world.chair_a, file=file, visited_on=datetime.date(2026, 5, 20), visitor="张联系"
    )
    assert done.file.last_visit_on == datetime.date(2026, 5, 20)
    assert done.file.visit_due == datetime.date(2026, 11, 20)
    assert done.file.version == file.version + 1 and done.advice == ""
    # an older visit recorded later does not move it back
    older = services.visit_record(
        actor=world.chair_a, file=done.file, visited_on=datetime.date(2026, 5, 1), visitor="张"
    )
    assert older.file.visit_due == datetime.date(2026, 11, 20)


def test_visit_refusals(world, monkeypatch):
    standards(world)
    set_today(monkeypatch, DAY)
    submitted = open_file(world)
    with pytest.raises(ApplicationError, match="审批建档后"):
        services.visit_record(actor=world.chair_a, file=submitted, visited_on=DAY, visitor="张")
    file = approved(world)
    for kw, field in [
        ({"visited_on": DAY + datetime.timedelta(days=1)}, "visited_on"),
        ({"visitor": " "}, "visitor"),
        ({"kind": "party"}, "kind"),
        ({"kind": VisitKind.FOLLOW_UP}, "kind"),
    ]:
        args = {"visited_on": DAY, "visitor": "张", **kw}
        with pytest.raises(ApplicationError) as exc:
            services.visit_record(actor=world.chair_a, file=file, **args)
        assert exc.value.field == field
    with pytest.raises(Http404):
        services.visit_record(actor=world.town_b_user, file=file, visited_on=DAY, visitor="张")


def test_the_review_rejudges_by_the_standard_of_its_day(world, monkeypatch):
    standards(world)  # 600 since 2013
    set_today(monkeypatch, DAY)
    file = approved(world)
    make_standard(world.town_a, "200", datetime.date(2026, 5, 1))
    # 300 per head: relative under 200 × 2
    done = services.visit_record(
        actor=world.town_a_user, file=file, kind=VisitKind.REVIEW, visited_on=DAY, visitor="张"
    )
    assert done.file.category == HardshipCategory.RELATIVE
    assert done.file.living_standard == Decimal("200.00") and done.file.judged_on == DAY
    assert done.file.review_due == datetime.date(2027, 5, 29)
    # new figures that no longer qualify: said, and the exit suggested; the category kept
    out = services.visit_record(
        actor=world.town_a_user,
        file=done.file,
        kind=VisitKind.REVIEW,
        visited_on=DAY,
        visitor="张",
        annual_income="60000",
        essential_expenses="0",
    )
    assert "已不再符合困难条件，建议提出脱困退档" in out.advice
    assert "人均月收入 2500.00 元" in out.advice
    assert out.file.category == HardshipCategory.RELATIVE
    assert out.file.annual_income == Decimal("60000.00")


def test_follow_up_after_exit(world, monkeypatch):
    standards(world)
    set_today(monkeypatch, DAY)
    file = approved(world)
    file = services.file_propose_exit(
        actor=world.town_a_user, file=file, version=file.version, reason="x"
    )
    set_today(monkeypatch, datetime.date(2026, 7, 1))
    file = services.file_exit(actor=world.admin, file=file, version=file.version)
    done = services.visit_record(
        actor=world.chair_a,
        file=file,
        kind=VisitKind.FOLLOW_UP,
        visited_on=datetime.date(2026, 7, 1),
        visitor="张",
    )
    assert done.visit.kind == VisitKind.FOLLOW_UP and done.file.visit_due is None
    with pytest.raises(ApplicationError):
        services.visit_record(
            actor=world.chair_a, file=file, visited_on=datetime.date(2026, 7, 1), visitor="张"
        )
