"""Writes of programs and grants (CARE-2): program kinds, programs and their budgets split to
towns, applications (one by one; lists through importers.py), the workflow's transitions and
the batch approval.

Money is committed when a grant is approved: the budget and "paid once" are checked inside
the approving transaction, under a lock on the budget the grant draws on (a town's
`ProgramBudget` row; for a union outside every town with a share, the `Program` row, whose
budget less the towns' shares is then the pool). `once_key` (the person's RIC hash while a
grant of a once-per-person program is approved or paid) is unique per program, so two
approvals at the same moment in two towns still cannot pay one person twice: the second
gets an IntegrityError, said in Chinese with a link to the other grant.
"""

import itertools
import secrets
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Q, Sum
from django.urls import reverse
from django.utils import timezone

from gonghui.core.actors import actor_user
from gonghui.core.audit import audit_record, snapshot
from gonghui.core.clock import today
from gonghui.core.edit import check_version, edit
from gonghui.core.errors import ApplicationError
from gonghui.core.identity import identity_values, normalize_account, ric_hash, set_identity
from gonghui.core.money import ZERO, money, money_text, parse_money
from gonghui.core.notify import notify
from gonghui.core.permissions import require
from gonghui.core.scope import covers, ensure_visible
from gonghui.core.storable import id_in_range
from gonghui.core.uploads import CheckedFile, check_uploads, store_sealed
from gonghui.members.models import Member
from gonghui.orgs.choices import OrgKind
from gonghui.orgs.models import Organization

from ..choices import (
    BUILTIN_PROGRAM_KINDS,
    COMMITTED_GRANT_STATES,
    DocumentKind,
    Eligibility,
    FileState,
    GrantState,
    HardshipCategory,
)
from ..models import Document, Grant, HardshipFile, Program, ProgramBudget, ProgramKind
from ..rules import grants as rules
from ..workflow import GRANT_WORKFLOW
from .files import DOCUMENT_FOLDER, DOCUMENT_MAX_FILES
from .people import person_facts

MANAGE = "assistance.programs.manage"
APPLY = "assistance.grants.apply"
REVIEW = "assistance.grants.review"
APPROVE = "assistance.grants.approve"
PAY = "assistance.grants.pay"

# A file that is 在档: the ones a program for hardship files admits.
STANDING_FILE_STATES = (FileState.APPROVED, FileState.EXIT_NOTICE)

PROGRAM_FIELDS = (
    "kind",
    "name",
    "year",
    "organizer",
    "budget",
    "eligibility",
    "hardship_categories",
    "standard_amount",
    "cap_amount",
    "once_per_person",
    "opens_on",
    "closes_on",
    "is_open",
    "description",
)


def grant_url(grant_id: int) -> str:
    return reverse("assistance:grant_detail", args=[grant_id])


# ---- program kinds ---------------------------------------------------------------------------


def program_kinds_builtin() -> dict[str, ProgramKind]:
    """The report's kinds by code, made when missing (migration 0002 makes them; a database
    emptied since, as a test's flush, has them again): the demo's and the catalog's codes."""
    kinds = {}
    for code, name, order in BUILTIN_PROGRAM_KINDS:
        kinds[code], _ = ProgramKind.objects.get_or_create(
            code=code, defaults={"name": name, "order": order, "builtin": True}
        )
    return kinds


def program_kind_create(*, actor: Any, name: str, order: int = 100, code: str = "") -> ProgramKind:
    """A kind staff add beside the built-in ones (its code made up when not given)."""
    require(actor, MANAGE)
    name = (name or "").strip()
    if not name:
        raise ApplicationError("请填写类别名称。", field="name")
    if ProgramKind.objects.filter(name=name).exists():
        raise ApplicationError(f"已有名为「{name}」的项目类别。", field="name")
    code = (code or "").strip().lower()
    if code and ProgramKind.objects.filter(code=code).exists():
        raise ApplicationError(f"代码「{code}」已被使用。", field="code")
    with transaction.atomic():
        kind = ProgramKind.objects.create(
            code=code or f"custom-{secrets.token_hex(4)}", name=name, order=order
        )
        audit_record(
            actor=actor,
            action="assistance.program_kind.created",
            target=kind,
            data={"name": name, "code": kind.code},
            org_path=actor.organization.path,
        )
    return kind


# ---- programs --------------------------------------------------------------------------------


