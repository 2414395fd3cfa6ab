"""Registering and handling cases (RIGHTS-1, RIGHTS-2). Transitions go through CASE_WORKFLOW."""

import datetime
import secrets
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction

from gonghui.core.audit import audit_record, diff, snapshot
from gonghui.core.errors import ApplicationError, ConflictError
from gonghui.members.models import Member
from gonghui.orgs.models import Employer, Organization
from gonghui.orgs.services import ensure_in_scope

from .. import deadlines
from ..choices import CaseKind, CaseState, Channel, NoteKind, Outcome, Subject
from ..models import Case, CaseNote, CaseParty, Lawyer, Station
from ..notify import notify
from ..workflow import CASE_WORKFLOW
from .common import (
    assign_number,
    case_recipients,
    ensure_case_visible,
    phone_columns,
    require,
    ric_columns,
    today,
)

EDITABLE_FIELDS = [
    "subject",
    "summary",
    "employer_name",
    "amount_claimed",
    "visitors",
    "workers_involved",
    "infringement_known_on",
    "wage_claim_ongoing",
    "arbitration_accepted_on",
    "award_on",
]


def clean_amount(value: Any, field: str) -> Decimal:
    try:
        amount = Decimal(str(value if value not in (None, "") else "0")).quantize(Decimal("0.01"))
    except ArithmeticError as exc:
        raise ApplicationError("金额格式不正确。", field=field) from exc
    if amount < 0:
        raise ApplicationError("金额不能为负数。", field=field)
    if amount >= Decimal("1000000000000"):
        raise ApplicationError("金额过大，请核对。", field=field)
    return amount


def _clean_case(case: Case) -> None:
    if case.kind not in CaseKind.values:
        raise ApplicationError("请选择案件类别。", field="kind")
    if case.channel not in Channel.values:
        raise ApplicationError("请选择受理渠道。", field="channel")
    if case.subject not in Subject.values:
        raise ApplicationError("请选择事项。", field="subject")
    if not case.summary.strip():
        raise ApplicationError("请填写情况说明。", field="summary")
    if case.received_on > today():
        raise ApplicationError("收到日期不能晚于今天。", field="received_on")
    if case.visitors < 1 or case.workers_involved < 1:
        raise ApplicationError("人次和涉及人数至少为1。", field="workers_involved")
    if case.workers_involved < case.visitors:
        raise ApplicationError("涉及职工人数不能少于来访人次。", field="workers_involved")
    case.amount_claimed = clean_amount(case.amount_claimed, "amount_claimed")


def _place(case: Case, town: Organization | None, root_path: str) -> None:
    """The case belongs to the employer's town, else the chosen town, else the district."""
    if case.employer_id:
        town = case.employer.town
    case.town = town
    case.org_path = town.path if town else root_path


def party_attach(*, case: Case, name: str, ric: str = "", phone: str = "") -> CaseParty:
    if not name.strip():
        raise ApplicationError("请填写当事职工姓名。", field="name")
    number, number_hash, last4 = ric_columns(ric)
    phone, p_hash, p_last4 = phone_columns(phone, field="phone")
    member = Member.objects.filter(ric_hash=number_hash).first() if number_hash else None
    return CaseParty.objects.create(
        case=case,
        name=name.strip()[:50],
        ric=number,
        ric_hash=number_hash,
        ric_last4=last4,
        phone=phone,
        phone_hash=p_hash,
        phone_last4=p_last4,
        member=member,
    )


