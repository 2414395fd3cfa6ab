"""Hardship files (CARE-1): living standards, opening a file, its workflow, visits and
reviews, documents. Every write checks permission and scope and is audited.

The transitions (`file_review` … `file_exit`) are named by FILE_WORKFLOW (workflow.py), so
the generic page action and the API action endpoint call them with `actor`, `file` and the
transition's input.
"""

import datetime
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse

from gonghui.accounts.models import User
from gonghui.core.actors import actor_user
from gonghui.core.audit import audit_record, diff, register_actions, snapshot
from gonghui.core.calendar import add_workdays
from gonghui.core.clock import today
from gonghui.core.errors import ApplicationError
from gonghui.core.identity import normalize_phone, ric_checked, ric_hash, set_identity
from gonghui.core.money import ZERO, parse_money
from gonghui.core.notify import notify
from gonghui.core.permissions import require
from gonghui.core.scope import ensure_visible
from gonghui.core.uploads import CheckedFile, check_uploads, store_sealed, stored_file
from gonghui.members.models import Member
from gonghui.orgs.choices import OrgKind
from gonghui.orgs.models import Organization

from ..choices import (
    OPEN_FILE_STATES,
    AccidentEvent,
    DocumentKind,
    FileState,
    HardshipCause,
    Relation,
    VisitKind,
)
from ..models import Document, HardshipFile, HomeVisit, HouseholdMember, LivingStandard
from ..rules import files as rules
from ..workflow import FILE_WORKFLOW

DOCUMENT_FOLDER = "assistance"
DOCUMENT_MAX_FILES = 12
HOUSEHOLD_MAX = 20
EARLIEST = datetime.date(2000, 1, 1)
OPEN = "assistance.files.open"
STANDARDS = "assistance.standards.manage"

register_actions(
    {
        "assistance.file.opened": "建立困难职工档案",
        "assistance.file.visited": "登记帮扶走访",
        "assistance.file.reviewed_yearly": "年度复核困难职工档案",
        "assistance.document.added": "上传证明材料",
        "assistance.document.viewed": "查看证明材料",
        "assistance.standard.set": "设置最低生活保障标准",
        "assistance.file.exported": "导出困难职工档案",
    }
)


# ---- living standards --------------------------------------------------------------------


def standard_in_force(town: Organization | None, day: datetime.date) -> Decimal:
    """The town's standard on `day` (its latest dated row not after it)."""
    if town is None:
        raise ApplicationError("建档工会不属于任何镇街，无法确定适用的最低生活保障标准。")
    rows = LivingStandard.objects.filter(town=town).values_list("effective_from", "monthly_amount")
    amount = rules.standard_on(rows, day)
    if amount is None:
        raise ApplicationError(
            f"「{town.name}」尚未设置 {day:%Y-%m-%d} 适用的最低生活保障标准，"
            "请先由区总工会在“低保标准”中设置。"
        )
    return amount


@transaction.atomic
def standard_set(
    *,
    actor: Any,
    town: Organization,
    effective_from: datetime.date,
    monthly_amount: Any,
    note: str = "",
) -> LivingStandard:
    """A town's standard from a day on; the same day again corrects that day's row."""
    require(actor, STANDARDS)
    ensure_visible(actor, town)
    if town.kind != OrgKind.TOWN:
        raise ApplicationError("低保标准按镇街设置，请选择镇街。", field="town")
    if not EARLIEST <= effective_from <= datetime.date(2100, 12, 31):
        raise ApplicationError("执行日期应在2000年以后，请核对。", field="effective_from")
    amount = parse_money(monthly_amount, field="monthly_amount")
    if amount <= 0:
        raise ApplicationError("每人每月标准应大于0。", field="monthly_amount")
    row = (
        LivingStandard.objects.select_for_update()
        .filter(town=town, effective_from=effective_from)
        .first()
    )
    before = snapshot(row, ["monthly_amount", "note"]) if row else {}
    if row is None:
        row = LivingStandard(town=town, effective_from=effective_from, org_path=town.path)
    row.monthly_amount, row.note = amount, note.strip()
    row.full_clean()
    row.save()
    audit_record(
        actor=actor,
        action="assistance.standard.set",
        target=row,
        data={
            "town": town.pk,
            "effective_from": effective_from.isoformat(),
            **diff(before, snapshot(row, ["monthly_amount", "note"])),
        },
    )
    return row