def _check_organizer(actor: Any, organizer: Organization | None) -> None:
    if organizer is None:
        raise ApplicationError("请选择主办工会。", field="organizer")
    if organizer.kind not in (OrgKind.DISTRICT, OrgKind.TOWN):
        raise ApplicationError("主办工会应为区总工会或镇街总工会。", field="organizer")
    ensure_visible(actor, organizer)


def _clean_program(program: Program) -> None:
    """The program's own rules (create and edit alike)."""
    if not (program.name or "").strip():
        raise ApplicationError("请填写项目名称。", field="name")
    program.budget = parse_money(program.budget, field="budget")
    for name in ("standard_amount", "cap_amount"):
        value = getattr(program, name)
        setattr(program, name, None if value in (None, "") else parse_money(value, field=name))
    if program.budget < ZERO:
        raise ApplicationError("预算不能为负数。", field="budget")
    if program.eligibility not in Eligibility.values:
        raise ApplicationError("资助对象不正确。", field="eligibility")
    categories = list(program.hardship_categories or [])
    wrong = [c for c in categories if c not in HardshipCategory.values]
    if wrong:
        raise ApplicationError(
            f"困难类别「{'、'.join(wrong)}」不正确。", field="hardship_categories"
        )
    program.hardship_categories = categories
    if problem := rules.amounts_problem(program.standard_amount, program.cap_amount):
        field_name = "standard_amount" if program.cap_amount is not None else "standard_amount"
        raise ApplicationError(problem, field=field_name)
    if problem := rules.program_dates_problem(program.opens_on, program.closes_on):
        raise ApplicationError(problem, field="closes_on")
    duplicate = Program.objects.filter(
        organizer_id=program.organizer_id, year=program.year, name=program.name
    ).exclude(pk=program.pk)
    if duplicate.exists():
        raise ApplicationError(f"{program.year}年已有名为「{program.name}」的项目。", field="name")
    if program.pk:
        shares = ProgramBudget.objects.filter(program=program).aggregate(s=Sum("amount"))["s"]
        over = rules.shares_over(program.budget, [shares or ZERO])
        if over:
            raise ApplicationError(
                f"预算不能低于已分配到镇街的合计 {money_text(shares)} 元（差 {money_text(over)} 元）。",
                field="budget",
            )
        committed = committed_total(program)
        if money(program.budget) < committed:
            raise ApplicationError(
                f"预算不能低于已批准的金额 {money_text(committed)} 元。", field="budget"
            )


def program_create(*, actor: Any, organizer: Organization, **fields: Any) -> Program:
    require(actor, MANAGE)
    _check_organizer(actor, organizer)
    unknown = set(fields) - set(PROGRAM_FIELDS)
    if unknown:
        raise TypeError(f"Unknown program fields: {sorted(unknown)}")
    with transaction.atomic():
        program = Program(organizer=organizer, org_path=organizer.path, created_by=actor, **fields)
        _clean_program(program)
        program.save()
        audit_record(
            actor=actor,
            action="assistance.program.created",
            target=program,
            data=snapshot(program, list(_attnames(PROGRAM_FIELDS))),
        )
    return program


def _attnames(names: Iterable[str]) -> list[str]:
    return [f"{n}_id" if n in ("kind", "organizer") else n for n in names]


def program_update(*, actor: Any, program: Program, version: int | None, **changes: Any) -> Program:
    require(actor, MANAGE)
    if "organizer" in changes:
        _check_organizer(actor, changes["organizer"])

    def clean(row: Program) -> None:
        row.org_path = row.organizer.path
        _clean_program(row)

    with transaction.atomic():
        # The budget rows too: a change of the budget waits for approvals drawing on it.
        Program.objects.select_for_update().filter(pk=program.pk).first()
        list(ProgramBudget.objects.select_for_update().filter(program=program))
        return edit(
            Program,
            program,
            actor=actor,
            version=version,
            permission=MANAGE,
            changes=changes,
            editable=PROGRAM_FIELDS,
            clean=clean,
            action="assistance.program.updated",
        )


def town_member_counts(towns: Sequence[Organization]) -> list[int]:
    """Each town's members (the grassroots unions' counts): the weights of a proposed split."""
    counts = dict(
        Organization.objects.filter(town__in=towns, kind=OrgKind.GRASSROOTS)
        .values("town_id")
        .annotate(n=Sum("member_count"))
        .values_list("town_id", "n")
    )
    return [int(counts.get(t.pk) or 0) for t in towns]


