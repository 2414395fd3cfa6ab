"""Import kinds of worker assistance (core.importing): each part adds its importer here and
registers its kind in registrations.py.

- `BankReturnImporter` (kind "assistance.bank_return", target a Disbursement): the bank's
  return of a disbursement list, one row per grant: 申请编号, 结果 (成功/失败 or 1/0), 失败原因,
  日期. A row is matched by grant number within that list only (the kernel's
  core.importing.bank_return, which mutual aid's payout lists share).
- `BeneficiaryImporter` (kind "assistance.service_beneficiaries", target a ServiceRecord):
  the named beneficiaries of a service (a health check of 8,000 workers): 姓名, 身份证号,
  金额, 备注; upserted on the RIC hash, the record's head count and amount kept in step.
"""

import datetime
import random
from collections import defaultdict
from typing import Any

from django.utils import timezone

from gonghui.core.actors import actor_kind, actor_label, actor_user
from gonghui.core.clock import today
from gonghui.core.errors import ApplicationError
from gonghui.core.identity import identity_values, ric_hash
from gonghui.core.ids import mask_ric, normalize_code
from gonghui.core.importing import bank_return
from gonghui.core.importing.normalize import clean_text
from gonghui.core.importing.readers import cell_text
from gonghui.core.importing.spec import BatchOutcome, Column, Importer
from gonghui.core.money import ZERO, parse_money, sum_money
from gonghui.core.scope import access
from gonghui.demo import numbers
from gonghui.finance.choices import Program as FinanceProgram
from gonghui.finance.services.expenses import post_expense
from gonghui.members.importers import clean_ric

from .choices import GrantState
from .models import Disbursement, Grant, ServiceBeneficiary, ServiceRecord
from .rules import grants as grant_rules
from .rules.people import name_checked, name_mismatch
from .services.payments import PAYMENT_STATES, disbursement_returned
from .services.people import members_by_hash
from .services.records import PERMISSION as SERVICE_PERMISSION
from .services.records import service_recount


class BankReturnImporter(bank_return.BankReturnImporter):
    """The return of a disbursement list (core.importing.bank_return): rows matched by grant
    number among the list's grants. A failed grant is not committed any more
    (models.Grant.once_key): reissue takes it again. `finish` recounts the list and tells the
    unions of their failures (services.payments.disbursement_returned).

    The grants a batch marks paid on one day are posted to the finance ledger as ONE
    expense voucher of the program's organizer (program 困难职工帮扶), in the batch's
    transaction: source "assistance.disbursement:<list id>:<first grant id>" (a grant is
    paid once, so a re-run never posts twice)."""

    kind = "assistance.bank_return"
    example = {"number": "ZJ2026000001", "success": "成功", "reason": "", "date": "2026-12-20"}
    model = Grant
    list_model = Disbursement
    list_field = "disbursement"
    states = PAYMENT_STATES
    paid_action = "assistance.grant.paid"
    failed_action = "assistance.grant.payment_failed"

    def failed_changes(self) -> dict[str, Any]:
        return {"once_key": None}

    def paid(self, rows: list[Any], day: Any) -> None:
        disbursement = self.target
        program = disbursement.program
        grants = Grant.objects.filter(pk__in=[r.pk for r in rows])
        post_expense(
            actor=self.actor,
            org=program.organizer,
            program=FinanceProgram.ASSISTANCE,
            amount=grants.aggregate(total=sum_money("amount"))["total"],
            paid_on=day,
            source=f"assistance.disbursement:{disbursement.pk}:{min(r.pk for r in rows)}",
            memo=f"{program}：发放名单{disbursement.number}，{len(rows)}笔（{day:%Y-%m-%d}）",
        )

    def finish(self) -> None:
        disbursement_returned(
            actor=self.actor, disbursement=self.target, failed=dict(self.failed), run=self.run
        )


# ---- service beneficiaries (CARE-4): a list for one service record -------------------------