def build_case(
    *,
    kind: str,
    channel: str,
    received_on: datetime.date,
    summary: str,
    contact_name: str,
    contact_phone: str = "",
    subject: str = Subject.OTHER,
    employer: Employer | None = None,
    employer_name: str = "",
    amount_claimed: Any = Decimal("0.00"),
    visitors: int = 1,
    workers_involved: int = 1,
    infringement_known_on: datetime.date | None = None,
    wage_claim_ongoing: bool = False,
) -> Case:
    if not contact_name.strip():
        raise ApplicationError("请填写联系人姓名。", field="contact_name")
    phone, p_hash, p_last4 = phone_columns(contact_phone)
    case = Case(
        # the number is made from the primary key (assign_number); unique placeholder until then
        number=f"tmp-{secrets.token_hex(8)}",
        kind=kind,
        channel=channel,
        subject=subject or Subject.OTHER,
        received_on=received_on,
        summary=summary.strip(),
        employer=employer,
        employer_name=(employer.name if employer else employer_name.strip())[:150],
        amount_claimed=amount_claimed,
        visitors=visitors or 1,
        workers_involved=workers_involved or 1,
        infringement_known_on=infringement_known_on,
        wage_claim_ongoing=wage_claim_ongoing,
        contact_name=contact_name.strip()[:50],
        contact_phone=phone,
        contact_phone_hash=p_hash,
        contact_phone_last4=p_last4,
    )
    _clean_case(case)
    case.accept_due = deadlines.accept_due(case.kind, case.received_on)
    return case


@transaction.atomic
def case_register(
    *,
    actor: Any,
    town: Organization | None = None,
    contact_ric: str = "",
    **fields: Any,
) -> Case:
    """Staff register a case received by visit, letter, call or referral (or typed in)."""
    require(actor, "rights.register")
    case = build_case(**fields)
    _place(case, town, actor.organization.path)
    ensure_in_scope(actor, case.org_path)
    case.registered_by = actor
    case.save()
    assign_number(case)
    party_attach(case=case, name=case.contact_name, ric=contact_ric, phone=case.contact_phone)
    CASE_WORKFLOW.record_start(case, actor=actor)
    audit_record(
        actor=actor,
        action="rights.case.registered",
        target=case,
        data=snapshot(case, ["kind", "channel", "subject", "visitors", "workers_involved"]),
    )
    return case


@transaction.atomic
def case_update(*, actor: Any, case: Case, version: int | None, **fields: Any) -> Case:
    require(actor, "rights.register")
    ensure_case_visible(actor, case)
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if version is not None and int(version) != locked.version:
        raise ConflictError("该案件已被他人修改，请刷新页面查看最新内容后再保存。")
    before = snapshot(locked, EDITABLE_FIELDS)
    for key, value in fields.items():
        if key in EDITABLE_FIELDS:
            setattr(locked, key, value)
    _clean_case(locked)
    locked.version += 1
    locked.save(update_fields=[*EDITABLE_FIELDS, "version", "updated_at"])
    audit_record(
        actor=actor,
        action="rights.case.updated",
        target=locked,
        data=diff(before, snapshot(locked, EDITABLE_FIELDS)),
    )
    return locked


@transaction.atomic
def case_party_add(
    *, actor: Any, case: Case, name: str, ric: str = "", phone: str = ""
) -> CaseParty:
    require(actor, "rights.register")
    ensure_case_visible(actor, case)
    party = party_attach(case=case, name=name, ric=ric, phone=phone)
    audit_record(
        actor=actor,
        action="rights.case.party_added",
        target=case,
        data={"party": party.pk, "member": party.member_id},
    )
    return party


NOTE_STATES = (CaseState.ACCEPTED, CaseState.ASSIGNED, CaseState.IN_PROGRESS, CaseState.CONCLUDED)


@transaction.atomic
def case_note_add(
    *,
    actor: Any,
    case: Case,
    kind: str,
    text: str,
    happened_on: datetime.date | None = None,
) -> CaseNote:
    """Notes only append, so two people adding notes never overwrite each other."""
    require(actor, "rights.handle")
    ensure_case_visible(actor, case)
    if case.state not in NOTE_STATES:
        raise ApplicationError("该案件当前状态不能添加办理记录。")
    if kind not in NoteKind.values:
        raise ApplicationError("请选择记录类型。", field="kind")
    if not text.strip():
        raise ApplicationError("请填写内容。", field="text")
    note = CaseNote.objects.create(
        case=case,
        kind=kind,
        text=text.strip(),
        happened_on=happened_on or today(),
        author=actor,
        author_name=str(actor),
    )
    audit_record(actor=actor, action="rights.case.note_added", target=case, data={"note": note.pk})
    return note


# ---- transitions ---------------------------------------------------------------------------


