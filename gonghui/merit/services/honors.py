"""Writes of honors (MERIT-1): honor types with their category shares, rounds (open, review,
public notice, award or recommend upward), nominations and their workflow, objections
(online from the public notice, or recorded by staff) and their resolution, and honors
recorded without a round (conferred above the district, or from earlier years).

The award creates one `Honor` per nominee in notice and calls the registry's
`services.workers.enroll_from_honor` in the same transaction, so a model-worker title puts
the person in the registry and sets the member's flag, or nothing is written."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.core.actors import portal_actor
from gonghui.core.audit import audit_record, register_actions
from gonghui.core.clock import today
from gonghui.core.crypto import blind_index
from gonghui.core.edit import check_version, edit
from gonghui.core.errors import ApplicationError
from gonghui.core.identity import normalize_phone, ric_checked, set_identity
from gonghui.core.locks import hold
from gonghui.core.notify import notify
from gonghui.core.permissions import require
from gonghui.core.scope import ensure_visible
from gonghui.members.models import Member
from gonghui.orgs.choices import OrgKind
from gonghui.orgs.models import Employer, Organization

from ..choices import (
    Bound,
    Category,
    Channel,
    Level,
    NominationState,
    ObjectionState,
    RoundState,
    Subject,
    UpwardOutcome,
)
from ..models import Honor, HonorRound, HonorShare, HonorType, Nomination, Objection
from ..rules import honors as rules
from ..workflow import NOMINATION_WORKFLOW, ROUND_WORKFLOW, is_upward
from . import workers

VIEW = "merit.view"
TYPES = "merit.types.manage"
ROUNDS = "merit.rounds.manage"
NOMINATE = "merit.nominate"
TOWN_REVIEW = "merit.review.town"
DISTRICT_REVIEW = "merit.review.district"
OBJECTIONS = "merit.objections.manage"
RECORD = "merit.honors.record"

# Who may object online from one address or one phone within the window (abuse, not
# opinion: a real objector writes once or twice).
OBJECTION_WINDOW = datetime.timedelta(hours=1)
OBJECTIONS_PER_IP = getattr(settings, "MERIT_OBJECTIONS_PER_IP", 5)
OBJECTIONS_PER_PHONE = getattr(settings, "MERIT_OBJECTIONS_PER_PHONE", 3)
PORTAL_ACTOR = portal_actor("merit_notice", "评先评优公示")

LIVE = (
    NominationState.SUBMITTED,
    NominationState.TOWN_REVIEWED,
    NominationState.APPROVED,
    NominationState.NOTICE,
    NominationState.AWARDED,
    NominationState.RECOMMENDED,
)

register_actions(
    {
        "merit.honor_type.created": "新建荣誉类型",
        "merit.honor_type.updated": "修改荣誉类型",
        "merit.round.created": "新建评选",
        "merit.round.updated": "修改评选",
        "merit.nomination.created": "推荐评先评优对象",
        "merit.objection.created": "登记公示异议",
        "merit.objection.submitted_online": "网上提交公示异议",
        "merit.objection.resolved": "核实公示异议",
        "merit.honor.recorded": "登记荣誉",
        "merit.honor.awarded": "表彰授予荣誉",
        "merit.honors.exported": "导出荣誉名录",
        "merit.nominations.exported": "导出推荐对象",
    }
)


def nomination_url(pk: int) -> str:
    return reverse("merit:nomination_detail", args=[pk])


# ---- honor types -----------------------------------------------------------------------------

TYPE_FIELDS = (
    "name",
    "level",
    "subject",
    "conferred_by",
    "notice_workdays",
    "confers_model_worker",
    "is_commendation",
    "criteria",
    "order",
    "is_active",
)


def _clean_shares(shares: Iterable[tuple[str, str, int]]) -> list[tuple[str, str, int]]:
    seen: set[tuple[str, str]] = set()
    cleaned = []
    for n, (category, bound, percent) in enumerate(shares, start=1):
        if category not in Category.values:
            raise ApplicationError(f"第{n}条比例要求的类别不正确。", field="shares")
        if bound not in Bound.values:
            raise ApplicationError(f"第{n}条比例要求应为「不少于」或「不超过」。", field="shares")
        if percent is None or not 0 <= int(percent) <= 100:
            raise ApplicationError(f"第{n}条比例要求的比例应在0到100之间。", field="shares")
        if (category, bound) in seen:
            label = Category(category).label
            raise ApplicationError(f"「{label}{Bound(bound).label}」重复填写。", field="shares")
        seen.add((category, bound))
        cleaned.append((category, bound, int(percent)))
    return cleaned


def _check_type(row: HonorType) -> None:
    row.name = (row.name or "").strip()
    if not row.name:
        raise ApplicationError("请填写荣誉名称。", field="name")
    if HonorType.objects.filter(name=row.name).exclude(pk=row.pk).exists():
        raise ApplicationError(f"已有名为「{row.name}」的荣誉类型。", field="name")
    if row.level not in Level.values:
        raise ApplicationError("级别不正确。", field="level")
    if row.subject not in Subject.values:
        raise ApplicationError("授予对象不正确。", field="subject")
    if not 1 <= int(row.notice_workdays or 0) <= 30:
        raise ApplicationError("公示期应为1至30个工作日。", field="notice_workdays")
    if not (row.conferred_by or "").strip():
        raise ApplicationError("请填写授予机构。", field="conferred_by")
    if row.confers_model_worker and row.subject != Subject.PERSON:
        raise ApplicationError("只有授予个人的荣誉可以授予劳模称号。", field="confers_model_worker")


def _store_shares(honor_type: HonorType, shares: list[tuple[str, str, int]]) -> None:
    HonorShare.objects.filter(honor_type=honor_type).delete()
    HonorShare.objects.bulk_create(
        HonorShare(honor_type=honor_type, category=c, bound=b, percent=p) for c, b, p in shares
    )


def type_create(
    *, actor: Any, shares: Iterable[tuple[str, str, int]] = (), **fields: Any
) -> HonorType:
    """A title as data with its category shares [(category, bound, percent)]."""
    require(actor, TYPES)
    row = HonorType(**{k: v for k, v in fields.items() if k in TYPE_FIELDS})
    _check_type(row)
    cleaned = _clean_shares(shares)
    with transaction.atomic():
        row.save()
        _store_shares(row, cleaned)
        audit_record(
            actor=actor,
            action="merit.honor_type.created",
            target=row,
            data={"shares": [list(s) for s in cleaned]},
        )
    return row


def type_update(
    *,
    actor: Any,
    honor_type: HonorType,
    version: int | None,
    shares: Iterable[tuple[str, str, int]] | None = None,
    **changes: Any,
) -> HonorType:
    require(actor, TYPES)
    cleaned = _clean_shares(shares) if shares is not None else None
    with transaction.atomic():
        locked = HonorType.objects.select_for_update().get(pk=honor_type.pk)
        check_version(locked, version)
        before = {k: getattr(locked, k) for k in TYPE_FIELDS}
        for key, value in changes.items():
            if key in TYPE_FIELDS:
                setattr(locked, key, value)
        _check_type(locked)
        locked.version += 1
        locked.save()
        data: dict[str, Any] = {
            k: [str(before[k]), str(getattr(locked, k))]
            for k in TYPE_FIELDS
            if before[k] != getattr(locked, k)
        }
        if cleaned is not None:
            _store_shares(locked, cleaned)
            data["shares"] = [list(s) for s in cleaned]
        audit_record(actor=actor, action="merit.honor_type.updated", target=locked, data=data)
    return locked


# ---- rounds ----------------------------------------------------------------------------------


def round_create(
    *,
    actor: Any,
    honor_type: HonorType | None,
    year: int | None,
    organizer: Organization | None,
    name: str = "",
    quota: int | None = None,
    nominations_close_on: datetime.date | None = None,
    note: str = "",
) -> HonorRound:
    """A round of a type in a year by an organizer (the district, or a town) in scope."""
    require(actor, ROUNDS)
    if honor_type is None:
        raise ApplicationError("请选择荣誉类型。", field="honor_type")
    if not honor_type.is_active:
        raise ApplicationError(f"荣誉类型「{honor_type.name}」已停用。", field="honor_type")
    if not year or not 1990 <= int(year) <= 2100:
        raise ApplicationError("年度应为四位数字年份，例如 2026。", field="year")
    organizer = organizer or getattr(actor, "organization", None)
    if organizer is None or organizer.kind not in (OrgKind.DISTRICT, OrgKind.TOWN):
        raise ApplicationError("组织单位应为区总工会或镇街总工会。", field="organizer")
    ensure_visible(actor, organizer)
    if honor_type.level == Level.TOWN and organizer.kind != OrgKind.TOWN:
        raise ApplicationError("镇街级荣誉应由镇街总工会组织评选。", field="organizer")
    if honor_type.level != Level.TOWN and organizer.kind != OrgKind.DISTRICT:
        raise ApplicationError("区级及以上荣誉应由区总工会组织评选。", field="organizer")
    if HonorRound.objects.filter(honor_type=honor_type, year=year, organizer=organizer).exists():
        raise ApplicationError(f"{year}年已有「{honor_type.name}」的评选。", field="year")
    if quota is not None and quota < 1:
        raise ApplicationError("名额应为正整数。", field="quota")
    row = HonorRound(
        honor_type=honor_type,
        year=year,
        name=(name or "").strip() or f"{year}年{honor_type.name}评选",
        organizer=organizer,
        quota=quota,
        nominations_close_on=nominations_close_on,
        note=(note or "").strip(),
        org_path=organizer.path,
    )
    with transaction.atomic():
        row.save()
        ROUND_WORKFLOW.record_start(row, actor=actor)
        audit_record(actor=actor, action="merit.round.created", target=row)
    return row


def round_open(*, actor: Any, round: HonorRound, version: int | None) -> HonorRound:
    ensure_visible(actor, round, ROUNDS)
    return ROUND_WORKFLOW.transition(round, "open", actor=actor, version=version)


def round_review(*, actor: Any, round: HonorRound, version: int | None) -> HonorRound:
    ensure_visible(actor, round, ROUNDS)
    return ROUND_WORKFLOW.transition(round, "review", actor=actor, version=version)


def _nominees(round: HonorRound, state: str) -> list[Nomination]:
    return list(
        Nomination.objects.select_for_update(of=("self",))
        .filter(round_id=round.pk, state=state)
        .select_related("union", "member", "employer", "organization")
        .order_by("pk")
    )


def round_notice(
    *, actor: Any, round: HonorRound, version: int | None, starts_on: datetime.date | None = None
) -> HonorRound:
    """The public notice starts (today unless a later day is given) and runs the type's
    working days (rules.honors.notice_period); every approved nomination goes to notice."""
    ensure_visible(actor, round, ROUNDS)
    start = starts_on or today()
    if start < today():
        raise ApplicationError("公示开始日期不能早于今天。", field="starts_on")
    until = rules.notice_period(start, round.honor_type.notice_workdays)
    with transaction.atomic():
        approved = _nominees(round, NominationState.APPROVED)
        if not approved:
            raise ApplicationError("没有评审通过的推荐对象，不能发布公示。")
        done = ROUND_WORKFLOW.transition(
            round,
            "notice",
            actor=actor,
            version=version,
            changes={"notice_from": start, "notice_until": until},
            data={"notice_from": start.isoformat(), "notice_until": until.isoformat()},
        )
        for nomination in approved:
            NOMINATION_WORKFLOW.transition(
                nomination, "notice", actor=actor, version=nomination.version
            )
    return done


def _ready_to_close(round: HonorRound) -> None:
    if round.notice_until is None or today() <= round.notice_until:
        until = round.notice_until.isoformat() if round.notice_until else "—"
        raise ApplicationError(f"公示期至 {until}，公示期满后才能表彰或推荐。")
    open_count = Objection.objects.filter(
        nomination__round_id=round.pk, state=ObjectionState.OPEN
    ).count()
    if open_count:
        raise ApplicationError(f"还有{open_count}件公示异议未核实，核实后才能表彰或推荐。")


def union_users(nomination: Nomination) -> list[User]:
    """Who hears of a decision: the nominating union's active accounts and the nominator."""
    users = list(User.objects.filter(is_active=True, organization_id=nomination.union_id))
    if nomination.created_by_id and nomination.created_by.is_active:
        users.append(nomination.created_by)
    return users