def budget_proposal(program: Program, towns: Sequence[Organization]) -> dict[int, Decimal]:
    """The program's budget split in proportion to the towns' member counts."""
    parts = rules.split_by_members(program.budget, town_member_counts(towns))
    return {t.pk: part for t, part in zip(towns, parts, strict=True)}


def program_budgets_set(
    *, actor: Any, program: Program, version: int | None, shares: dict[Any, Any]
) -> Program:
    """The towns' shares of the program's budget, exactly these (a town left out has none
    and draws on the program's own remainder). Never above the budget, and no town's share
    below what its approved grants already hold."""
    require(actor, MANAGE)
    ensure_visible(actor, program)
    with transaction.atomic():
        locked = Program.objects.select_for_update().get(pk=program.pk)
        check_version(locked, version)
        existing = {
            b.town_id: b for b in ProgramBudget.objects.select_for_update().filter(program=locked)
        }
        amounts: dict[int, Decimal] = {}
        towns = {
            t.pk: t
            for t in Organization.objects.filter(pk__in=[int(k) for k in shares], kind=OrgKind.TOWN)
        }
        for key, raw in shares.items():
            town = towns.get(int(key))
            field_name = f"town_{key}"
            if (
                town is None
                or not covers(actor, town.path)
                or not town.path.startswith(locked.org_path)
            ):
                raise ApplicationError(
                    "所选镇街不存在或不在本项目主办工会的辖区内。", field=field_name
                )
            amounts[town.pk] = parse_money(raw, field=field_name)
        over = rules.shares_over(locked.budget, list(amounts.values()))
        if over:
            total = sum(amounts.values(), ZERO)
            raise ApplicationError(
                f"各镇街分配合计 {money_text(total)} 元，超出项目预算 {money_text(locked.budget)} 元"
                f" {money_text(over)} 元。",
                field="shares",
            )
        committed = _committed_by_town(locked)
        for town_id, amount in amounts.items():
            if amount < committed.get(town_id, ZERO):
                raise ApplicationError(
                    f"{towns[town_id].name}的分配 {money_text(amount)} 元低于该镇街已批准的 "
                    f"{money_text(committed[town_id])} 元。",
                    field=f"town_{town_id}",
                )
        before = {str(k): str(b.amount) for k, b in existing.items()}
        for town_id, row in existing.items():
            if town_id not in amounts:
                if committed.get(town_id):
                    raise ApplicationError(
                        f"{row.town.name}已有批准的资金，不能取消其分配。", field=f"town_{town_id}"
                    )
                row.delete()
        for town_id, amount in amounts.items():
            row = existing.get(town_id)
            if row is None:
                ProgramBudget.objects.create(
                    program=locked, town_id=town_id, amount=amount, org_path=towns[town_id].path
                )
            elif row.amount != amount:
                row.amount = amount
                row.version += 1
                row.save(update_fields=["amount", "version", "updated_at"])
        locked.version += 1
        locked.save(update_fields=["version", "updated_at"])
        after = {str(k): str(v) for k, v in amounts.items()}
        audit_record(
            actor=actor,
            action="assistance.program.budgets_set",
            target=locked,
            data={"budgets": [before, after]},
        )
    return locked


def _committed_q() -> Q:
    return Q(state__in=list(COMMITTED_GRANT_STATES))


def committed_total(program: Program) -> Decimal:
    total = Grant.objects.filter(_committed_q(), program=program).aggregate(s=Sum("amount"))["s"]
    return money(total or ZERO)


def _committed_by_town(program: Program) -> dict[int | None, Decimal]:
    rows = (
        Grant.objects.filter(_committed_q(), program=program)
        .values("town_id")
        .annotate(s=Sum("amount"))
        .values_list("town_id", "s")
    )
    return {town: money(s) for town, s in rows}


# ---- the pools a grant draws on --------------------------------------------------------------


@dataclass
class Pool:
    """The budget a set of grants draws on, locked: a town's share or the program's rest."""

    program: Program
    town_id: int | None  # None: the program's own rest (unions outside the towns with shares)
    label: str
    budget: Decimal
    committed: Decimal
    share_towns: frozenset = field(default_factory=frozenset)

    def over_by(self, amount: Decimal) -> Decimal:
        return rules.over_budget(self.budget, self.committed, amount)

    def message(self, amount: Decimal) -> str:
        return rules.over_budget_message(self.label, self.budget, self.committed, amount)