@transaction.atomic
def case_accept(
    *, actor: Any, case: Case, version: int | None, accepted_on: datetime.date | None = None
) -> Case:
    """Rule 28: the decision is told to the worker in writing (a reply they can read)."""
    ensure_case_visible(actor, case)
    accepted_on = accepted_on or today()
    if accepted_on < case.received_on:
        raise ApplicationError("受理日期不能早于收到日期。", field="accepted_on")
    if accepted_on > today():
        raise ApplicationError("受理日期不能晚于今天。", field="accepted_on")
    due = deadlines.conclude_due(case.kind, accepted_on, case.review_level)
    case = CASE_WORKFLOW.transition(
        case,
        "accept",
        actor=actor,
        version=version,
        changes={"accepted_on": accepted_on, "conclude_due": due, "overdue_since": None},
    )
    _reply(
        case,
        actor,
        f"您反映的问题已于{accepted_on:%Y年%m月%d日}受理，将于{due:%Y年%m月%d日}前办结。",
    )
    return case


def _reply(case: Case, actor: Any, text: str) -> CaseNote:
    return CaseNote.objects.create(
        case=case,
        kind=NoteKind.REPLY,
        text=text,
        happened_on=today(),
        author=actor,
        author_name=str(actor),
    )


@transaction.atomic
def case_decline(*, actor: Any, case: Case, version: int | None, reason: str) -> Case:
    ensure_case_visible(actor, case)
    if not reason.strip():
        raise ApplicationError("请填写不予受理的理由。", field="reason")
    case = CASE_WORKFLOW.transition(
        case,
        "decline",
        actor=actor,
        version=version,
        note=reason.strip(),
        changes={"decline_reason": reason.strip()[:300], "overdue_since": None},
    )
    _reply(case, actor, f"经审查，您反映的问题不予受理。理由：{reason.strip()}")
    return case


@transaction.atomic
def case_assign(
    *,
    actor: Any,
    case: Case,
    version: int | None,
    station: Station | None = None,
    lawyer: Lawyer | None = None,
    org: Organization | None = None,
    note: str = "",
) -> Case:
    ensure_case_visible(actor, case)
    if lawyer is not None and station is None:
        station = lawyer.station
    town = station.town if station else (org.town if org else case.town)
    path = town.path if town else case.org_path
    ensure_in_scope(actor, path)
    case = CASE_WORKFLOW.transition(
        case,
        "assign",
        actor=actor,
        version=version,
        note=note,
        changes={
            "station": station,
            "lawyer": lawyer,
            "assigned_org": org,
            "town": town,
            "org_path": path,
        },
        data={
            "station": station.pk if station else None,
            "lawyer": lawyer.pk if lawyer else None,
            "org": org.pk if org else None,
        },
    )
    notify(
        recipients=case_recipients(case),
        case=case,
        message=f"新交办案件 {case.number}（{case.get_kind_display()}），办结期限 {case.conclude_due}。",
    )
    return case


def case_start(*, actor: Any, case: Case, version: int | None) -> Case:
    ensure_case_visible(actor, case)
    return CASE_WORKFLOW.transition(case, "start", actor=actor, version=version)


@transaction.atomic
def case_extend(*, actor: Any, case: Case, version: int | None, days: int, reason: str) -> Case:
    """Rule 29: one extension of at most RIGHTS_EXTENSION_MAX_DAYS, with a reason told to the worker."""
    ensure_case_visible(actor, case)
    limit = settings.RIGHTS_EXTENSION_MAX_DAYS
    if case.extended_days:
        raise ApplicationError("办理期限只能延长一次。", field="days")
    if not 1 <= int(days) <= limit:
        raise ApplicationError(f"延长天数应为1至{limit}天。", field="days")
    if not reason.strip():
        raise ApplicationError("请填写延期理由。", field="reason")
    new_due = deadlines.extended_due(case.conclude_due, int(days))
    case = CASE_WORKFLOW.transition(
        case,
        "extend",
        actor=actor,
        version=version,
        note=reason.strip(),
        changes={
            "extended_days": int(days),
            "extension_reason": reason.strip()[:300],
            "conclude_due": new_due,
            "overdue_since": None,
        },
        data={"days": int(days), "due": str(new_due)},
    )
    _reply(case, actor, f"因{reason.strip()}，办理期限延长{days}天，至{new_due:%Y年%m月%d日}。")
    return case


