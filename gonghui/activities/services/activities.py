"""Writes of activities and their registrations (MERIT-4).

An activity: draft → open (registration) ⇄ closed → finished; cancelled from any of the
first three (the registrants' unions are told). Created and edited by `activities.manage`
for an organizer in the actor's subtree; edits are version-checked (core.edit).

Registrations: by a union for its members (`activities.register`, several at once, all or
none) or by the member on the phone (`ACTIVITIES_PORTAL`, an actor that is not a user).
Every registration, cancellation and promotion runs with the activity's row locked, so two
registrations for the last place cannot both be confirmed, and positions (unique per
activity) are handed out one at a time. A cancelled confirmed place goes to the first on
the waiting list; their union's users are notified ("报名已确认").
"""

import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from gonghui.core.actors import portal_actor, system_actor
from gonghui.core.audit import audit_record, register_actions
from gonghui.core.clock import today
from gonghui.core.edit import check_version, edit
from gonghui.core.errors import ApplicationError
from gonghui.core.notify import notify
from gonghui.core.permissions import require
from gonghui.core.scope import covers, ensure_visible
from gonghui.members.choices import MemberStatus
from gonghui.members.models import Member
from gonghui.orgs.models import Organization

from ..choices import ActivityKind, RegistrationSource, RegistrationState
from ..models import Activity, Registration
from ..queries import activities as queries
from ..rules import activities as rules

MANAGE, REGISTER, VIEW = queries.MANAGE, queries.REGISTER, queries.VIEW
S = RegistrationState

# Who registers on the phone: the member, identified by name, RIC and phone (no account).
ACTIVITIES_PORTAL = portal_actor("activities.registration", "活动报名")
# Who moves a waiting registration up: nobody's click, the freed place.
PROMOTION = system_actor("activities.promotion", "候补递补")

ACTIVITY_FIELDS = (
    "kind",
    "name",
    "organizer",
    "starts_at",
    "ends_at",
    "place",
    "capacity",
    "registration_opens_on",
    "registration_closes_on",
    "member_registration",
    "description",
)
MAX_AT_ONCE = 200

register_actions(
    {
        "activities.activity.created": "新建文体活动",
        "activities.activity.updated": "修改文体活动",
        "activities.activity.publish": "发布文体活动（开始报名）",
        "activities.activity.close": "截止活动报名",
        "activities.activity.reopen": "重新开放活动报名",
        "activities.activity.finish": "结束文体活动",
        "activities.activity.cancel": "取消文体活动",
        "activities.activity.exported": "导出文体活动",
        "activities.registration.created": "活动报名",
        "activities.registration.cancelled": "取消活动报名",
        "activities.registration.promoted": "候补转为确认报名",
        "activities.registration.checked_in": "活动签到",
        "activities.registration.result": "登记活动成绩和获奖",
        "activities.registration.exported": "导出活动报名",
    }
)


def _raise_first(problems: list[rules.Problem]) -> None:
    if problems:
        field, message = problems[0]
        raise ApplicationError(message, field=field)


def _local_day(moment: datetime.datetime | None) -> datetime.datetime | None:
    if moment is None:
        return None
    return timezone.localtime(moment) if timezone.is_aware(moment) else moment


def _confirmed(activity: Activity) -> int:
    return activity.registrations.filter(state=S.CONFIRMED).count()


def _clean(activity: Activity, confirmed: int = 0) -> None:
    activity.name = (activity.name or "").strip()
    activity.place = (activity.place or "").strip()
    if activity.kind not in ActivityKind.values:
        raise ApplicationError("请从列表中选择活动类型。", field="kind")
    if activity.starts_at is not None and timezone.is_naive(activity.starts_at):
        activity.starts_at = timezone.make_aware(activity.starts_at)
    if activity.ends_at is not None and timezone.is_naive(activity.ends_at):
        activity.ends_at = timezone.make_aware(activity.ends_at)
    _raise_first(
        rules.activity_problems(
            name=activity.name,
            starts_at=_local_day(activity.starts_at),
            ends_at=_local_day(activity.ends_at),
            capacity=activity.capacity,
            opens_on=activity.registration_opens_on,
            closes_on=activity.registration_closes_on,
            confirmed=confirmed,
        )
    )
    activity.year = _local_day(activity.starts_at).year
    activity.org_path = activity.organizer.path


