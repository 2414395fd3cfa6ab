"""Submission services: a member's own entry (identity matched, duplicates and closed
activities refused in Chinese), a union's entry for its member (scope), the review (accept,
reject with reason, award) by the organizer's staff only, version-checked and audited."""

import pytest
from django.http import Http404

from gonghui.activities.choices import ActivityKind, ActivityState, SubmissionSource
from gonghui.activities.models import Submission
from gonghui.activities.queries import submissions as queries
from gonghui.activities.queries.portal import NOT_MATCHED
from gonghui.activities.services import submissions as services
from gonghui.activities.tests.factories import make_activity
from gonghui.activities.tests.submissions_helpers import REVIEW, campaign, entry, person
from gonghui.core.errors import ApplicationError, ConflictError, PermissionDenied
from gonghui.core.models import AuditEntry, WorkflowEvent

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_limits():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def online(activity, member, ric_value, phone_value, **changes):
    data = {
        "activity": activity,
        "name": member.name,
        "ric": ric_value,
        "phone": phone_value,
        "title": "平凡中的坚守",
        "book": "平凡的世界",
        "text": REVIEW,
        "ip": "10.0.0.1",
    } | changes
    return services.submission_submit_online(**data)


def test_a_member_sends_a_review_and_the_portal_is_audited(world):
    activity = campaign(world)
    member, ric, phone = person(world.union_a)
    saved = online(activity, member, ric.lower(), f"+86{phone}", title="  平凡中的  坚守 ")
    assert saved.state == "received" and saved.source == SubmissionSource.PHONE
    assert saved.title == "平凡中的 坚守" and saved.union == world.union_a
    assert saved.org_path == world.union_a.path and saved.created_by is None
    audit = AuditEntry.objects.get(action="activities.submission.created")
    assert (
        audit.actor_kind == "portal" and audit.actor is None and "读书活动投稿" in audit.actor_name
    )


@pytest.mark.parametrize("wrong", ["name", "ric", "phone"])
def test_any_part_of_the_identity_wrong_gets_one_answer(world, wrong):
    activity = campaign(world)
    member, ric, phone = person(world.union_a)
    other, other_ric, other_phone = person(world.union_a, "李四")
    changes = {"name": "王小红", "ric": other_ric, "phone": other_phone}
    with pytest.raises(ApplicationError) as refused:
        online(activity, member, ric, phone, **{wrong: changes[wrong]})
    assert refused.value.message == NOT_MATCHED
    assert not Submission.objects.exists()


def test_the_same_title_twice_is_refused_in_chinese(world):
    activity = campaign(world)
    member, ric, phone = person(world.union_a)
    online(activity, member, ric, phone)
    with pytest.raises(ApplicationError) as refused:
        online(activity, member, ric, phone, title="平凡中的坚守 ")
    assert refused.value.field == "title"
    assert (
        refused.value.message == "您已向该活动投过题为「平凡中的坚守」的稿件，同一题目只能投一次。"
    )
    # another title, or the same title to another campaign, is a new entry
    online(activity, member, ric, phone, title="读后感二")
    online(campaign(world, name="另一期读书活动"), member, ric, phone)
    assert Submission.objects.count() == 3


@pytest.mark.parametrize(
    ("kind", "state", "said"),
    [
        (ActivityKind.SPORTS, ActivityState.OPEN, "不是读书或文化活动"),
        (ActivityKind.READING, ActivityState.CLOSED, "现在不接受投稿（当前报名截止）"),
        (ActivityKind.CULTURE, ActivityState.DRAFT, "现在不接受投稿（当前筹备中）"),
    ],
)
def test_only_an_open_reading_or_culture_activity_takes_entries(world, kind, state, said):
    activity = make_activity(world.district, kind, state=state)
    member, ric, phone = person(world.union_a)
    with pytest.raises(ApplicationError) as refused:
        online(activity, member, ric, phone)
    assert said in refused.value.message and refused.value.field == "activity"


def test_a_towns_campaign_takes_only_its_own_members(world):
    activity = campaign(world, world.town_a)
    member, ric, phone = person(world.union_b)
    with pytest.raises(ApplicationError) as refused:
        online(activity, member, ric, phone)
    assert "只接受其所属工会会员的投稿" in refused.value.message


def test_a_bad_text_is_refused_before_anything_is_saved(world):
    activity = campaign(world)
    member, ric, phone = person(world.union_a)
    with pytest.raises(ApplicationError) as refused:
        online(activity, member, ric, phone, text="好书")
    assert refused.value.field == "text" and "至少" in refused.value.message
    assert not Submission.objects.exists() and not AuditEntry.objects.exists()