def _tell(nomination: Nomination, text: str) -> None:
    notify(
        recipients=union_users(nomination),
        target=nomination,
        url=nomination_url(nomination.pk),
        message=f"贵会推荐的{nomination.round.honor_type.name}对象「{nomination.name}」{text}",
    )


def _honor_of(nomination: Nomination, *, awarded_on: datetime.date, document_no: str) -> Honor:
    """The title held, from a nominee: the holder's union is the nominating union."""
    return Honor(
        honor_type=nomination.round.honor_type,
        year=nomination.round.year,
        awarded_on=awarded_on,
        nomination=nomination,
        member=nomination.member,
        name=nomination.name,
        employer=nomination.employer,
        organization=nomination.organization,
        union=nomination.union,
        document_no=document_no,
        org_path=nomination.org_path,
    )


def _confer(actor: Any, honor: Honor) -> Honor:
    honor.save()
    workers.enroll_from_honor(actor=actor, honor=honor)
    audit_record(
        actor=actor,
        action="merit.honor.awarded",
        target=honor,
        data={"nomination": honor.nomination_id, "document_no": honor.document_no},
    )
    return honor


def round_award(
    *,
    actor: Any,
    round: HonorRound,
    version: int | None,
    document_no: str,
    awarded_on: datetime.date | None = None,
) -> HonorRound:
    """After the notice has ended with no open objection: one Honor per nominee in notice."""
    ensure_visible(actor, round, ROUNDS)
    document_no = (document_no or "").strip()
    if not document_no:
        raise ApplicationError("请填写表彰文号。", field="document_no")
    awarded_on = awarded_on or today()
    with transaction.atomic():
        locked = (
            HonorRound.objects.select_for_update().select_related("honor_type").get(pk=round.pk)
        )
        if is_upward(locked):
            raise ApplicationError("该荣誉由上级授予，请「向上级推荐」。")
        _ready_to_close(locked)
        if awarded_on < locked.notice_until:
            raise ApplicationError("表彰日期不能早于公示截止日期。", field="awarded_on")
        nominees = _nominees(locked, NominationState.NOTICE)
        done = ROUND_WORKFLOW.transition(
            locked,
            "award",
            actor=actor,
            version=version,
            changes={"awarded_on": awarded_on, "document_no": document_no[:60]},
            data={"honors": len(nominees)},
        )
        for nomination in nominees:
            moved = NOMINATION_WORKFLOW.transition(
                nomination, "award", actor=actor, version=nomination.version
            )
            _confer(actor, _honor_of(moved, awarded_on=awarded_on, document_no=document_no))
            _tell(moved, f"经公示无异议，已获表彰（{document_no}）。")
    return done