def _check_organizer(actor: Any, organizer: Organization | None) -> None:
    if organizer is None:
        raise ApplicationError("请选择主办工会。", field="organizer")
    if not covers(actor, organizer.path):
        raise ApplicationError("主办工会只能是本单位或下级工会。", field="organizer")


@transaction.atomic
def activity_create(*, actor: Any, organizer: Organization, **values: Any) -> Activity:
    require(actor, MANAGE)
    _check_organizer(actor, organizer)
    fields = {k: v for k, v in values.items() if k in ACTIVITY_FIELDS}
    activity = Activity(organizer=organizer, **fields)
    _clean(activity)
    activity.save()
    audit_record(
        actor=actor,
        action="activities.activity.created",
        target=activity,
        data={"organizer": organizer.pk, "capacity": activity.capacity},
    )
    return activity


def _lock(actor: Any, activity: Activity, action: str) -> Activity:
    """The activity locked for update, if the actor runs it (its organizer is theirs)."""
    ensure_visible(actor, activity, action)
    return Activity.objects.select_for_update().get(pk=activity.pk)


@transaction.atomic
def activity_update(
    *, actor: Any, activity: Activity, version: int | None, **changes: Any
) -> Activity:
    """Edit in draft, open or closed; a raised capacity moves waiting ones up at once."""
    locked = _lock(actor, activity, MANAGE)
    if locked.state not in rules.LIVE_STATES:
        raise ApplicationError(f"活动已{locked.get_state_display()}，不能再修改。")
    if "organizer" in changes:
        _check_organizer(actor, changes["organizer"])
    confirmed = _confirmed(locked)
    updated = edit(
        Activity,
        locked,
        actor=actor,
        version=version,
        changes=changes,
        editable=ACTIVITY_FIELDS,
        action="activities.activity.updated",
        permission=MANAGE,
        clean=lambda a: _clean(a, confirmed),
    )
    if (
        updated.organizer_id != activity.organizer_id
        and updated.registrations.exclude(state=S.CANCELLED)
        .exclude(org_path__startswith=updated.org_path)
        .exists()
    ):
        raise ApplicationError(
            "已有报名的会员不在新的主办工会范围内，不能更换主办工会。", field="organizer"
        )
    _promote(updated)
    return updated


@transaction.atomic
def activity_transition(
    *, actor: Any, activity: Activity, action: str, version: int | None, reason: str = ""
) -> Activity:
    """publish, close, reopen, finish, cancel (with a reason: the unions are told)."""
    if action not in rules.TRANSITIONS:
        raise ApplicationError("没有这种操作。")
    locked = _lock(actor, activity, MANAGE)
    check_version(locked, version)
    if problem := rules.transition_problem(action, locked.state):
        raise ApplicationError(problem)
    reason = (reason or "").strip()
    if action == "cancel" and not reason:
        raise ApplicationError("请填写取消活动的原因。", field="reason")
    before = locked.state
    locked.state = rules.TRANSITIONS[action][1]
    locked.version += 1
    locked.save(update_fields=["state", "version", "updated_at"])
    audit_record(
        actor=actor,
        action=f"activities.activity.{action}",
        target=locked,
        data={"state": [before, locked.state], **({"reason": reason} if reason else {})},
    )
    if action == "cancel":
        _tell_unions(locked, f"活动「{locked}」已取消：{reason}")
    return locked


def _union_users(union_ids: set[int]) -> list[Any]:
    return list(get_user_model().objects.filter(organization_id__in=union_ids, is_active=True))


def _tell_unions(activity: Activity, message: str) -> None:
    unions = set(
        activity.registrations.exclude(state=S.CANCELLED).values_list("union_id", flat=True)
    )
    if unions:
        notify(recipients=_union_users(unions), message=message, target=activity)


# ---- registrations ---------------------------------------------------------------------------


