"""Registering a case and what staff add to it: the edit of its details, parties, notes (RIGHTS-1).

The transitions are in `handling`, 复查/复核 in `reviews`, the worker's online submission in
`portal` (which builds its case with `build_case` and `party_attach` from here).
"""

import datetime
import secrets
from typing import Any

from django.db import transaction

from gonghui.core.actors import actor_user
from gonghui.core.audit import audit_record, snapshot
from gonghui.core.clock import today
from gonghui.core.edit import edit
from gonghui.core.errors import ApplicationError
from gonghui.core.identity import normalize_phone, ric_checked, set_identity
from gonghui.core.money import ZERO, parse_money
from gonghui.core.permissions import require
from gonghui.core.scope import ensure_visible
from gonghui.core.storable import check_storable
from gonghui.members.models import Member
from gonghui.orgs.choices import OrgKind
from gonghui.orgs.models import Employer, Organization

from .. import deadlines
from ..choices import CaseKind, CaseState, Channel, NoteKind, Subject
from ..models import Case, CaseNote, CaseParty
from ..workflow import CASE_WORKFLOW
from .common import assign_number

# What the edit page may change; the rest follows the workflow (dates, assignee, outcome).
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
NOTE_STATES = (CaseState.ACCEPTED, CaseState.ASSIGNED, CaseState.IN_PROGRESS, CaseState.CONCLUDED)


def _clean_case(case: Case) -> None:
    """The rules of a case's details, for registering and for every edit."""
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
    if case.received_on < EARLIEST_RECEIVED:
        raise ApplicationError(
            f"收到日期不能早于{EARLIEST_RECEIVED:%Y年%m月%d日}，请核对。", field="received_on"
        )
    if case.visitors < 1 or case.workers_involved < 1:
        raise ApplicationError("人次和涉及人数至少为1。", field="workers_involved")
    if case.workers_involved < case.visitors:
        raise ApplicationError("涉及职工人数不能少于来访人次。", field="workers_involved")
    case.amount_claimed = parse_money(case.amount_claimed, field="amount_claimed")


def registrar_town(actor: Any) -> Organization | None:
    """The town of the registering person's organization (itself when it is a town)."""
    org = getattr(actor, "organization", None)
    if org is None:
        return None
    return org if org.kind == OrgKind.TOWN else org.town


def _place(case: Case, *, actor: Any, town: Organization | None) -> None:
    """The case belongs to the employer's town, else the chosen town, else the registrar's
    own town (issue #10: a town's case was filed without one and counted as 未指定); a
    registrar above the towns names it. The actor must see the employer and the town (404)."""
    if case.employer_id:
        ensure_visible(actor, case.employer)
        town = case.employer.town
    town = town or registrar_town(actor)
    if town is None:
        raise ApplicationError(
            "请选择所属镇街：用人单位不在库中时，需指明案件由哪个镇街办理。", field="town"
        )
    ensure_visible(actor, town)
    case.town = town
    case.org_path = town.path


def party_build(
    *, case: Case, name: str, ric: str = "", phone: str = "", ric_field: str = "ric"
) -> CaseParty:
    """An unsaved, checked worker party, linked to the member with the same RIC (found by
    its hash). `case` may be unsaved too: the caller sets it again once it has its key."""
    if not name.strip():
        raise ApplicationError("请填写当事职工姓名。", field="name")
    number = ric_checked(ric, field=ric_field).number if (ric or "").strip() else ""
    party = CaseParty(case=case, name=name.strip())
    set_identity(party, ric=number, phone=normalize_phone(phone, field="phone"))
    if party.ric_hash:
        party.member = Member.objects.filter(ric_hash=party.ric_hash).first()
    return party


def party_attach(
    *, case: Case, name: str, ric: str = "", phone: str = "", ric_field: str = "ric"
) -> CaseParty:
    """A worker party of a saved case (party_build, then saved)."""
    party = party_build(case=case, name=name, ric=ric, phone=phone, ric_field=ric_field)
    party.save()
    return party