def _lock_pools(program_ids: Iterable[int], town_ids_by_program: dict[int, set]) -> dict:
    """(program id, town id or None) -> Pool for every pool the grants draw on, each budget
    row (or program row) locked once, in id order; committed sums read once, after the
    locks, so they include every approval committed before."""
    pools: dict[tuple[int, int | None], Pool] = {}
    for program_id in sorted(set(program_ids)):
        towns = town_ids_by_program.get(program_id, set())
        # Always the program row before its budget rows (as program_budgets_set and
        # program_update lock them), so no two writers wait for each other.
        share_towns = frozenset(
            ProgramBudget.objects.filter(program_id=program_id).values_list("town_id", flat=True)
        )
        needs_rest = any(t not in share_towns for t in towns)
        program = (
            Program.objects.select_for_update().get(pk=program_id)
            if needs_rest
            else Program.objects.get(pk=program_id)
        )
        shares = {
            b.town_id: b
            for b in ProgramBudget.objects.select_for_update(of=("self",))
            .filter(program_id=program_id)
            .select_related("town")
            .order_by("pk")
        }
        if frozenset(shares) != share_towns:  # the split changed meanwhile: read it again
            return _lock_pools(program_ids, town_ids_by_program)
        by_town = dict(
            Grant.objects.filter(_committed_q(), program_id=program_id)
            .values("town_id")
            .annotate(s=Sum("amount"))
            .values_list("town_id", "s")
        )
        for town_id in towns:
            if town_id in shares:
                pools[(program_id, town_id)] = Pool(
                    program,
                    town_id,
                    f"{shares[town_id].town.name}的",
                    money(shares[town_id].amount),
                    money(by_town.get(town_id) or ZERO),
                    share_towns,
                )
        if needs_rest:
            rest_budget = money(program.budget) - sum(
                (money(b.amount) for b in shares.values()), ZERO
            )
            rest_committed = sum((money(s) for t, s in by_town.items() if t not in shares), ZERO)
            pools[(program_id, None)] = Pool(
                program,
                None,
                "项目本级（未分配到镇街部分）的" if shares else "项目的",
                rest_budget,
                rest_committed,
                share_towns,
            )
    return pools


def _pool_of(pools: dict, program_id: int, town_id: int | None) -> Pool:
    return pools.get((program_id, town_id)) or pools[(program_id, None)]


def _paid_elsewhere(program: Program, ric: str, exclude: int | None) -> Grant | None:
    qs = Grant.objects.filter(_committed_q(), program=program, ric_hash=ric)
    return qs.exclude(pk=exclude).only("pk", "number").first() if ric else None


def _paid_twice_message(other: Any) -> str:
    return (
        f"此人已在本项目获批或领取过资金（{other.number}，{grant_url(other.pk)}），"
        "本项目每人限领一次。"
    )


# ---- applications ----------------------------------------------------------------------------


def applicant_facts(
    *,
    ric_digest: str,
    member: Member | None,
    documents: Iterable[str] = (),
    admission_year: int | None = None,
    child_name: str = "",
) -> tuple[rules.Facts, HardshipFile | None]:
    """What `rules.ineligibility` judges: the person's hardship file (in force) by RIC hash,
    the member's model-worker flag, the documents' kinds."""
    file = (
        HardshipFile.objects.filter(ric_hash=ric_digest, state__in=list(STANDING_FILE_STATES))
        .only("pk", "category", "state", "number")
        .first()
        if ric_digest
        else None
    )
    kinds = set(documents)
    is_model_worker = bool(member and member.is_model_worker)
    if member is None and ric_digest:
        is_model_worker = Member.objects.filter(ric_hash=ric_digest, is_model_worker=True).exists()
    return (
        rules.Facts(
            file_category=file.category if file else "",
            file_state=file.state if file else "",
            is_model_worker=is_model_worker,
            admission_letter=DocumentKind.ADMISSION_LETTER in kinds,
            admission_year=admission_year,
            child_name=(child_name or "").strip(),
            injury_determination=DocumentKind.INJURY_DETERMINATION in kinds,
        ),
        file,
    )


def town_id_of(union: Organization) -> int | None:
    return union.pk if union.kind == OrgKind.TOWN else union.town_id