def round_recommend(*, actor: Any, round: HonorRound, version: int | None) -> HonorRound:
    """A type conferred above: after the notice, the nominees go up, their outcome pending."""
    ensure_visible(actor, round, ROUNDS)
    with transaction.atomic():
        locked = (
            HonorRound.objects.select_for_update().select_related("honor_type").get(pk=round.pk)
        )
        if not is_upward(locked):
            raise ApplicationError("该荣誉由本级表彰，请「表彰」。")
        _ready_to_close(locked)
        nominees = _nominees(locked, NominationState.NOTICE)
        done = ROUND_WORKFLOW.transition(
            locked, "recommend", actor=actor, version=version, data={"nominees": len(nominees)}
        )
        for nomination in nominees:
            moved = NOMINATION_WORKFLOW.transition(
                nomination,
                "recommend",
                actor=actor,
                version=nomination.version,
                changes={"upward_outcome": UpwardOutcome.PENDING},
            )
            _tell(moved, f"经公示无异议，已推荐至{locked.honor_type.conferred_by}评定。")
    return done


# ---- nominations -----------------------------------------------------------------------------


def _nominating_union(actor: Any, union: Organization | None) -> Organization:
    union = union or getattr(actor, "organization", None)
    if union is None:
        raise ApplicationError("请选择推荐工会。", field="union")
    ensure_visible(actor, union)
    return union