# ---- opening a file ---------------------------------------------------------------------


@dataclass(frozen=True)
class HouseholdRow:
    name: str
    relation: str
    birth_year: int | None = None
    situation: str = ""


def file_url(file: HardshipFile) -> str:
    return reverse("assistance:file_detail", args=[file.pk])


def _second_file_error(existing: HardshipFile | None) -> ApplicationError:
    if existing is None:
        return ApplicationError("该职工已有未退档的困难职工档案，不能重复建档。", field="ric")
    return ApplicationError(
        f"该职工已有未退档的困难职工档案 {existing.number}（{existing.get_state_display()}），"
        "不能重复建档；请在原档案中更新情况。",
        field="ric",
        extra={"file_id": existing.pk, "number": existing.number, "url": file_url(existing)},
    )


def _open_file_of(hashed: str) -> HardshipFile | None:
    return HardshipFile.objects.filter(ric_hash=hashed, state__in=OPEN_FILE_STATES).first()


def _household(rows: Iterable[Any]) -> list[HouseholdRow]:
    out = []
    for i, row in enumerate(rows, start=1):
        r = row if isinstance(row, HouseholdRow) else HouseholdRow(**dict(row))
        if not (r.name or "").strip():
            raise ApplicationError(f"第{i}位共同生活人员未填姓名。", field="household")
        if r.relation not in Relation.values:
            raise ApplicationError(f"第{i}位共同生活人员的关系不正确。", field="household")
        if r.birth_year is not None and not 1900 <= r.birth_year <= today().year:
            raise ApplicationError(f"第{i}位共同生活人员的出生年份不正确。", field="household")
        out.append(
            HouseholdRow(r.name.strip(), r.relation, r.birth_year, (r.situation or "").strip())
        )
    if len(out) > HOUSEHOLD_MAX:
        raise ApplicationError(f"共同生活人员最多{HOUSEHOLD_MAX}人。", field="household")
    return out


def _documents(documents: Sequence[tuple[str, Any]]) -> list[tuple[str, CheckedFile]]:
    for kind, _upload in documents:
        if kind not in DocumentKind.values:
            raise ApplicationError(f"证明材料类别「{kind}」不正确。", field="documents")
    checked = check_uploads(
        [u for _k, u in documents], max_files=DOCUMENT_MAX_FILES, field="documents", what="证明材料"
    )
    return [(kind, c) for (kind, _u), c in zip(documents, checked, strict=True)]


def _document_save(file: HardshipFile, kind: str, checked: CheckedFile, actor: Any) -> Document:
    return Document.objects.create(
        file=file,
        kind=kind,
        original_name=checked.name,
        stored_name=store_sealed(DOCUMENT_FOLDER, checked),
        content_type=checked.content_type,
        size=checked.size,
        uploaded_by=actor_user(actor),
        org_path=file.org_path,
    )


def _figures(annual_income: Any, essential_expenses: Any, hardship_costs: Any) -> tuple:
    return (
        parse_money(annual_income, field="annual_income"),
        parse_money(essential_expenses, field="essential_expenses"),
        parse_money(hardship_costs, field="hardship_costs"),
    )


def _judge(
    *,
    town: Organization | None,
    on: datetime.date,
    income: Decimal,
    expenses: Decimal,
    costs: Decimal,
    household_size: int,
    accident_event: str,
) -> rules.Judgement:
    if accident_event not in AccidentEvent.values:
        raise ApplicationError("意外事件不正确。", field="accident_event")
    if not 1 <= household_size <= HOUSEHOLD_MAX + 1:
        raise ApplicationError(
            f"共同生活人数应为1至{HOUSEHOLD_MAX + 1}人。", field="household_size"
        )
    return rules.judge(
        annual_income=income,
        essential_expenses=expenses,
        household_size=household_size,
        standard=standard_in_force(town, on),
        hardship_costs=costs,
        accident_event=accident_event,
    )


