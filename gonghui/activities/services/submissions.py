"""Writes of reading-campaign submissions (MERIT-4): a member sends a book review from the
phone page (no account; identified by name, RIC and phone together against the member
record), a union enters one for its member, the organizer's staff review it (accept, or
reject with the reason) and award prizes to accepted ones.

received → accepted → (award: the prize, state kept) · received → rejected (with reason)
(`SUBMISSION_WORKFLOW`). An entry belongs to its member's union (`org_path`), so the union
and the town above it see their members' entries; reviewing needs `activities.manage` and
the activity's organizer in the actor's scope (a chair sees its members' entries to a
district campaign but does not judge them).
"""

import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from gonghui.core.actors import portal_actor
from gonghui.core.audit import audit_record
from gonghui.core.errors import ApplicationError, PermissionDenied
from gonghui.core.permissions import require
from gonghui.core.scope import ensure_visible, scoped
from gonghui.core.workflow import Transition, Workflow
from gonghui.members.models import Member

from ..choices import SubmissionSource, SubmissionState
from ..models import Activity, Submission
from ..queries.portal import identify_member
from ..rules import submissions as rules

VIEW = "activities.view"
REVIEW = "activities.manage"
ENTER = "activities.register"  # a union enters its members' entries, as it registers them

# The member on the phone page: an actor that holds no permission and sees no organization.
PORTAL_ACTOR = portal_actor("activities.submissions", "读书活动投稿")

S = SubmissionState


def _organizer_in_scope(submission: Submission, actor: Any) -> None:
    """Only the organizer's staff (or those above) judge an activity's entries."""
    activity = submission.activity
    if not scoped(Activity, actor, REVIEW).filter(pk=activity.pk).exists():
        raise PermissionDenied("只有主办工会可以审核该活动的投稿。")


SUBMISSION_WORKFLOW = Workflow(
    "activities.submission",
    SubmissionState,
    [
        Transition(
            "accept",
            "采用",
            (S.RECEIVED,),
            S.ACCEPTED,
            REVIEW,
            allowed=(_organizer_in_scope,),
            service="gonghui.activities.services.submissions.submission_accept",
        ),
        Transition(
            "reject",
            "不予采用",
            (S.RECEIVED,),
            S.REJECTED,
            REVIEW,
            allowed=(_organizer_in_scope,),
            service="gonghui.activities.services.submissions.submission_reject",
            form="gonghui.activities.forms.submissions.RejectForm",
            schema="gonghui.activities.schemas.submissions.RejectIn",
            confirm="确定不采用「{obj}」吗？原因会在会员的手机页面上显示。",
        ),
        Transition(
            "award",
            "评奖",
            (S.ACCEPTED,),
            S.ACCEPTED,
            REVIEW,
            allowed=(_organizer_in_scope,),
            service="gonghui.activities.services.submissions.submission_award",
            form="gonghui.activities.forms.submissions.AwardForm",
            schema="gonghui.activities.schemas.submissions.AwardIn",
        ),
    ],
    model="activities.Submission",
    object_arg="submission",
    view_permission=VIEW,
    detail_url="activities:submission_detail",
)


def _raise_first(problems: list[rules.Problem]) -> None:
    if problems:
        field, message = problems[0]
        raise ApplicationError(message, field=field or None)


# ---- who the member is (the phone page) ------------------------------------------------------

# Name, RIC and phone against the member record, one answer for any miss, counted in the
# public look-ups' budget per IP: the same check as the registration phone page's.
member_identify = identify_member


# ---- a new entry -------------------------------------------------------------------------


def _in_activity(activity: Activity, member: Member) -> None:
    """An activity is for the members of its organizer's subtree."""
    if not Member.objects.within(activity.org_path).filter(pk=member.pk).exists():
        raise ApplicationError(
            f"该活动由{activity.organizer.name}主办，只接受其所属工会会员的投稿。",
            field="activity",
        )


def _check(activity: Activity, member: Member, title: str, book: str, text: str) -> None:
    _raise_first(rules.entry_problems(title, book, text))
    _raise_first(
        rules.activity_problems(activity.kind, activity.state, activity.get_state_display())
    )
    _in_activity(activity, member)
    taken = Submission.objects.filter(activity=activity, member=member)
    _raise_first(rules.duplicate_problems(title, taken.values_list("title", flat=True)))