def case_conclude(
    *,
    actor: Any,
    case: Case,
    version: int | None,
    outcome: str,
    conclusion: str,
    amount_recovered: Any = Decimal("0.00"),
    concluded_on: datetime.date | None = None,
) -> Case:
    ensure_case_visible(actor, case)
    if outcome and outcome not in Outcome.values:
        raise ApplicationError("请选择办理结果。", field="outcome")
    if not conclusion.strip():
        raise ApplicationError("请填写办结意见（将告知职工）。", field="conclusion")
    concluded_on = concluded_on or today()
    if concluded_on > today():
        raise ApplicationError("办结日期不能晚于今天。", field="concluded_on")
    if case.accepted_on and concluded_on < case.accepted_on:
        raise ApplicationError("办结日期不能早于受理日期。", field="concluded_on")
    return CASE_WORKFLOW.transition(
        case,
        "conclude",
        actor=actor,
        version=version,
        changes={
            "outcome": outcome,
            "conclusion": conclusion.strip(),
            "amount_recovered": clean_amount(amount_recovered, "amount_recovered"),
            "concluded_on": concluded_on,
            "concluded_in_time": case.conclude_due is None or concluded_on <= case.conclude_due,
        },
    )


def case_close(*, actor: Any, case: Case, version: int | None, note: str = "") -> Case:
    ensure_case_visible(actor, case)
    return CASE_WORKFLOW.transition(
        case, "close", actor=actor, version=version, note=note, changes={"closed_on": today()}
    )


def case_reopen(*, actor: Any, case: Case, version: int | None, reason: str) -> Case:
    ensure_case_visible(actor, case)
    if not reason.strip():
        raise ApplicationError("请填写重新办理的理由。", field="reason")
    start = today()
    return CASE_WORKFLOW.transition(
        case,
        "reopen",
        actor=actor,
        version=version,
        note=reason.strip(),
        changes={
            "closed_on": None,
            "concluded_on": None,
            "concluded_in_time": None,
            "conclude_due": deadlines.conclude_due(case.kind, start, case.review_level),
            "overdue_since": None,
        },
    )


def case_reconsider(*, actor: Any, case: Case, version: int | None, reason: str) -> Case:
    ensure_case_visible(actor, case)
    if not reason.strip():
        raise ApplicationError("请填写重新审查的理由。", field="reason")
    return CASE_WORKFLOW.transition(
        case,
        "reconsider",
        actor=actor,
        version=version,
        note=reason.strip(),
        changes={"decline_reason": "", "accept_due": deadlines.accept_due(case.kind, today())},
    )


def case_merge(*, actor: Any, case: Case, original: Case, version: int | None) -> Case:
    """Link a duplicate to the original case and close it; the original keeps running."""
    ensure_case_visible(actor, case)
    ensure_case_visible(actor, original)
    if original.pk == case.pk or original.merged_into_id:
        raise ApplicationError("不能合并到该案件。", field="original")
    return CASE_WORKFLOW.transition(
        case,
        "merge",
        actor=actor,
        version=version,
        note=f"与{original.number}重复，已合并。",
        changes={"merged_into": original, "closed_on": today(), "overdue_since": None},
        data={"original": original.pk},
    )


REVIEW_STATES = (CaseState.CONCLUDED, CaseState.CLOSED)


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
    require(actor, "rights.register")
    ensure_case_visible(actor, original)
    if original.kind != CaseKind.PETITION or original.state not in REVIEW_STATES:
        raise ApplicationError("只有已办结的信访案件可以申请复查或复核。")
    if original.review_level >= 2:
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
    upper = original.town.parent if original.town_id else None
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
        contact_phone=original.contact_phone,
        contact_phone_hash=original.contact_phone_hash,
        contact_phone_last4=original.contact_phone_last4,
        review_of=original,
        review_level=original.review_level + 1,
        late_review_reason=late_reason.strip()[:300],
        town=None if upper is not None else original.town,
        org_path=upper.path if upper is not None else original.org_path,
        registered_by=actor,
    )
    ensure_in_scope(actor, review.org_path)
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