def _opening_union(actor: Any, union: Organization | None) -> Organization:
    if union is None:
        raise ApplicationError("请选择建档工会。", field="union")
    ensure_visible(actor, union)
    if union.kind not in (OrgKind.GRASSROOTS, OrgKind.TOWN):
        raise ApplicationError(
            "困难职工档案由基层工会或镇街工会建立，请选择建档工会。", field="union"
        )
    return union


def _person(
    actor: Any, member: Member | None, name: str, ric: str
) -> tuple[str, str, Member | None]:
    if member is not None:
        ensure_visible(actor, member)
        return member.name, member.ric, member
    if not (name or "").strip():
        raise ApplicationError("请填写职工姓名。", field="name")
    number = ric_checked(ric, field="ric").number
    return name.strip(), number, Member.objects.filter(ric_hash=ric_hash(number)).first()


@transaction.atomic
def file_open(
    *,
    actor: Any,
    union: Organization,
    name: str = "",
    ric: str = "",
    member: Member | None = None,
    household: Iterable[Any] = (),
    household_size: int | None = None,
    annual_income: Any = ZERO,
    essential_expenses: Any = ZERO,
    hardship_costs: Any = ZERO,
    accident_event: str = AccidentEvent.NONE,
    cause: str,
    situation: str = "",
    employer_name: str = "",
    is_migrant_worker: bool = False,
    employed_since: datetime.date | None = None,
    phone: str = "",
    contact_name: str,
    contact_phone: str = "",
    documents: Sequence[tuple[str, Any]] = (),
    opened_on: datetime.date | None = None,
) -> HardshipFile:
    """Open a household's file, judged now by the town's standard in force (CARE-1).

    Refused: outside the actor's scope (404), a second open file of the person (with the
    first's number and link), a household the rules do not find in hardship (the figures),
    a migrant worker employed less than a year, a document the rules name missing."""
    require(actor, OPEN)
    union = _opening_union(actor, union)
    name, number, member = _person(actor, member, name, ric)
    opened_on = opened_on or today()
    if not EARLIEST <= opened_on <= today():
        raise ApplicationError("建档日期应在2000年以后，且不能晚于今天。", field="opened_on")
    if cause not in HardshipCause.values:
        raise ApplicationError("请选择致困原因。", field="cause")
    if not (contact_name or "").strip():
        raise ApplicationError("请填写帮扶联系人。", field="contact_name")
    people = _household(household)
    size = household_size if household_size is not None else 1 + len(people)
    if size < 1 + len(people):
        raise ApplicationError(
            f"共同生活人数（{size}）少于本人加所列家庭成员（{1 + len(people)}人）。",
            field="household_size",
        )
    migrant = bool(is_migrant_worker or (member is not None and member.is_migrant_worker))
    if refusal := rules.migrant_refusal(migrant, employed_since, opened_on):
        raise ApplicationError(refusal, field="employed_since")
    income, expenses, costs = _figures(annual_income, essential_expenses, hardship_costs)
    town = union.town
    judgement = _judge(
        town=town,
        on=opened_on,
        income=income,
        expenses=expenses,
        costs=costs,
        household_size=size,
        accident_event=accident_event,
    )
    if not judgement.qualifies:
        raise ApplicationError(judgement.refusal, field="annual_income")
    missing = rules.missing_documents(
        rules.required_documents(cause, migrant), [k for k, _u in documents]
    )
    if missing:
        names = "、".join(str(DocumentKind(k).label) for k in missing)
        raise ApplicationError(f"缺少证明材料：{names}。", field="documents")
    checked = _documents(documents)
    file = HardshipFile(
        number=f"T{secrets.token_hex(8)}",  # the real number needs the key (below)
        union=union,
        town=town,
        member=member,
        name=name,
        employer_name=(
            employer_name or (member.employer.name if member and member.employer_id else "")
        ).strip(),
        is_migrant_worker=migrant,
        employed_since=employed_since,
        household_size=size,
        annual_income=income,
        essential_expenses=expenses,
        hardship_costs=costs,
        accident_event=accident_event,
        cause=cause,
        situation=(situation or "").strip(),
        per_head_monthly=judgement.per_head,
        living_standard=judgement.standard,
        category=judgement.category,
        judged_on=opened_on,
        state=FileState.SUBMITTED,
        contact_name=contact_name.strip(),
        contact_phone=(contact_phone or "").strip(),
        opened_on=opened_on,
        opened_by=actor_user(actor),
        org_path=union.path,
    )
    set_identity(file, ric=number, phone=normalize_phone(phone, field="phone"))
    existing = _open_file_of(file.ric_hash)
    if existing is not None:
        raise _second_file_error(existing)
    file.previous = (
        HardshipFile.objects.filter(ric_hash=file.ric_hash, state=FileState.EXITED)
        .order_by("-exited_on", "-pk")
        .first()
    )
    try:
        with transaction.atomic():  # the constraint decides between two at the same moment
            file.save()
    except IntegrityError as exc:
        if "hardship_one_open_file" in str(exc) or "ric_hash" in str(exc):
            raise _second_file_error(_open_file_of(file.ric_hash)) from exc
        raise
    file.number = f"KN{opened_on.year}{file.pk:06d}"
    file.save(update_fields=["number"])
    HouseholdMember.objects.bulk_create(
        [
            HouseholdMember(
                file=file,
                name=p.name,
                relation=p.relation,
                birth_year=p.birth_year,
                situation=p.situation,
            )
            for p in people
        ]
    )
    for kind, c in checked:
        _document_save(file, kind, c, actor)
    FILE_WORKFLOW.record_start(file, actor=actor)
    audit_record(
        actor=actor,
        action="assistance.file.opened",
        target=file,
        data={
            "category": file.category,
            "per_head_monthly": str(file.per_head_monthly),
            "living_standard": str(file.living_standard),
            "previous": file.previous_id,
            "documents": len(checked),
        },
    )
    return file


