"""Rule 30: review (复查) and re-review (复核) of a petition, one level up, final after 复核."""

import datetime

import pytest

from gonghui.core.clock import today
from gonghui.core.errors import ApplicationError, PermissionDenied
from gonghui.rights import deadlines
from gonghui.rights.models import Case
from gonghui.rights.services import handling, reviews

from .conftest import to_in_progress

pytestmark = pytest.mark.django_db


def _concluded(rw, days_ago: int = 0) -> Case:
    case = to_in_progress(rw)
    case = handling.case_conclude(
        actor=rw.world.lawyer_a,
        case=case,
        version=case.version,
        outcome="explained",
        conclusion="已答复",
    )
    Case.objects.filter(pk=case.pk).update(concluded_on=today() - datetime.timedelta(days=days_ago))
    case.refresh_from_db()
    return case


def test_review_goes_one_level_up_and_is_answered_within_30_days(rw):
    original = _concluded(rw, days_ago=10)
    district = rw.world.district_staff
    # a town user cannot register the review of their own town's decision
    with pytest.raises(PermissionDenied):
        reviews.case_request_review(
            actor=rw.world.town_a_user, original=original, received_on=today(), summary="不服"
        )
    review = reviews.case_request_review(
        actor=district, original=original, received_on=today(), summary="不服答复"
    )
    assert review.review_of == original and review.review_level == 1
    assert review.org_path == rw.world.district.path
    assert review.parties.count() == original.parties.count()
    review = handling.case_accept(actor=district, case=review, version=review.version)
    assert review.conclude_due == review.accepted_on + datetime.timedelta(days=30)


def test_late_review_request_refused_unless_reason_given(rw):
    original = _concluded(rw, days_ago=31)
    district = rw.world.district_staff
    with pytest.raises(ApplicationError, match="超过30日") as exc:
        reviews.case_request_review(
            actor=district, original=original, received_on=today(), summary=""
        )
    assert exc.value.field == "late_reason"
    review = reviews.case_request_review(
        actor=district,
        original=original,
        received_on=today(),
        summary="",
        late_reason="住院期间无法提出",
    )
    assert review.late_review_reason == "住院期间无法提出"


def test_re_review_is_final(rw):
    original = _concluded(rw, days_ago=1)
    district = rw.world.district_staff
    review = reviews.case_request_review(
        actor=district, original=original, received_on=today(), summary="复查"
    )
    Case.objects.filter(pk=review.pk).update(state="closed", concluded_on=today())
    review.refresh_from_db()
    final = reviews.case_request_review(
        actor=district, original=review, received_on=today(), summary="复核"
    )
    assert final.review_level == 2
    Case.objects.filter(pk=final.pk).update(state="closed", concluded_on=today())
    final.refresh_from_db()
    with pytest.raises(ApplicationError, match="最终意见"):
        reviews.case_request_review(actor=district, original=final, received_on=today(), summary="")


def test_accept_and_decline_are_told_to_the_worker_in_writing(rw):
    case = to_in_progress(rw)
    assert case.notes.filter(kind="reply", text__contains="受理").exists()


def test_arbitration_award_and_lawsuit_deadlines():
    case = Case(
        arbitration_accepted_on=datetime.date(2026, 3, 1), award_on=datetime.date(2026, 4, 10)
    )
    assert deadlines.award_due(case) == datetime.date(2026, 4, 15)
    assert deadlines.award_due_extended(case) == datetime.date(2026, 4, 30)
    assert deadlines.lawsuit_deadline(case) == datetime.date(2026, 4, 25)