def _check_union(actor: Any, program: Program, union: Organization | None) -> None:
    if union is None:
        raise ApplicationError("请选择申报工会。", field="union")
    ensure_visible(actor, union)
    if union.kind not in (OrgKind.GRASSROOTS, OrgKind.TOWN):
        raise ApplicationError("申报工会应为基层工会或镇街总工会。", field="union")
    if not union.path.startswith(program.org_path):
        raise ApplicationError(
            f"「{program}」由{program.organizer.name}主办，只接受其辖区内工会的申报。",
            field="union",
        )


def _person(
    actor: Any, union: Organization, member: Member | None, name: str, ric: str
) -> tuple[str, str, Member | None]:
    """(name, RIC, member) of the person applied for (services.people, shared with records)."""
    person = person_facts(actor, member=member, name=name, ric=ric)
    if person.member is not None and not person.member.org_path.startswith(union.path):
        raise ApplicationError(
            f"{person.member.name}不是{union.name}的会员。",
            field="member" if member not in (None, "") else "ric",
        )
    return person.name, person.ric, person.member


def account_values(account: str, *, field_name: str = "account") -> dict[str, str]:
    """The stored columns of a bank account (encrypted, keyed hash, last 4); '' clears."""
    return identity_values(account=normalize_account(account, field=field_name))


def application_problems(
    program: Program, facts: rules.Facts, amount: Decimal | None
) -> list[tuple[str, str]]:
    """(field, reason) of everything wrong with an application, for the form and the import."""
    problems = [("", reason) for reason in rules.ineligibility(program, facts)]
    if problem := rules.amount_problem(program, amount):
        problems.append(("amount", problem))
    return problems


def earlier_application(program: Program, digest: str) -> Grant | None:
    """The person's application in a once-per-person program that is not rejected."""
    if not program.once_per_person or not digest:
        return None
    return (
        Grant.objects.filter(program=program, ric_hash=digest)
        .exclude(state=GrantState.REJECTED)
        .only("pk", "number")
        .first()
    )


def second_application_message(other: Any) -> str:
    return f"此人已在本项目申报过（{other.number}，{grant_url(other.pk)}），本项目每人限领一次。"


def grant_apply(
    *,
    actor: Any,
    program: Program,
    union: Organization,
    member: Member | None = None,
    name: str = "",
    ric: str = "",
    amount: Any = None,
    child_name: str = "",
    school: str = "",
    admission_year: int | None = None,
    reason: str = "",
    bank_name: str = "",
    account: str = "",
    documents: Sequence[tuple[str, Any]] = (),
) -> Grant:
    """A union applies for a grant for one person (a member, or a worker by name and RIC).

    `documents`: (DocumentKind, upload) pairs, checked by content and stored sealed
    (core.uploads, when present)."""
    require(actor, APPLY)
    ensure_visible_program(actor, program)
    _check_union(actor, program, union)
    if closed := rules.closed_reason(program, today()):
        raise ApplicationError(closed, field="program")
    name, number, member = _person(actor, union, member, name, ric)
    digest = ric_hash(number)
    given = parse_money(amount, field="amount") if amount not in (None, "") else None
    amount_value = rules.amount_for(program, given)
    checked = _checked_documents(documents)
    kinds = [kind for kind, _checked in checked]
    facts, file = applicant_facts(
        ric_digest=digest,
        member=member,
        documents=kinds,
        admission_year=admission_year,
        child_name=child_name,
    )
    problems = application_problems(program, facts, amount_value)
    if problems:
        field_name = next((f for f, _ in problems if f), None)
        ineligible = [m for f, m in problems if not f]
        if ineligible:
            raise ApplicationError(
                f"{name}不符合「{program}」的资助条件：{''.join(ineligible)}",
                field="member" if member is not None else "ric",
            )
        raise ApplicationError(problems[0][1], field=field_name)
    if other := earlier_application(program, digest):
        raise ApplicationError(
            second_application_message(other),
            field="member" if member else "ric",
            extra={"link": grant_url(other.pk)},
        )
    with transaction.atomic():
        grant = Grant(
            number=_placeholder(),
            program=program,
            union=union,
            town_id=town_id_of(union),
            member=member,
            hardship_file=file,
            name=name,
            child_name=(child_name or "").strip(),
            school=(school or "").strip(),
            admission_year=admission_year,
            amount=amount_value,
            reason=(reason or "").strip(),
            bank_name=(bank_name or "").strip(),
            submitted_on=today(),
            submitted_by=actor_user(actor),
            org_path=union.path,
            **account_values(account),
        )
        set_identity(grant, ric=number)
        grant.save()
        grant.number = rules.grant_number(program.year, grant.pk)
        grant.save(update_fields=["number"])
        _store_documents(actor, grant, checked)
        GRANT_WORKFLOW.record_start(grant, actor=actor)
        audit_record(
            actor=actor,
            action="assistance.grant.applied",
            target=grant,
            data={"program": program.pk, "amount": str(amount_value), "ric": grant.ric_last4},
        )
    return grant