def _clean_person_name(raw: Any) -> str:
    return name_checked(raw)


def _clean_amount(raw: Any) -> Any:
    return parse_money(cell_text(raw) if raw.__class__ is not str else raw)


BENEFICIARY_COLUMNS = [
    Column(
        "name", "姓名", ("职工姓名", "受益职工", "名字"), required=True, clean=_clean_person_name
    ),
    Column(
        "ric",
        "身份证号",
        ("身份证号码", "公民身份号码", "身份证", "居民身份证号", "证件号码"),
        required=True,
        clean=clean_ric,
        text=True,
        mask=mask_ric,
    ),
    Column(
        "amount",
        "金额",
        ("慰问金", "慰问金额", "补助金额", "金额（元）", "发放金额"),
        clean=_clean_amount,
    ),
    Column("note", "备注", ("说明",), clean=clean_text),
]
_BENEFICIARY_LABELS = {column.key: column.label for column in BENEFICIARY_COLUMNS}


def _example_ric() -> str:
    """A valid RIC for the template (check character, birth date and sex agree)."""
    return numbers.ric(random.Random(1), datetime.date(1990, 3, 15), 1, male=True)


class BeneficiaryImporter(Importer):
    """Rows into the beneficiaries of the run's record (target a ServiceRecord), upserted
    on the RIC hash: a person already on the record is updated (amount, note) or unchanged,
    a new one created; a RIC of a member of the uploader's scope links the member (and a
    different name is rejected under 姓名). In each batch's transaction the record's head
    count and amount are set to the number and sum of its beneficiaries, so they never
    disagree with the rows, whatever batch a run stops at."""

    kind = "assistance.service_beneficiaries"
    columns = BENEFICIARY_COLUMNS
    example = {"name": "张三", "ric": _example_ric(), "amount": "600.00", "note": "慰问金"}

    def __init__(self, *, run: Any, actor: Any):
        super().__init__(run=run, actor=actor)
        self.record = ServiceRecord.objects.get(pk=run.target_id) if run and run.target_id else None

    def check(self, values: dict[str, Any]) -> dict[str, Any]:
        number = values["ric"].number
        return {
            "name": values["name"],
            "ric": number,
            "ric_hash": ric_hash(number),
            "amount": values.get("amount") or ZERO,
            "note": values.get("note") or "",
        }

    def key(self, record: dict[str, Any]) -> str:
        return record["ric_hash"]

    def upsert(self, records: list[dict[str, Any]], *, write: bool) -> BatchOutcome:
        outcome = BatchOutcome()
        hashes = [r["ric_hash"] for r in records]
        members = members_by_hash(self.actor, hashes)
        existing = {
            b.ric_hash: b
            for b in ServiceBeneficiary.objects.filter(record=self.record, ric_hash__in=hashes)
        }
        creates, updates = [], []
        for record in records:
            member = members.get(record["ric_hash"])
            if member is not None and (wrong := name_mismatch(record["name"], member[1])):
                outcome.rejected.append((record, _BENEFICIARY_LABELS["name"], wrong, ""))
                continue
            current = existing.get(record["ric_hash"])
            if current is None:
                creates.append(self._row(record, member))
            elif (current.name, current.amount, current.note) != (
                record["name"],
                record["amount"],
                record["note"],
            ):
                current.name, current.amount = record["name"], record["amount"]
                current.note = record["note"]
                updates.append(current)
            else:
                outcome.unchanged += 1
        outcome.created, outcome.updated = len(creates), len(updates)
        if write:
            now = timezone.now()
            for row in updates:
                row.updated_at = now  # bulk_update leaves auto_now alone
            ServiceBeneficiary.objects.bulk_create(creates, batch_size=500)
            ServiceBeneficiary.objects.bulk_update(
                updates, ["name", "amount", "note", "updated_at"], batch_size=500
            )
            service_recount(self.record)
        return outcome

    def _row(self, record: dict[str, Any], member: tuple[int, str] | None) -> ServiceBeneficiary:
        return ServiceBeneficiary(
            record=self.record,
            member_id=member[0] if member else None,
            name=record["name"],
            amount=record["amount"],
            note=record["note"],
            org_path=self.record.org_path,
            **identity_values(ric=record["ric"]),
        )