def _lock_for_registering(actor: Any, activity: Activity) -> Activity:
    """The activity locked, if the actor may register for it (theirs or from above)."""
    if getattr(actor, "kind", None) == ACTIVITIES_PORTAL.kind:
        qs = Activity.objects.all()
    else:
        require(actor, REGISTER)
        qs = queries.activities_visible(actor, REGISTER)
    locked = qs.select_for_update().filter(pk=activity.pk).first()
    if locked is None:
        raise Http404("未找到该记录。")
    return locked


def _check_open(activity: Activity) -> None:
    problem = rules.window_problem(
        activity.state,
        activity.registration_opens_on,
        activity.registration_closes_on,
        today(),
    )
    if problem:
        raise ApplicationError(problem)


def _eligibility(activity: Activity, member: Member, registered: set[int]) -> str | None:
    return rules.eligibility_problem(
        name=member.name,
        active=member.status == MemberStatus.ACTIVE,
        member_path=member.org_path,
        organizer_path=activity.org_path,
        registered=member.pk in registered,
    )


def _insert(
    *, actor: Any, activity: Activity, members: list[Member], source: str
) -> list[Registration]:
    """Under the activity's lock: each member in turn, confirmed while places are left."""
    registered = set(
        activity.registrations.exclude(state=S.CANCELLED).values_list("member_id", flat=True)
    )
    problems = [p for m in members if (p := _eligibility(activity, m, registered))]
    if problems:
        raise ApplicationError("；".join(problems[:10]), field="members")
    confirmed = _confirmed(activity)
    position = rules.next_position(activity.registrations.values_list("position", flat=True))
    now = timezone.now()
    made = []
    for member in members:
        state = rules.new_registration_state(activity.capacity, confirmed)
        confirmed += state == S.CONFIRMED
        row = Registration.objects.create(
            activity=activity,
            member=member,
            union=member.union,
            org_path=member.org_path,
            source=source,
            state=state,
            position=position,
            registered_at=now,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        position += 1
        made.append(row)
        audit_record(
            actor=actor,
            action="activities.registration.created",
            target=row,
            data={"activity": activity.pk, "state": state, "source": source},
        )
    return made


@transaction.atomic
def register_members(
    *, actor: Any, activity: Activity, members: list[Member]
) -> list[Registration]:
    """A union registers its members (all or none; one problem anywhere stops them all)."""
    locked = _lock_for_registering(actor, activity)
    _check_open(locked)
    unique = list({m.pk: m for m in members}.values())
    if not unique:
        raise ApplicationError("请至少选择一名会员。", field="members")
    if len(unique) > MAX_AT_ONCE:
        raise ApplicationError(f"一次最多为{MAX_AT_ONCE}名会员报名。", field="members")
    for member in unique:
        ensure_visible(actor, member)
    return _insert(actor=actor, activity=locked, members=unique, source=RegistrationSource.UNION)


@transaction.atomic
def register_by_phone(*, member: Member, activity: Activity) -> Registration:
    """The member on the phone (identified by the portal page beforehand)."""
    locked = _lock_for_registering(ACTIVITIES_PORTAL, activity)
    if not locked.member_registration:
        raise ApplicationError("本活动由所在工会统一报名，请联系您的工会。")
    _check_open(locked)
    member = Member.objects.select_related("union").get(pk=member.pk)
    (row,) = _insert(
        actor=ACTIVITIES_PORTAL, activity=locked, members=[member], source=RegistrationSource.PHONE
    )
    return row


def _promote(activity: Activity) -> list[Registration]:
    """Move the first waiting ones up into the free places (the activity is locked)."""
    if activity.state not in rules.LIVE_STATES:
        return []
    waiting = dict(activity.registrations.filter(state=S.WAITLISTED).values_list("position", "pk"))
    moving = rules.promotions(activity.capacity, _confirmed(activity), list(waiting))
    promoted = []
    for position in moving:
        row = Registration.objects.select_related("member", "union").get(pk=waiting[position])
        row.state = S.CONFIRMED
        row.version += 1
        row.save(update_fields=["state", "version", "updated_at"])
        audit_record(
            actor=PROMOTION,
            action="activities.registration.promoted",
            target=row,
            data={"activity": activity.pk, "position": position},
        )
        notify(
            recipients=_union_users({row.union_id}),
            message=f"报名已确认：{row.member.name}参加「{activity}」（由候补转为确认）。",
            target=row,
        )
        promoted.append(row)
    return promoted


def _cancel(*, actor: Any, registration: Registration, activity: Activity) -> Registration:
    row = Registration.objects.select_for_update().get(pk=registration.pk)
    if row.state == S.CANCELLED:
        raise ApplicationError("该报名已取消。")
    if activity.state not in rules.LIVE_STATES:
        raise ApplicationError(f"活动已{activity.get_state_display()}，不能再取消报名。")
    if row.checked_in_at is not None:
        raise ApplicationError("已签到的报名不能取消。")
    before = row.state
    row.state = S.CANCELLED
    row.version += 1
    row.save(update_fields=["state", "version", "updated_at"])
    audit_record(
        actor=actor,
        action="activities.registration.cancelled",
        target=row,
        data={"activity": activity.pk, "state": [before, S.CANCELLED]},
    )
    _promote(activity)
    return row


@transaction.atomic
def registration_cancel(
    *, actor: Any, registration: Registration, version: int | None = None
) -> Registration:
    """By the member's union (activities.register) or the organizer (activities.manage)."""
    require(actor, VIEW)
    ensure_visible(actor, registration)
    activity = Activity.objects.select_for_update().get(pk=registration.activity_id)
    if not queries.may_manage(actor, activity):
        require(actor, REGISTER)
    check_version(Registration.objects.get(pk=registration.pk), version)
    return _cancel(actor=actor, registration=registration, activity=activity)


@transaction.atomic
def cancel_by_phone(*, member: Member, registration: Registration) -> Registration:
    if registration.member_id != member.pk:
        raise Http404("未找到该记录。")
    activity = Activity.objects.select_for_update().get(pk=registration.activity_id)
    return _cancel(actor=ACTIVITIES_PORTAL, registration=registration, activity=activity)


def _run_by(actor: Any, registration: Registration) -> Activity:
    """The registration's activity, if the actor runs it (check-in, results)."""
    require(actor, MANAGE)
    ensure_visible(actor, registration.activity, MANAGE)
    return registration.activity


@transaction.atomic
def check_in(*, actor: Any, registration: Registration) -> Registration:
    """One tap at the desk; a second tap says when they came."""
    activity = _run_by(actor, registration)
    row = Registration.objects.select_for_update().get(pk=registration.pk)
    if activity.state not in rules.TRANSITIONS["finish"][0]:
        raise ApplicationError(f"活动{activity.get_state_display()}，不能签到。")
    if row.state != S.CONFIRMED:
        raise ApplicationError(
            f"{row.member.name}的报名为「{row.get_state_display()}」，不能签到。"
        )
    if row.checked_in_at is not None:
        when = timezone.localtime(row.checked_in_at)
        raise ApplicationError(f"{row.member.name}已于{when:%H:%M}签到。")
    row.checked_in_at = timezone.now()
    row.version += 1
    row.save(update_fields=["checked_in_at", "version", "updated_at"])
    audit_record(
        actor=actor,
        action="activities.registration.checked_in",
        target=row,
        data={"activity": activity.pk},
    )
    return row


def record_result(
    *, actor: Any, registration: Registration, version: int | None, result: str, prize: str
) -> Registration:
    activity = _run_by(actor, registration)
    if registration.state != S.CONFIRMED:
        raise ApplicationError("只能为已确认的报名登记成绩。")
    if activity.state == "cancelled":
        raise ApplicationError("活动已取消，不能登记成绩。")

    def clean(row: Registration) -> None:
        row.result, row.prize = (row.result or "").strip(), (row.prize or "").strip()
        if len(row.result) > 100:
            raise ApplicationError("成绩最多100个字。", field="result")
        if len(row.prize) > 60:
            raise ApplicationError("获奖最多60个字。", field="prize")

    return edit(
        Registration,
        registration,
        actor=actor,
        version=version,
        changes={"result": result, "prize": prize},
        editable=("result", "prize"),
        action="activities.registration.result",
        permission=MANAGE,
        clean=clean,
    )