def _create(
    *,
    actor: Any,
    activity: Activity,
    member: Member,
    title: str,
    book: str,
    text: str,
    source: str,
) -> Submission:
    with transaction.atomic():
        # The activity locked: two entries of one member and title cannot both pass the check.
        activity = (
            Activity.objects.select_for_update().select_related("organizer").get(pk=activity.pk)
        )
        _check(activity, member, title, book, text)
        if source == SubmissionSource.PHONE:
            since = timezone.now() - datetime.timedelta(days=1)
            sent = Submission.objects.filter(member=member, submitted_at__gte=since).count()
            _raise_first(rules.daily_problems(sent))
        submission = Submission(
            activity=activity,
            member=member,
            union=member.union,
            org_path=member.union.path,
            title=rules.clean_text(title),
            book=rules.clean_text(book),
            text=text.strip(),
            submitted_at=timezone.now(),
            source=source,
            created_by=actor if source == SubmissionSource.UNION else None,
        )
        try:
            with transaction.atomic():
                submission.save()
        except IntegrityError as exc:  # the constraint behind the check
            raise ApplicationError(
                rules.duplicate_problems(title, [title])[0][1], field="title"
            ) from exc
        SUBMISSION_WORKFLOW.record_start(submission, actor=actor)
        audit_record(
            actor=actor,
            action="activities.submission.created",
            target=submission,
            data={"activity": activity.pk, "member": member.pk, "source": source},
        )
    return submission


def submission_submit_online(
    *,
    activity: Activity,
    name: str,
    ric: str,
    phone: str,
    title: str,
    book: str = "",
    text: str,
    ip: str | None = None,
) -> Submission:
    """The member's own entry from the phone page, made by the portal actor."""
    member = member_identify(name=name, ric=ric, phone=phone, ip=ip)
    return _create(
        actor=PORTAL_ACTOR,
        activity=activity,
        member=member,
        title=title,
        book=book,
        text=text,
        source=SubmissionSource.PHONE,
    )


def submission_create(
    *, actor: Any, activity: Activity, member: Member, title: str, book: str = "", text: str
) -> Submission:
    """A union enters an entry for a member of its scope (the member sent it on paper, by
    mail or on Weibo)."""
    require(actor, ENTER)
    ensure_visible(actor, member, ENTER)
    return _create(
        actor=actor,
        activity=activity,
        member=member,
        title=title,
        book=book,
        text=text,
        source=SubmissionSource.UNION,
    )


# ---- the review ----------------------------------------------------------------------------


def _visible(actor: Any, submission: Submission) -> None:
    ensure_visible(actor, submission, REVIEW)


def submission_accept(
    *, actor: Any, submission: Submission, version: int | None, note: str = ""
) -> Submission:
    _visible(actor, submission)
    return SUBMISSION_WORKFLOW.transition(
        submission,
        "accept",
        actor=actor,
        version=version,
        note=rules.clean_text(note)[: rules.REASON_MAX],
        changes={"reviewed_at": timezone.now(), "review_note": rules.clean_text(note)[:300]},
    )


def submission_reject(
    *, actor: Any, submission: Submission, version: int | None, reason: str
) -> Submission:
    """Not used, with the reason the member sees on the phone page."""
    _visible(actor, submission)
    _raise_first(rules.reject_problems(reason))
    reason = rules.clean_text(reason)
    return SUBMISSION_WORKFLOW.transition(
        submission,
        "reject",
        actor=actor,
        version=version,
        note=reason,
        changes={"reviewed_at": timezone.now(), "review_note": reason},
    )


def submission_award(
    *, actor: Any, submission: Submission, version: int | None, prize: str
) -> Submission:
    """A prize to an accepted entry (given again, it replaces the one before)."""
    _visible(actor, submission)
    _raise_first(rules.prize_problems(prize))
    prize = rules.clean_text(prize)
    return SUBMISSION_WORKFLOW.transition(
        submission,
        "award",
        actor=actor,
        version=version,
        note=prize,
        changes={"prize": prize},
        data={"prize": [submission.prize, prize]},
    )