@transaction.atomic
def document_add(*, actor: Any, file: HardshipFile, kind: str, upload: Any) -> Document:
    """A document added to an open file later (a new bill, a renewed contract)."""
    ensure_visible(actor, file, OPEN)
    if file.state not in OPEN_FILE_STATES:
        raise ApplicationError("已结束的档案不能再上传材料。", field="upload")
    [(kind, checked)] = _documents([(kind, upload)])
    doc = _document_save(file, kind, checked, actor)
    audit_record(
        actor=actor,
        action="assistance.document.added",
        target=file,
        data={"document": doc.pk, "kind": kind},
    )
    return doc


def document_path(document: Document) -> Path:
    return stored_file(DOCUMENT_FOLDER, document.stored_name)


# ---- the workflow -----------------------------------------------------------------------


def _may(actor: Any, file: HardshipFile, transition: str) -> None:
    """The transition's permission (403), then the file in the actor's scope (404)."""
    ensure_visible(actor, file, FILE_WORKFLOW.transitions[transition].permission)


def _union_staff(file: HardshipFile) -> list[User]:
    """Who is told of a decision: the opening union's accounts and who opened the file."""
    users = list(User.objects.filter(is_active=True, organization_id=file.union_id))
    if file.opened_by_id and file.opened_by.is_active:
        users.append(file.opened_by)
    return users


def _tell(file: HardshipFile, message: str) -> None:
    notify(recipients=_union_staff(file), message=message, target=file, url=file_url(file))


@transaction.atomic
def file_review(
    *, actor: Any, file: HardshipFile, version: int | None, note: str = ""
) -> HardshipFile:
    """The town checked the file: it goes to the district."""
    _may(actor, file, "review")
    return FILE_WORKFLOW.transition(
        file,
        "review",
        actor=actor,
        version=version,
        note=note.strip(),
        changes={"reviewed_on": today()},
    )


@transaction.atomic
def file_approve(
    *, actor: Any, file: HardshipFile, version: int | None, note: str = ""
) -> HardshipFile:
    """The district approves: a visit within 6 months, the review within a year."""
    _may(actor, file, "approve")
    now = today()
    file = FILE_WORKFLOW.transition(
        file,
        "approve",
        actor=actor,
        version=version,
        note=note.strip(),
        changes={
            "approved_on": now,
            "visit_due": rules.add_months(now, rules.VISIT_MONTHS),
            "review_due": rules.add_months(now, rules.REVIEW_MONTHS),
        },
    )
    _tell(
        file,
        f"困难职工档案 {file.number}（{file.name}）已审批建档，类别：{file.get_category_display()}。",
    )
    return file