def _categories(values: Iterable[str]) -> list[str]:
    return sorted({str(v) for v in values or ()})


def nomination_create(
    *,
    actor: Any,
    round: HonorRound,
    union: Organization | None = None,
    member: Member | None = None,
    name: str = "",
    employer: Employer | None = None,
    organization: Organization | None = None,
    position: str = "",
    categories: Iterable[str] = (),
    deeds: str = "",
    ric: str = "",
) -> Nomination:
    """A union puts forward its member (or a person by name and employer), a team of an
    employer, or itself or an employer, for an open round in its scope."""
    require(actor, NOMINATE)
    from ..queries.honors import rounds_visible  # the rounds a union nominates to

    if not rounds_visible(actor).filter(pk=round.pk).exists():
        raise ApplicationError("所选评选不存在或不在您的范围内。", field="round")
    union = _nominating_union(actor, union)
    for row in (member, employer, organization):
        if row is not None:
            ensure_visible(actor, row)
    subject = round.honor_type.subject
    if subject == Subject.PERSON and member is not None:
        name = name or member.name
        employer = employer or member.employer
    if subject == Subject.ORGANIZATION and not (name or "").strip():
        name = str(organization or employer or "")
    cats = _categories(categories)
    errors = rules.nominee_errors(
        rules.Nominee(
            subject=subject,
            name=name,
            has_member=member is not None,
            has_employer=employer is not None,
            has_organization=organization is not None,
            categories=tuple(cats),
        )
    )
    if errors:
        field, message = next(iter(errors.items()))
        raise ApplicationError(message, field=field)
    deeds = (deeds or "").strip()
    if not deeds:
        raise ApplicationError("请填写主要事迹。", field="deeds")
    nomination = Nomination(
        round=round,
        union=union,
        member=member if subject == Subject.PERSON else None,
        name=(name or "").strip()[:100],
        employer=employer,
        organization=organization if subject == Subject.ORGANIZATION else None,
        position=(position or "").strip()[:60],
        categories=cats,
        deeds=deeds[:5000],
        created_by=actor if isinstance(actor, User) else None,
        org_path=union.path,
    )
    if ric and subject == Subject.PERSON and member is None:
        set_identity(nomination, ric=ric_checked(ric).number)
    with transaction.atomic():
        locked = HonorRound.objects.select_for_update().get(pk=round.pk)
        if locked.state != RoundState.OPEN:
            raise ApplicationError(
                f"「{locked.name}」当前为「{locked.get_state_display()}」，不接受推荐。"
            )
        if locked.nominations_close_on and today() > locked.nominations_close_on:
            raise ApplicationError(
                f"「{locked.name}」已于 {locked.nominations_close_on.isoformat()} 截止推荐。"
            )
        _once_per_round(locked, nomination)
        nomination.save()
        NOMINATION_WORKFLOW.record_start(nomination, actor=actor)
        audit_record(
            actor=actor,
            action="merit.nomination.created",
            target=nomination,
            data={"round": locked.pk, "categories": cats},
        )
    return nomination