def test_a_chair_enters_its_members_entry_but_not_another_unions(world):
    activity = campaign(world)
    own, _, _ = person(world.union_a)
    saved = services.submission_create(
        actor=world.chair_a, activity=activity, member=own, title="书评", text=REVIEW
    )
    assert saved.source == SubmissionSource.UNION and saved.created_by == world.chair_a
    stranger, _, _ = person(world.union_b)
    with pytest.raises(Http404):
        services.submission_create(
            actor=world.chair_a, activity=activity, member=stranger, title="书评", text=REVIEW
        )
    with pytest.raises(PermissionDenied):
        services.submission_create(
            actor=world.auditor, activity=activity, member=own, title="又一篇", text=REVIEW
        )


def test_the_organizer_accepts_and_awards_with_history_and_audit(world):
    member, _, _ = person(world.union_a)
    submission = entry(campaign(world), member)
    accepted = services.submission_accept(
        actor=world.district_staff, submission=submission, version=submission.version
    )
    assert accepted.state == "accepted" and accepted.reviewed_at is not None
    awarded = services.submission_award(
        actor=world.district_staff, submission=accepted, version=accepted.version, prize=" 一等奖 "
    )
    assert awarded.prize == "一等奖" and awarded.state == "accepted"
    steps = list(
        WorkflowEvent.objects.filter(object_id=str(submission.pk)).values_list("action", flat=True)
    )
    assert steps == ["accept", "award"]
    assert AuditEntry.objects.filter(
        action="activities.submission.award", actor=world.district_staff
    ).exists()


def test_a_rejection_needs_its_reason_and_a_stale_page_is_refused(world):
    member, _, _ = person(world.union_a)
    submission = entry(campaign(world), member)
    with pytest.raises(ApplicationError) as refused:
        services.submission_reject(
            actor=world.district_staff, submission=submission, version=1, reason=" "
        )
    assert refused.value.message == "请填写未采用的原因。"
    rejected = services.submission_reject(
        actor=world.district_staff, submission=submission, version=1, reason="与活动主题不符"
    )
    assert rejected.state == "rejected" and rejected.review_note == "与活动主题不符"
    with pytest.raises(ConflictError):
        services.submission_accept(actor=world.district_staff, submission=submission, version=1)
    with pytest.raises(ApplicationError) as again:
        services.submission_award(
            actor=world.district_staff,
            submission=rejected,
            version=rejected.version,
            prize="一等奖",
        )
    assert "不能执行「评奖」" in again.value.message


def test_only_the_organizers_staff_judge(world):
    member, _, _ = person(world.union_a)
    submission = entry(campaign(world), member)
    # the chair sees its member's entry to the district's campaign, but does not judge it
    assert queries.submission_list(user=world.chair_a).filter(pk=submission.pk).exists()
    with pytest.raises(PermissionDenied) as refused:
        services.submission_accept(actor=world.chair_a, submission=submission, version=1)
    assert refused.value.message == "只有主办工会可以审核该活动的投稿。"
    # town B sees nothing of town A's members
    with pytest.raises(Http404):
        services.submission_accept(actor=world.town_b_user, submission=submission, version=1)
    with pytest.raises(PermissionDenied):
        services.submission_accept(actor=world.auditor, submission=submission, version=1)
    submission.refresh_from_db()
    assert submission.state == "received"


def test_counts_per_activity_and_the_years_total(world):
    first, second = campaign(world), campaign(world, name="第二期")
    a, _, _ = person(world.union_a)
    b, _, _ = person(world.union_b, "赵六")
    entry(first, a, "一", state="accepted", prize="一等奖")
    entry(first, b, "二", state="rejected")
    entry(first, a, "三")
    entry(second, b, "四")
    rows = {r["activity_id"]: r for r in queries.submission_counts(user=world.district_staff)}
    assert (rows[first.pk]["total"], rows[first.pk]["accepted"], rows[first.pk]["rejected"]) == (
        3,
        1,
        1,
    )
    assert rows[first.pk]["waiting"] == 1 and rows[first.pk]["prized"] == 1
    assert queries.submissions_total(user=world.district_staff, year=2026) == 4
    assert queries.submissions_total(user=world.town_a_user, year=2026) == 2
    assert queries.submissions_total(user=world.auditor, year=2013) == 0