def service_choices(user: Any) -> Any:
    """The records a list may go into: those the user may record services in."""
    return ServiceRecord.objects.visible_to(user, SERVICE_PERMISSION)


def service_for_import(user: Any, pk: Any) -> ServiceRecord:
    return access(service_choices(user), user, pk, field="target_id")


def service_by_number(rows: Any, text: str) -> ServiceRecord:
    found = rows.filter(number=normalize_code(text)).first()
    if found is None:
        raise ApplicationError(f"没有编号为「{text}」的服务记录，请从列表中选择。")
    return found


# ---- grant applications (kind "assistance.grant_applications", target a Program) ------------

GRANT_COLUMNS = [
    Column("name", "姓名", ("职工姓名", "申请人", "申请人姓名"), required=True, clean=clean_text),
    Column(
        "ric",
        "身份证号",
        ("身份证号码", "公民身份号码", "证件号码"),
        required=True,
        clean=clean_ric,
        text=True,
        mask=mask_ric,
    ),
    Column("union", "工会", ("所属工会", "基层工会", "申报工会", "工会名称")),
    Column("amount", "金额", ("申请金额", "资助金额", "慰问金额", "金额（元）")),
    Column("bank_name", "开户银行", ("开户行", "银行")),
    Column(
        "account",
        "银行账号",
        ("账号", "银行卡号", "卡号", "收款账号"),
        text=True,
        mask=lambda v: f"****{str(v)[-4:]}" if v else "",
    ),
    Column("child_name", "子女姓名", ("入学子女", "学生姓名")),
    Column("school", "录取学校", ("学校", "就读学校")),
    Column("admission_year", "入学年份", ("入学年度",)),
    Column("reason", "申请理由", ("理由", "困难情况", "备注")),
]
_GRANT_LABELS = {c.key: c.label for c in GRANT_COLUMNS}