def _placeholder() -> str:
    return f"tmp{secrets.token_hex(8)}"


def _checked_documents(documents: Sequence[tuple[str, Any]]) -> list[tuple[str, CheckedFile]]:
    """Every document checked by its content before anything is written (core.uploads)."""
    for kind, _upload in documents:
        if kind not in DocumentKind.values:
            raise ApplicationError(f"证明材料类别「{kind}」不正确。", field="documents")
    checked = check_uploads(
        [u for _k, u in documents],
        max_files=DOCUMENT_MAX_FILES,
        field="documents",
        what="证明材料",
    )
    return [(kind, c) for (kind, _u), c in zip(documents, checked, strict=True)]


def _store_documents(actor: Any, grant: Grant, documents: list[tuple[str, CheckedFile]]) -> None:
    for kind, checked in documents:
        Document.objects.create(
            grant=grant,
            kind=kind,
            original_name=checked.name,
            stored_name=store_sealed(DOCUMENT_FOLDER, checked),
            content_type=checked.content_type,
            size=checked.size,
            uploaded_by=actor_user(actor),
            org_path=grant.org_path,
        )


def ensure_visible_program(actor: Any, program: Program) -> None:
    from ..queries.grants import programs_visible

    if not programs_visible(actor).filter(pk=program.pk).exists():
        from django.http import Http404

        raise Http404("未找到该记录。")


# ---- transitions -----------------------------------------------------------------------------


def _decided(grant: Grant, text: str) -> None:
    """Tell whoever submitted the application (core.notify)."""
    if grant.submitted_by_id:
        notify(
            recipients=[grant.submitted_by],
            target=grant,
            url=grant_url(grant.pk),
            message=f"您申报的{grant.number}（{grant.name}）{text}",
        )


def grant_review(*, actor: Any, grant: Grant, version: int | None, note: str = "") -> Grant:
    ensure_visible(actor, grant, REVIEW)
    return GRANT_WORKFLOW.transition(
        grant,
        "review",
        actor=actor,
        version=version,
        note=note,
        changes={"reviewed_on": today()},
    )


def grant_reject(*, actor: Any, grant: Grant, version: int | None, reason: str) -> Grant:
    ensure_visible(actor, grant, REVIEW)
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError("请填写不予批准的理由。", field="reason")
    with transaction.atomic():
        done = GRANT_WORKFLOW.transition(
            grant,
            "reject",
            actor=actor,
            version=version,
            note=reason,
            changes={"decision_note": reason[:300]},
        )
        _decided(done, f"未获批准：{reason}")
    return done


def _commit(
    actor: Any, grant: Grant, name: str, version: int | None, note: str, changes: dict[str, Any]
) -> Grant:
    """Approve (or approve again) under the budget's lock, paid once: see the module doc."""
    program = grant.program
    pools = _lock_pools([program.pk], {program.pk: {grant.town_id}})
    pool = _pool_of(pools, program.pk, grant.town_id)
    if pool.over_by(grant.amount):
        raise ApplicationError(pool.message(grant.amount), field="amount")
    if program.once_per_person:
        if other := _paid_elsewhere(program, grant.ric_hash, grant.pk):
            raise ApplicationError(_paid_twice_message(other), extra={"link": grant_url(other.pk)})
        changes["once_key"] = grant.ric_hash
    try:
        with transaction.atomic():
            return GRANT_WORKFLOW.transition(
                grant, name, actor=actor, version=version, note=note, changes=changes
            )
    except IntegrityError as exc:  # the same person approved at this moment in another town
        other = Grant.objects.filter(program=program, once_key=grant.ric_hash).first()
        if other is None:
            raise
        raise ApplicationError(
            _paid_twice_message(other), extra={"link": grant_url(other.pk)}
        ) from exc


