"""复查 and 复核 of a petition (rule 30): a new case one level up, linked to the original."""

import datetime
import secrets
from typing import Any

from django.conf import settings
from django.db import transaction

from gonghui.core.actors import actor_user
from gonghui.core.audit import audit_record
from gonghui.core.clock import today
from gonghui.core.errors import ApplicationError, PermissionDenied
from gonghui.core.identity import set_identity
from gonghui.core.scope import ensure_visible
from gonghui.orgs.models import Organization

from .. import deadlines
from ..choices import CaseKind, CaseState, ReviewLevel
from ..models import Case
from ..workflow import CASE_WORKFLOW
from .common import assign_number

REVIEW_STATES = (CaseState.CONCLUDED, CaseState.CLOSED)


def may_request_review(case: Case) -> bool:
    """A concluded petition below 复核 (whose opinion is final) may be reviewed."""
    return (
        case.kind == CaseKind.PETITION
        and case.state in REVIEW_STATES
        and case.review_level < ReviewLevel.RE_REVIEW
    )


def _check_request(original: Case, received_on: datetime.date, late_reason: str) -> None:
    if original.kind != CaseKind.PETITION or original.state not in REVIEW_STATES:
        raise ApplicationError("只有已办结的信访案件可以申请复查或复核。")
    if original.review_level >= ReviewLevel.RE_REVIEW:
        raise ApplicationError("复核意见为最终意见，同一事项不再受理。")
    if received_on > today():
        raise ApplicationError("收到日期不能晚于今天。", field="received_on")
    if (
        deadlines.review_request_late(original.concluded_on, received_on)
        and not late_reason.strip()
    ):
        raise ApplicationError(
            f"收到答复已超过{settings.RIGHTS_REVIEW_REQUEST_DAYS}日，不予受理；"
            "如确有正当理由，请填写理由。",
            field="late_reason",
        )


def _upper_body_only(actor: Any, upper: Organization | None) -> None:
    """The body one level up reviews; the town that decided cannot register its own review."""
    if upper is None:
        return
    if not Organization.objects.visible_to(actor).filter(pk=upper.pk).exists():
        raise PermissionDenied(f"复查、复核由上一级（{upper.name}）登记受理，本级不能登记。")


@transaction.atomic
def case_request_review(
    *,
    actor: Any,
    original: Case,
    received_on: datetime.date,
    summary: str,
    late_reason: str = "",
) -> Case:
    """Rule 30: 复查 (then 复核) by the body one level up, asked within 30 days of the reply.

    A late request is refused unless a reason is given; a 复核 opinion is final.
    """
    ensure_visible(actor, original, "rights.register")
    _check_request(original, received_on, late_reason)
    upper = original.town.parent if original.town_id else None
    _upper_body_only(actor, upper)
    review = Case(
        number=f"tmp-{secrets.token_hex(8)}",
        kind=original.kind,
        channel=original.channel,
        subject=original.subject,
        received_on=received_on,
        summary=summary.strip() or original.summary,
        employer=original.employer,
        employer_name=original.employer_name,
        amount_claimed=original.amount_claimed,
        visitors=original.visitors,
        workers_involved=original.workers_involved,
        contact_name=original.contact_name,
        review_of=original,
        review_level=original.review_level + 1,
        late_review_reason=late_reason.strip()[:300],
        town=None if upper is not None else original.town,
        org_path=upper.path if upper is not None else original.org_path,
        registered_by=actor_user(actor),
    )
    set_identity(review, phone=original.contact_phone, phone_field="contact_phone")
    review.accept_due = deadlines.accept_due(review.kind, received_on)
    review.save()
    assign_number(review)
    for party in original.parties.all():
        party.pk = None
        party.case = review
        party.save()
    CASE_WORKFLOW.record_start(
        review, actor=actor, note=f"{review.get_review_level_display()}：{original.number}"
    )
    audit_record(
        actor=actor,
        action="rights.case.review_requested",
        target=review,
        data={"original": original.pk, "level": review.review_level},
    )
    return review