class GrantApplicationImporter(Importer):
    """A union's list of applications to the run's program (target a Program): each row is
    checked by the same rules as one application (services.grants: the person, eligible
    by their hardship file and member record, the amount against the standard or the cap,
    one application per person in a program paid once) and created submitted. The union
    is the 工会 cell (a union of the uploader's scope under the program's organizer, by
    name or USCC), else the uploader's own grassroots union. A person already applied for
    by the same union is unchanged (a list imported twice creates nothing twice); by
    another union in a program paid once, refused with a link to that application.
    Documents cannot come in a sheet: programs that need one (school aid, work injury) are
    applied for one by one on the program's page."""

    kind = "assistance.grant_applications"
    columns = GRANT_COLUMNS
    example = {
        "name": "张三",
        "ric": _example_ric(),
        "union": "",
        "amount": "500.00",
        "bank_name": "中国工商银行",
        "account": "6222020200112233445",
    }

    def __init__(self, *, run: Any, actor: Any):
        from gonghui.orgs.choices import OrgKind
        from gonghui.orgs.models import Organization

        from .models import Program

        super().__init__(run=run, actor=actor)
        self.program = Program.objects.select_related("organizer").get(pk=run.target_id)
        unions = Organization.objects.visible_to(actor).filter(
            kind__in=[OrgKind.GRASSROOTS, OrgKind.TOWN],
            path__startswith=self.program.org_path,
            is_active=True,
        )
        self.unions: dict[str, list[tuple[int, str, int | None]]] = defaultdict(list)
        for pk, name, uscc, kind, town_id, path in unions.values_list(
            "pk", "name", "uscc", "kind", "town_id", "path"
        ):
            row = (pk, path, pk if kind == OrgKind.TOWN else town_id)
            self.unions[name].append(row)
            if uscc:
                self.unions[uscc].append(row)
        own = actor.organization
        self.own = (
            (own.pk, own.path, own.town_id)
            if own is not None
            and own.kind == OrgKind.GRASSROOTS
            and own.path.startswith(self.program.org_path)
            else None
        )
        self.closed = grant_rules.closed_reason(self.program, today())

    def _union(self, ref: str | None) -> tuple[int, str, int | None]:
        if not ref:
            if self.own is None:
                raise ApplicationError("请填写申报工会（全称或统一社会信用代码）。")
            return self.own
        found = self.unions.get(ref) or self.unions.get(normalize_code(ref)) or []
        if not found:
            raise ApplicationError(f"在您的管理范围内、本项目主办工会辖区内没有「{ref}」这个工会。")
        if len(found) > 1:
            raise ApplicationError(f"有多个名为「{ref}」的工会，请填写其统一社会信用代码。")
        return found[0]

    def check(self, values: dict[str, Any]) -> dict[str, Any]:
        from gonghui.core.importing.spec import RowInvalid

        from .services import grants as grant_services

        problems: list[tuple[str, str]] = []
        if self.closed:
            raise RowInvalid([("", self.closed)])
        labels = _GRANT_LABELS

        def attempt(key: str, call: Any) -> Any:
            try:
                return call()
            except ApplicationError as exc:
                problems.append((labels.get(key, ""), exc.message))
                return None

        name = attempt("name", lambda: name_checked(values["name"]))
        number = values["ric"].number
        digest = ric_hash(number)
        union = attempt("union", lambda: self._union(values.get("union")))
        given = attempt(
            "amount",
            lambda: (
                parse_money(values["amount"]) if values.get("amount") not in (None, "") else None
            ),
        )
        amount = grant_rules.amount_for(self.program, given)
        account = attempt(
            "account", lambda: grant_services.account_values(cell_text(values.get("account") or ""))
        )
        year_text = cell_text(values.get("admission_year") or "").strip().removesuffix("年")
        year = None
        if year_text:
            if year_text.isdigit() and 1990 <= int(year_text) <= 2100:
                year = int(year_text)
            else:
                problems.append((labels["admission_year"], "入学年份应为四位数字年份，例如 2013。"))
        facts, file = grant_services.applicant_facts(
            ric_digest=digest,
            member=None,
            admission_year=year,
            child_name=cell_text(values.get("child_name") or ""),
        )
        for field_name, reason in grant_services.application_problems(self.program, facts, amount):
            problems.append(
                (labels.get(field_name, "身份证号") if field_name else "身份证号", reason)
            )
        if problems:
            raise RowInvalid(problems)
        return {
            "name": name,
            "ric": number,
            "ric_hash": digest,
            "union": union,
            "amount": amount,
            "file_id": file.pk if file else None,
            "bank_name": cell_text(values.get("bank_name") or "").strip(),
            "account": account,
            "child_name": cell_text(values.get("child_name") or "").strip(),
            "school": cell_text(values.get("school") or "").strip(),
            "admission_year": year,
            "reason": cell_text(values.get("reason") or "").strip()[:500],
        }

    def key(self, record: dict[str, Any]) -> str:
        return record["ric_hash"]

    def upsert(self, records: list[dict[str, Any]], *, write: bool) -> BatchOutcome:
        from gonghui.core.models import WorkflowEvent

        from .rules.grants import grant_number
        from .services.grants import grant_url, second_application_message
        from .workflow import GRANT_WORKFLOW

        outcome = BatchOutcome()
        hashes = [r["ric_hash"] for r in records]
        members = members_by_hash(self.actor, hashes)
        earlier: dict[str, list[Any]] = defaultdict(list)
        for chunk in _in_chunks(hashes, 900):
            for grant in (
                Grant.objects.filter(program=self.program, ric_hash__in=chunk)
                .exclude(state=GrantState.REJECTED)
                .only("pk", "number", "ric_hash", "union_id")
            ):
                earlier[grant.ric_hash].append(grant)
        creates = []
        for record in records:
            member = members.get(record["ric_hash"])
            if member is not None and (wrong := name_mismatch(record["name"], member[1])):
                outcome.rejected.append((record, _GRANT_LABELS["name"], wrong, ""))
                continue
            union_id = record["union"][0]
            previous = earlier.get(record["ric_hash"], [])
            if any(g.union_id == union_id for g in previous):
                outcome.unchanged += 1
                continue
            if previous and self.program.once_per_person:
                other = previous[0]
                outcome.rejected.append(
                    (
                        record,
                        _GRANT_LABELS["ric"],
                        second_application_message(other),
                        grant_url(other.pk),
                    )
                )
                continue
            creates.append(self._row(record, member))
        outcome.created = len(creates)
        if write and creates:
            Grant.objects.bulk_create(creates, batch_size=1000)
            if any(g.pk is None for g in creates):  # a backend that returns no ids
                by_number = dict(
                    Grant.objects.filter(number__in=[g.number for g in creates]).values_list(
                        "number", "pk"
                    )
                )
                for g in creates:
                    g.pk = g.id = by_number[g.number]
            for g in creates:
                g.number = grant_number(self.program.year, g.pk)
            Grant.objects.bulk_update(creates, ["number"], batch_size=1000)
            user, kind, label = (
                actor_user(self.actor),
                actor_kind(self.actor),
                actor_label(self.actor),
            )
            WorkflowEvent.objects.bulk_create(
                [
                    WorkflowEvent(
                        workflow=GRANT_WORKFLOW.name,
                        object_id=str(g.pk),
                        actor=user,
                        actor_kind=kind,
                        actor_name=label,
                        from_state="",
                        to_state=GrantState.SUBMITTED,
                        action="created",
                        note="导入申请名单",
                        data={"run": self.run.pk},
                    )
                    for g in creates
                ],
                batch_size=2000,
            )
        return outcome

    def _row(self, record: dict[str, Any], member: tuple[int, str] | None) -> Grant:
        from .services.grants import _placeholder

        union_id, path, town_id = record["union"]
        return Grant(
            number=_placeholder(),
            program=self.program,
            union_id=union_id,
            town_id=town_id,
            member_id=member[0] if member else None,
            hardship_file_id=record["file_id"],
            name=record["name"],
            child_name=record["child_name"],
            school=record["school"],
            admission_year=record["admission_year"],
            amount=record["amount"],
            reason=record["reason"],
            bank_name=record["bank_name"],
            submitted_on=today(),
            submitted_by=actor_user(self.actor),
            org_path=path,
            **record["account"],
            **identity_values(ric=record["ric"]),
        )


def _in_chunks(items: list[Any], size: int) -> Any:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def program_choices(user: Any) -> Any:
    """The programs a list may go into: open ones the user sees (queries.grants)."""
    from .queries.grants import programs_visible

    return programs_visible(user, "assistance.grants.apply").filter(is_open=True)


class ProgramUpload:
    """The target of an application list: the program, and the path the run belongs to
    (the uploader's organization when it lies under the program's organizer, so a chair
    sees their own run; else the program's)."""

    def __init__(self, program: Any, user: Any):
        self.program = program
        self.pk = program.pk
        own = user.organization.path if user.organization_id else program.org_path
        self.path = own if own.startswith(program.org_path) else program.org_path

    def __str__(self) -> str:
        return str(self.program)


def program_for_import(user: Any, pk: Any) -> ProgramUpload:
    from .queries.grants import program_get

    program = program_get(user=user, pk=pk, action="assistance.grants.apply")
    if reason := grant_rules.closed_reason(program, today()):
        raise ApplicationError(reason, field="program")
    return ProgramUpload(program, user)