def _once_per_round(round: HonorRound, nomination: Nomination) -> None:
    live = Nomination.objects.filter(round=round, state__in=LIVE)
    if nomination.member_id:
        taken = live.values_list("member_id", flat=True)
        if rules.duplicate_person(taken, nomination.member_id):
            raise ApplicationError(f"{nomination.name}已被推荐参加本次评选。", field="member")
    elif nomination.ric_hash and live.filter(ric_hash=nomination.ric_hash).exists():
        raise ApplicationError(f"{nomination.name}已被推荐参加本次评选。", field="ric")
    elif (
        nomination.organization_id
        and live.filter(organization_id=nomination.organization_id).exists()
    ):
        raise ApplicationError("该工会已被推荐参加本次评选。", field="organization")


def nomination_town_review(
    *, actor: Any, nomination: Nomination, version: int | None, note: str = ""
) -> Nomination:
    ensure_visible(actor, nomination, TOWN_REVIEW)
    note = (note or "").strip()
    return NOMINATION_WORKFLOW.transition(
        nomination,
        "town_review",
        actor=actor,
        version=version,
        note=note,
        changes={"decision_note": note[:300]} if note else {},
    )


def nomination_approve(
    *, actor: Any, nomination: Nomination, version: int | None, note: str = ""
) -> Nomination:
    ensure_visible(actor, nomination, DISTRICT_REVIEW)
    note = (note or "").strip()
    return NOMINATION_WORKFLOW.transition(
        nomination,
        "approve",
        actor=actor,
        version=version,
        note=note,
        changes={"decision_note": note[:300]} if note else {},
    )