# A case is received in this century; 1900-01-01 was stored before (issue #11).
EARLIEST_RECEIVED = datetime.date(2000, 1, 1)


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
    amount_claimed: Any = ZERO,
    visitors: int = 1,
    workers_involved: int = 1,
    infringement_known_on: datetime.date | None = None,
    wage_claim_ongoing: bool = False,
) -> Case:
    """An unsaved, checked case with its acceptance deadline (staff and the worker pages)."""
    if not contact_name.strip():
        raise ApplicationError("请填写联系人姓名。", field="contact_name")
    case = Case(
        # the number is made from the primary key (assign_number); unique placeholder until then
        number=f"tmp-{secrets.token_hex(8)}",
        kind=kind,
        channel=channel,
        subject=subject or Subject.OTHER,
        received_on=received_on,
        summary=summary.strip(),
        employer=employer,
        employer_name=employer.name if employer else employer_name.strip(),
        amount_claimed=parse_money(amount_claimed, field="amount_claimed"),
        visitors=visitors or 1,
        workers_involved=workers_involved or 1,
        infringement_known_on=infringement_known_on,
        wage_claim_ongoing=wage_claim_ongoing,
        contact_name=contact_name.strip(),
    )
    phone = normalize_phone(contact_phone, field="contact_phone")
    set_identity(case, phone=phone, phone_field="contact_phone")
    check_storable(case)  # refused whole, never cut (issue #11)
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
    _place(case, actor=actor, town=town)
    case.registered_by = actor_user(actor)
    case.save()
    assign_number(case)
    party_attach(
        case=case,
        name=case.contact_name,
        ric=contact_ric,
        phone=case.contact_phone,
        ric_field="contact_ric",
    )
    CASE_WORKFLOW.record_start(case, actor=actor)
    audit_record(
        actor=actor,
        action="rights.case.registered",
        target=case,
        data=snapshot(case, ["kind", "channel", "subject", "visitors", "workers_involved"]),
    )
    return case


def case_update(*, actor: Any, case: Case, version: int | None, **fields: Any) -> Case:
    """Change a case's details (EDITABLE_FIELDS) with the version the person read.

    Whoever handles the case may correct its facts: staff, and a lawyer on the cases
    assigned to them (issue #10: the lawyer learns the true number of workers involved);
    the scope's role rule keeps every other case out of a lawyer's reach (404)."""
    return edit(
        Case,
        case,
        actor=actor,
        version=version,
        changes=fields,
        editable=EDITABLE_FIELDS,
        action="rights.case.updated",
        permission="rights.handle",
        clean=_clean_case,
    )


@transaction.atomic
def case_party_add(
    *, actor: Any, case: Case, name: str, ric: str = "", phone: str = ""
) -> CaseParty:
    ensure_visible(actor, case, "rights.register")
    party = party_attach(case=case, name=name, ric=ric, phone=phone)
    audit_record(
        actor=actor,
        action="rights.case.party_added",
        target=case,
        data={"party": party.pk, "member": party.member_id},
    )
    return party


def case_note_add(
    *,
    actor: Any,
    case: Case,
    kind: str,
    text: str,
    happened_on: datetime.date | None = None,
) -> CaseNote:
    """Notes only append, so two people adding notes never overwrite each other.

    Only the two inserts run in the transaction: on SQLite it holds the one write lock of
    the whole database, so the scope read and the checks come before it (issue #11)."""
    ensure_visible(actor, case, "rights.handle")
    if case.state not in NOTE_STATES:
        raise ApplicationError("该案件当前状态不能添加办理记录。")
    if kind not in NoteKind.values:
        raise ApplicationError("请选择记录类型。", field="kind")
    if not text.strip():
        raise ApplicationError("请填写内容。", field="text")
    note = CaseNote(
        case=case,
        kind=kind,
        text=text.strip(),
        happened_on=happened_on or today(),
        author=actor_user(actor),
        author_name=str(actor),
    )
    with transaction.atomic():
        note.save()
        audit_record(
            actor=actor, action="rights.case.note_added", target=case, data={"note": note.pk}
        )
    return note