def grant_approve(*, actor: Any, grant: Grant, version: int | None, note: str = "") -> Grant:
    ensure_visible(actor, grant, APPROVE)
    with transaction.atomic():
        done = _commit(
            actor,
            grant,
            "approve",
            version,
            note,
            {"approved_on": today(), "decision_note": (note or "")[:300]},
        )
        _decided(done, f"已获批准，金额 {money_text(done.amount)} 元。")
    return done


def grant_reissue(
    *, actor: Any, grant: Grant, version: int | None, bank_name: str, account: str
) -> Grant:
    """A failed payment with its account corrected goes back to approved (for the next
    disbursement list), checked against the budget and "paid once" again."""
    ensure_visible(actor, grant, PAY)
    values = account_values(account)
    if not values["account"]:
        raise ApplicationError("请填写银行账号。", field="account")
    bank_name = (bank_name or "").strip()
    if not bank_name:
        raise ApplicationError("请填写开户银行。", field="bank_name")
    with transaction.atomic():
        return _commit(
            actor,
            grant,
            "reissue",
            version,
            "更正账号",
            # off its old list: the next list takes it (services.payments)
            {"bank_name": bank_name, "failure_reason": "", "disbursement": None, **values},
        )


# ---- batch approval --------------------------------------------------------------------------


@dataclass
class Refusal:
    grant_id: int
    number: str
    name: str
    amount: Decimal
    reason: str
    link: str = ""


@dataclass
class BatchResult:
    approved: int = 0
    total: Decimal = ZERO
    refused: list[Refusal] = field(default_factory=list)
    dry_run: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "approved": self.approved,
            "total": str(self.total),
            "refused": [
                {
                    "grant_id": r.grant_id,
                    "number": r.number,
                    "name": r.name,
                    "amount": str(r.amount),
                    "reason": r.reason,
                    "link": r.link,
                }
                for r in self.refused
            ],
            "dry_run": self.dry_run,
        }


BATCH_MAX = 50_000
_COLUMNS = (
    "pk",
    "number",
    "name",
    "amount",
    "state",
    "program_id",
    "town_id",
    "ric_hash",
    "org_path",
    "submitted_by_id",
    "version",
)


def grants_approve_batch(
    *, actor: Any, grant_ids: list[int], note: str = "", dry_run: bool = False
) -> BatchResult:
    """Approve many reviewed grants at once, exactly as one by one would: never over any
    budget, never one person twice. Each pool is locked once and its committed sum read
    once; "paid once" is checked in bulk; the grants are updated by two statements and
    their events and audit entries inserted in bulk. `dry_run`: what would happen, written
    nowhere (the page's confirm step)."""
    require(actor, APPROVE)
    given = sorted({int(i) for i in grant_ids if isinstance(i, int) or str(i).isdigit()})
    ids = [i for i in given if id_in_range(i)]
    if not given:
        raise ApplicationError("请选择要批准的申请。", field="grant_ids")
    if len(ids) > BATCH_MAX:
        raise ApplicationError(f"一次最多批准{BATCH_MAX}笔。", field="grant_ids")
    result = BatchResult(dry_run=dry_run)
    for pk in given:
        if not id_in_range(pk):
            result.refused.append(Refusal(pk, "", "", ZERO, "该申请不存在或不在您的管理范围内。"))
    try:
        with transaction.atomic():
            _approve_batch(actor, ids, note, result, dry_run)
            if dry_run:
                transaction.set_rollback(True)
    except IntegrityError as exc:
        # Another approver paid one of these people in another town at this very moment.
        raise ApplicationError(
            "批准时有人同时批准了其中某人在本项目的另一笔资金，本批未予批准，请重新批准。"
        ) from exc
    return result