def nomination_reject(
    *, actor: Any, nomination: Nomination, version: int | None, reason: str
) -> Nomination:
    ensure_visible(actor, nomination)
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError("请填写不予通过的理由。", field="reason")
    with transaction.atomic():
        done = NOMINATION_WORKFLOW.transition(
            nomination,
            "reject",
            actor=actor,
            version=version,
            note=reason,
            changes={"decision_note": reason[:300]},
        )
        _tell(done, f"未通过评审：{reason}")
    return done


def nomination_withdraw(*, actor: Any, nomination: Nomination, version: int | None) -> Nomination:
    ensure_visible(actor, nomination, NOMINATE)
    return NOMINATION_WORKFLOW.transition(nomination, "withdraw", actor=actor, version=version)


def nomination_outcome(
    *,
    actor: Any,
    nomination: Nomination,
    version: int | None,
    outcome: str,
    awarded_on: datetime.date | None = None,
    document_no: str = "",
) -> Nomination:
    """What the level above decided on a nominee the district recommended; an award is an
    Honor (and a model-worker title enrolls the person)."""
    ensure_visible(actor, nomination, DISTRICT_REVIEW)
    if outcome not in (UpwardOutcome.AWARDED, UpwardOutcome.NOT_AWARDED):
        raise ApplicationError("请选择上级评定结果：获评或未获评。", field="outcome")
    if outcome == UpwardOutcome.AWARDED and awarded_on is None:
        raise ApplicationError("获评的请填写授予日期。", field="awarded_on")

    def pending(row: Nomination, _actor: Any) -> None:
        if row.upward_outcome and row.upward_outcome != UpwardOutcome.PENDING:
            raise ApplicationError("该对象的上级评定结果已登记。")

    with transaction.atomic():
        locked = Nomination.objects.select_for_update().get(pk=nomination.pk)
        pending(locked, actor)
        done = NOMINATION_WORKFLOW.transition(
            locked,
            "outcome",
            actor=actor,
            version=version,
            note=UpwardOutcome(outcome).label,
            changes={"upward_outcome": outcome},
            data={"outcome": outcome},
        )
        done = Nomination.objects.select_related("round__honor_type", "union").get(pk=done.pk)
        if outcome == UpwardOutcome.AWARDED:
            _confer(
                actor,
                _honor_of(done, awarded_on=awarded_on, document_no=(document_no or "").strip()),
            )
            _tell(done, f"经{done.round.honor_type.conferred_by}评定，已获评。")
        else:
            _tell(done, f"经{done.round.honor_type.conferred_by}评定，未获评。")
    return done


# ---- objections ------------------------------------------------------------------------------


def _in_notice(nomination: Nomination) -> None:
    if nomination.state != NominationState.NOTICE:
        raise ApplicationError("该对象不在公示中，不能登记异议。", field="nomination")


def _objection(
    nomination: Nomination,
    *,
    channel: str,
    received_on: datetime.date,
    person_name: str,
    phone: str,
    content: str,
) -> Objection:
    person_name = (person_name or "").strip()
    content = (content or "").strip()
    if channel not in Channel.values:
        raise ApplicationError("反映方式不正确。", field="channel")
    if not person_name:
        raise ApplicationError("请填写反映人的真实姓名（公示异议须实名）。", field="person_name")
    phone_value = normalize_phone(phone, field="phone")
    if not phone_value:
        raise ApplicationError("请填写反映人的联系电话（公示异议须实名）。", field="phone")
    if len(content) < 5:
        raise ApplicationError("请具体写明反映的问题（至少5个字）。", field="content")
    row = Objection(
        nomination=nomination,
        channel=channel,
        received_on=received_on,
        person_name=person_name[:50],
        content=content[:3000],
        org_path=nomination.org_path,
    )
    set_identity(row, phone=phone_value)
    return row