@transaction.atomic
def file_reject(
    *, actor: Any, file: HardshipFile, version: int | None, reason: str = ""
) -> HardshipFile:
    _may(actor, file, "reject")
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError("请填写不予建档的理由。", field="reason")
    file = FILE_WORKFLOW.transition(
        file,
        "reject",
        actor=actor,
        version=version,
        note=reason,
        changes={"rejection_reason": reason[:300]},
    )
    _tell(file, f"困难职工档案 {file.number}（{file.name}）未通过：{reason}")
    return file


@transaction.atomic
def file_propose_exit(
    *,
    actor: Any,
    file: HardshipFile,
    version: int | None,
    reason: str = "",
    notice_from: datetime.date | None = None,
) -> HardshipFile:
    """Propose the exit: a public notice of 5 working days from `notice_from` (today)."""
    _may(actor, file, "propose_exit")
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError("请填写脱困退档的理由。", field="reason")
    start = notice_from or today()
    if file.approved_on and start < file.approved_on:
        raise ApplicationError("公示开始日期不能早于建档审批日期。", field="notice_from")
    if start > today() + datetime.timedelta(days=30):
        raise ApplicationError("公示开始日期最晚为30天之后。", field="notice_from")
    until = rules.exit_notice_until(start, add_workdays)
    return FILE_WORKFLOW.transition(
        file,
        "propose_exit",
        actor=actor,
        version=version,
        note=reason,
        changes={
            "exit_reason": reason[:300],
            "exit_notice_from": start,
            "exit_notice_until": until,
        },
    )


@transaction.atomic
def file_withdraw_exit(
    *, actor: Any, file: HardshipFile, version: int | None, reason: str = ""
) -> HardshipFile:
    _may(actor, file, "withdraw_exit")
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError("请填写撤回退档的理由。", field="reason")
    return FILE_WORKFLOW.transition(
        file,
        "withdraw_exit",
        actor=actor,
        version=version,
        note=reason,
        changes={"exit_reason": "", "exit_notice_from": None, "exit_notice_until": None},
    )


def _notice_has_run(file: HardshipFile) -> None:
    until = HardshipFile.objects.select_for_update().get(pk=file.pk).exit_notice_until
    if until is None or not rules.may_exit_on(until, today()):
        shown = f"{until:%Y年%m月%d日}" if until else "（未设置）"
        raise ApplicationError(f"公示期至{shown}，公示期满后方可批准退档。")


@transaction.atomic
def file_exit(*, actor: Any, file: HardshipFile, version: int | None) -> HardshipFile:
    """The district approves the exit once the notice has run; 6 months of follow-up."""
    _may(actor, file, "exit")
    _notice_has_run(file)
    now = today()
    file = FILE_WORKFLOW.transition(
        file,
        "exit",
        actor=actor,
        version=version,
        changes={
            "exited_on": now,
            "follow_up_until": rules.add_months(now, rules.FOLLOW_UP_MONTHS),
            "visit_due": None,
            "review_due": None,
        },
    )
    _tell(
        file,
        f"困难职工档案 {file.number}（{file.name}）已批准脱困退档，请书面告知职工并回访6个月。",
    )
    return file


# ---- visits, reviews, follow-ups --------------------------------------------------------


@dataclass(frozen=True)
class VisitRecorded:
    visit: HomeVisit
    file: HardshipFile
    advice: str = ""  # a review that finds the household out of hardship says so here


VISIT_STATES = (FileState.APPROVED, FileState.EXIT_NOTICE)
FILE_FIELDS = [
    "last_visit_on",
    "visit_due",
    "review_due",
    "per_head_monthly",
    "living_standard",
    "category",
    "judged_on",
    "annual_income",
    "essential_expenses",
    "hardship_costs",
    "household_size",
    "accident_event",
]