def _approve_batch(
    actor: Any, ids: list[int], note: str, result: BatchResult, dry_run: bool
) -> None:
    visible = Grant.objects.visible_to(actor, APPROVE)
    # The pools first (a grant's program and town never change), then the grants: the
    # order a single approval takes its locks in (budget, then grant).
    towns: dict[int, set] = defaultdict(set)
    for chunk in _chunks(ids, 900):
        for program_id, town_id in (
            visible.filter(pk__in=chunk).order_by().values_list("program_id", "town_id").distinct()
        ):
            towns[program_id].add(town_id)
    pools = _lock_pools(towns.keys(), towns)
    rows = []
    for chunk in _chunks(ids, 900):
        rows.extend(visible.filter(pk__in=chunk).select_for_update(of=("self",)).values(*_COLUMNS))
    found = {r["pk"] for r in rows}
    for pk in ids:
        if pk not in found:
            result.refused.append(Refusal(pk, "", "", ZERO, "该申请不存在或不在您的管理范围内。"))
    rows.sort(key=lambda r: r["pk"])
    programs = {key[0]: pool.program for key, pool in pools.items()}
    # "Paid once": the people already approved or paid in these programs, read in bulk.
    once_programs = [pk for pk, p in programs.items() if p.once_per_person]
    taken: dict[tuple[int, str], tuple[int, str]] = {}
    hashes = list({r["ric_hash"] for r in rows if r["program_id"] in once_programs})
    for chunk in _chunks(hashes, 900):
        for pk, number, program_id, digest in Grant.objects.filter(
            _committed_q(), program_id__in=once_programs, ric_hash__in=chunk
        ).values_list("pk", "number", "program_id", "ric_hash"):
            taken[(program_id, digest)] = (pk, number)
    accepted = []
    for r in rows:
        refuse = _refuse(result, r)
        if r["state"] != GrantState.REVIEWED:
            refuse(f"当前状态为「{GrantState(r['state']).label}」，不能批准。")
            continue
        pool = _pool_of(pools, r["program_id"], r["town_id"])
        amount = money(r["amount"])
        if pool.over_by(amount):
            refuse(pool.message(amount))
            continue
        key = (r["program_id"], r["ric_hash"])
        if r["program_id"] in once_programs and key in taken:
            other_pk, other_number = taken[key]
            link = grant_url(other_pk)
            refuse(
                f"此人已在本项目获批或领取过资金（{other_number}，{link}），本项目每人限领一次。",
                link,
            )
            continue
        pool.committed += amount
        if r["program_id"] in once_programs:
            taken[key] = (r["pk"], r["number"])
        accepted.append(r)
        result.approved += 1
        result.total += amount
    if dry_run or not accepted:
        return
    day, now = today(), timezone.now()
    for chunk in _chunks(accepted, 900):
        pks = [r["pk"] for r in chunk]
        Grant.objects.filter(pk__in=pks).update(
            state=GrantState.APPROVED,
            approved_on=day,
            decision_note=(note or "")[:300],
            version=F("version") + 1,
            updated_at=now,
        )
        once = [r["pk"] for r in chunk if r["program_id"] in once_programs]
        if once:
            Grant.objects.filter(pk__in=once).update(once_key=F("ric_hash"))
    GRANT_WORKFLOW.record_many(
        "approve",
        ((r["pk"], f"{r['number']} {r['name']}", r["org_path"], r["state"]) for r in accepted),
        actor=actor,
        note=note,
        data={"batch": len(accepted)},
    )
    _notify_batch(accepted)


def _refuse(result: BatchResult, r: dict[str, Any]):
    def refuse(reason: str, link: str = "") -> None:
        result.refused.append(
            Refusal(r["pk"], r["number"], r["name"], money(r["amount"]), reason, link)
        )

    return refuse


def _notify_batch(accepted: list[dict[str, Any]]) -> None:
    """One notification per submitter, not per grant."""
    from gonghui.accounts.models import User

    by_user: dict[int, list] = defaultdict(list)
    for r in accepted:
        if r["submitted_by_id"]:
            by_user[r["submitted_by_id"]].append(r)
    users = User.objects.in_bulk(list(by_user))
    for user_id, grants in by_user.items():
        if user_id not in users:
            continue
        total = sum((money(g["amount"]) for g in grants), ZERO)
        first = grants[0]
        text = (
            f"您申报的{first['number']}（{first['name']}）已获批准。"
            if len(grants) == 1
            else f"您申报的{len(grants)}笔帮扶资金已获批准，合计 {money_text(total)} 元。"
        )
        notify(
            recipients=[users[user_id]],
            message=text,
            url=grant_url(first["pk"])
            if len(grants) == 1
            else reverse("assistance:grant_list") + "?state=approved",
        )


def _chunks(items: Sequence[Any], size: int):
    it = iter(items)
    while chunk := list(itertools.islice(it, size)):
        yield chunk