def objection_record(
    *,
    actor: Any,
    nomination: Nomination,
    channel: str,
    person_name: str,
    phone: str,
    content: str,
    received_on: datetime.date | None = None,
) -> Objection:
    """Staff record an objection that came by letter, phone or visit (real-name)."""
    ensure_visible(actor, nomination, OBJECTIONS)
    _in_notice(nomination)
    row = _objection(
        nomination,
        channel=channel,
        received_on=received_on or today(),
        person_name=person_name,
        phone=phone,
        content=content,
    )
    if row.received_on > today():
        raise ApplicationError("收到日期不能晚于今天。", field="received_on")
    with transaction.atomic():
        row.save()
        audit_record(
            actor=actor,
            action="merit.objection.created",
            target=row,
            data={"nomination": nomination.pk, "channel": channel},
        )
    return row


def ip_key(ip: str) -> str:
    return blind_index(ip or "unknown", purpose="ip")


def objection_submit_online(
    *, nomination_id: int, person_name: str, phone: str, content: str, ip: str = ""
) -> Objection:
    """An objection from the public notice page (no account): real name and phone required,
    the phone stored encrypted; a few per address and per phone an hour."""
    nomination = (
        Nomination.objects.filter(pk=nomination_id, state=NominationState.NOTICE)
        .select_related("round")
        .first()
    )
    if nomination is None or nomination.round.state != RoundState.NOTICE:
        raise ApplicationError("该对象不在公示中，不能提交异议。", field="nomination")
    if nomination.round.notice_until and today() > nomination.round.notice_until:
        raise ApplicationError("公示期已结束，不能再提交异议。", field="nomination")
    row = _objection(
        nomination,
        channel=Channel.ONLINE,
        received_on=today(),
        person_name=person_name,
        phone=phone,
        content=content,
    )
    row.ip = ip or None
    since = timezone.now() - OBJECTION_WINDOW
    with transaction.atomic():
        # counted and inserted in this transaction: one at a time per address and phone
        hold(f"merit.objection.ip.{ip_key(ip)}", f"merit.objection.phone.{row.phone_hash}")
        recent = Objection.objects.filter(channel=Channel.ONLINE, created_at__gte=since)
        if ip and recent.filter(ip=ip).count() >= OBJECTIONS_PER_IP:
            raise ApplicationError("提交过于频繁，请一小时后再试。")
        if recent.filter(phone_hash=row.phone_hash).count() >= OBJECTIONS_PER_PHONE:
            raise ApplicationError("该手机号提交过于频繁，请一小时后再试。", field="phone")
        row.save()
        audit_record(
            actor=PORTAL_ACTOR,
            action="merit.objection.submitted_online",
            target=row,
            data={"nomination": nomination.pk},
        )
    return row


def objection_resolve(
    *,
    actor: Any,
    objection: Objection,
    version: int | None,
    upheld: bool,
    resolution: str,
) -> Objection:
    """Verified: upheld rejects the nomination (the reason said to its union); dismissed
    leaves it in notice."""
    ensure_visible(actor, objection, OBJECTIONS)
    resolution = (resolution or "").strip()
    if not resolution:
        raise ApplicationError("请填写核实情况。", field="resolution")
    with transaction.atomic():
        locked = Objection.objects.select_for_update().get(pk=objection.pk)
        check_version(locked, version)
        if locked.state != ObjectionState.OPEN:
            raise ApplicationError("该异议已核实。")
        locked.state = ObjectionState.UPHELD if upheld else ObjectionState.DISMISSED
        locked.resolution = resolution[:3000]
        locked.resolved_on = today()
        locked.version += 1
        locked.save(update_fields=["state", "resolution", "resolved_on", "version", "updated_at"])
        audit_record(
            actor=actor,
            action="merit.objection.resolved",
            target=locked,
            data={"state": locked.state, "nomination": locked.nomination_id},
        )
        if upheld:
            nomination = Nomination.objects.select_related("round__honor_type").get(
                pk=locked.nomination_id
            )
            if nomination.state == NominationState.NOTICE:
                reason = f"公示期间反映属实：{resolution}"[:300]
                done = NOMINATION_WORKFLOW.transition(
                    nomination,
                    "reject",
                    actor=actor,
                    version=nomination.version,
                    note=reason,
                    changes={"decision_note": reason},
                    data={"objection": locked.pk},
                )
                _tell(done, f"未通过：{reason}")
    return locked