def _check_visit(file: HardshipFile, kind: str, visited_on: datetime.date, visitor: str) -> None:
    if kind not in VisitKind.values:
        raise ApplicationError("请选择走访类别。", field="kind")
    if not (visitor or "").strip():
        raise ApplicationError("请填写走访人。", field="visitor")
    if visited_on > today():
        raise ApplicationError("走访日期不能晚于今天。", field="visited_on")
    if visited_on < file.opened_on:
        raise ApplicationError("走访日期不能早于建档日期。", field="visited_on")
    if kind == VisitKind.FOLLOW_UP:
        if file.state != FileState.EXITED:
            raise ApplicationError("退档回访只适用于已退档的档案。", field="kind")
    elif file.state not in VISIT_STATES:
        raise ApplicationError(
            f"档案状态为「{file.get_state_display()}」，审批建档后方可登记走访或复核。",
            field="kind",
        )


def _review(file: HardshipFile, on: datetime.date, figures: dict[str, Any]) -> str:
    """Re-judge with the new figures and the standard in force on the review day."""
    income, expenses, costs = _figures(
        figures.get("annual_income", file.annual_income),
        figures.get("essential_expenses", file.essential_expenses),
        figures.get("hardship_costs", file.hardship_costs),
    )
    size = figures.get("household_size") or file.household_size
    event = figures.get("accident_event")
    event = file.accident_event if event is None else event
    judgement = _judge(
        town=file.town,
        on=on,
        income=income,
        expenses=expenses,
        costs=costs,
        household_size=size,
        accident_event=event,
    )
    file.annual_income, file.essential_expenses, file.hardship_costs = income, expenses, costs
    file.household_size, file.accident_event = size, event
    file.per_head_monthly, file.living_standard, file.judged_on = (
        judgement.per_head,
        judgement.standard,
        on,
    )
    file.review_due = rules.add_months(on, rules.REVIEW_MONTHS)
    if judgement.qualifies:
        file.category = judgement.category
        return ""
    return (
        f"复核结果：{judgement.refusal.removesuffix('。')}，已不再符合困难条件，建议提出脱困退档。"
    )


@transaction.atomic
def visit_record(
    *,
    actor: Any,
    file: HardshipFile,
    visited_on: datetime.date,
    visitor: str,
    kind: str = VisitKind.VISIT,
    note: str = "",
    annual_income: Any = None,
    essential_expenses: Any = None,
    hardship_costs: Any = None,
    household_size: int | None = None,
    accident_event: str | None = None,
) -> VisitRecorded:
    """A home visit (next due in 6 months), a yearly review (re-judged with the figures
    given and the standard in force that day; next in a year) or a follow-up after exit."""
    ensure_visible(actor, file, OPEN)
    locked = HardshipFile.objects.select_for_update().get(pk=file.pk)
    _check_visit(locked, kind, visited_on, visitor)
    before = snapshot(locked, FILE_FIELDS)
    advice = ""
    latest = locked.last_visit_on is None or visited_on >= locked.last_visit_on
    if kind != VisitKind.FOLLOW_UP and latest:
        locked.last_visit_on = visited_on
        locked.visit_due = rules.add_months(visited_on, rules.VISIT_MONTHS)
    if kind == VisitKind.REVIEW:
        figures = {
            k: v
            for k, v in {
                "annual_income": annual_income,
                "essential_expenses": essential_expenses,
                "hardship_costs": hardship_costs,
                "household_size": household_size,
                "accident_event": accident_event,
            }.items()
            if v is not None
        }
        advice = _review(locked, visited_on, figures)
    visit = HomeVisit.objects.create(
        file=locked,
        kind=kind,
        visited_on=visited_on,
        visitor=visitor.strip(),
        note=(note or "").strip(),
        recorded_by=actor_user(actor),
        org_path=locked.org_path,
    )
    changed = diff(before, snapshot(locked, FILE_FIELDS))
    if changed:
        locked.version += 1
        locked.save(update_fields=[*changed, "version", "updated_at"])
    audit_record(
        actor=actor,
        action="assistance.file.reviewed_yearly"
        if kind == VisitKind.REVIEW
        else "assistance.file.visited",
        target=locked,
        data={"visit": visit.pk, "kind": kind, "advice": advice, **changed},
    )
    return VisitRecorded(visit=visit, file=locked, advice=advice)