# ---- honors recorded without a round --------------------------------------------------------


def honor_record(
    *,
    actor: Any,
    honor_type: HonorType | None,
    year: int | None,
    name: str = "",
    member: Member | None = None,
    employer: Employer | None = None,
    organization: Organization | None = None,
    union: Organization | None = None,
    awarded_on: datetime.date | None = None,
    document_no: str = "",
) -> Honor:
    """An honor conferred above the district or in an earlier year, recorded as held; its
    union (for scope) is the member's, the organization itself, the employer's, or the one
    chosen."""
    require(actor, RECORD)
    if honor_type is None:
        raise ApplicationError("请选择荣誉类型。", field="honor_type")
    if not year or not 1949 <= int(year) <= today().year:
        raise ApplicationError(f"年度应在1949至{today().year}之间。", field="year")
    for row in (member, employer, organization, union):
        if row is not None:
            ensure_visible(actor, row)
    subject = honor_type.subject
    if subject == Subject.PERSON and member is not None:
        name = name or member.name
        employer = employer or member.employer
    if subject == Subject.ORGANIZATION and not (name or "").strip():
        name = str(organization or employer or "")
    errors = rules.nominee_errors(
        rules.Nominee(
            subject=subject,
            name=name,
            has_member=member is not None,
            has_employer=employer is not None,
            has_organization=organization is not None,
            categories=(),
        )
    )
    if errors:
        field, message = next(iter(errors.items()))
        raise ApplicationError(message, field=field)
    holder_union = (
        union
        or (member.union if member is not None and subject == Subject.PERSON else None)
        or (organization if subject == Subject.ORGANIZATION else None)
        or (employer.union if employer is not None else None)
        or getattr(actor, "organization", None)
    )
    if holder_union is None:
        raise ApplicationError("请选择所属工会。", field="union")
    if awarded_on and awarded_on > today():
        raise ApplicationError("授予日期不能晚于今天。", field="awarded_on")
    honor = Honor(
        honor_type=honor_type,
        year=int(year),
        awarded_on=awarded_on,
        member=member if subject == Subject.PERSON else None,
        name=(name or "").strip()[:100],
        employer=employer,
        organization=organization if subject == Subject.ORGANIZATION else None,
        union=holder_union,
        document_no=(document_no or "").strip()[:60],
        org_path=holder_union.path,
    )
    with transaction.atomic():
        honor.save()
        workers.enroll_from_honor(actor=actor, honor=honor)
        audit_record(
            actor=actor,
            action="merit.honor.recorded",
            target=honor,
            data={"type": honor_type.pk, "year": honor.year},
        )
    return honor


def round_update(*, actor: Any, round: HonorRound, version: int | None, **changes: Any):
    """The name, quota, closing day and note, while nominations are still taken."""

    def clean(row: HonorRound) -> None:
        if row.state not in (RoundState.DRAFT, RoundState.OPEN):
            raise ApplicationError("评审开始后不能再修改评选信息。")
        row.name = (row.name or "").strip()
        if not row.name:
            raise ApplicationError("请填写评选名称。", field="name")

    return edit(
        HonorRound,
        round,
        actor=actor,
        version=version,
        permission=ROUNDS,
        changes=changes,
        editable=("name", "quota", "nominations_close_on", "note"),
        clean=clean,
        action="merit.round.updated",
    )
