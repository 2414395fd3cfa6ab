"""Import kinds of enrollment (core.importing), registered by registrations.register_enrollments.

- `EnrollmentImporter` (kind "mutualaid.enrollments", target a plan year): a union's list of
  people to enroll: 姓名, 身份证号, optionally 工会 (name or USCC of a union of the uploader's
  scope, as the roster import resolves it). Each row is the member registered under that RIC
  in the uploader's scope (the name must match) and is checked by rules.enrollments, as the
  roster enrollment checks it; renewals are recognised; a refused row goes into the error
  report with its reason; accepted rows go into one batch per union for the run (source
  导入名单). A row already enrolled in the year through the same union is unchanged, so a
  list imported twice creates nothing twice.
- `ContributionImporter` (kind "mutualaid.contributions", no target): the bank's statement of
  contributions: 批次编号, 金额, 到账日期, 凭证号. A row is identified by batch + reference: a
  file imported twice changes nothing; a payment over what is still due is refused with the
  reason (services.enrollments.payment_record).
"""

import datetime
import random
from collections import defaultdict
from typing import Any

from gonghui.core.clock import today
from gonghui.core.errors import ApplicationError
from gonghui.core.identity import ric_hash
from gonghui.core.ids import mask_ric, normalize_code
from gonghui.core.importing.normalize import clean_text, parse_date
from gonghui.core.importing.readers import cell_text
from gonghui.core.importing.spec import BatchOutcome, Column, Importer
from gonghui.core.money import money, parse_money
from gonghui.demo import numbers
from gonghui.members.importers import clean_name, clean_ric
from gonghui.members.models import Member
from gonghui.orgs.choices import OrgKind
from gonghui.orgs.models import Organization
from gonghui.orgs.rules import ambiguous_union

from ..choices import BatchSource
from ..models import EnrollmentBatch, PlanYear
from ..queries import enrollments as queries
from ..rules import enrollments as rules
from ..services import enrollments as services

_IN = 900

ENROLLMENT_COLUMNS = [
    Column("name", "姓名", ("会员姓名", "职工姓名", "名字"), required=True, clean=clean_name),
    Column(
        "ric",
        "身份证号",
        ("身份证号码", "公民身份号码", "身份证", "居民身份证号", "证件号码"),
        required=True,
        clean=clean_ric,
        text=True,
        mask=mask_ric,
    ),
    Column("union", "工会", ("所属工会", "基层工会", "参保工会", "工会名称"), clean=clean_text),
]
_LABELS = {c.key: c.label for c in ENROLLMENT_COLUMNS}


def _example_ric() -> str:
    return numbers.ric(random.Random(1), datetime.date(1980, 3, 15), 1, male=True)


class EnrollmentImporter(Importer):
    kind = "mutualaid.enrollments"
    columns = ENROLLMENT_COLUMNS
    example = {"name": "张三", "ric": _example_ric(), "union": ""}

    def __init__(self, *, run: Any, actor: Any):
        super().__init__(run=run, actor=actor)
        self.plan = PlanYear.objects.get(pk=run.target_id)
        self.day = today()
        self.closed = rules.plan_closed_reason(
            year=self.plan.year,
            state=str(self.plan.state),
            ends_on=self.plan.ends_on,
            closes_on=self.plan.enroll_closes_on,
            day=self.day,
        )
        self.facts = rules.PlanFacts.of(self.plan)
        unions = Organization.objects.visible_to(actor, services.ENROLL).filter(
            kind=OrgKind.GRASSROOTS, path__startswith=self.plan.org_path
        )
        self.unions: dict[int, tuple[str, int | None, str]] = {}
        by_name: dict[str, list[Organization]] = defaultdict(list)
        self.usccs: dict[str, int] = {}
        for union in unions.only("pk", "name", "uscc", "path", "town_id", "parent"):
            self.unions[union.pk] = (union.path, union.town_id, union.name)
            by_name[union.name].append(union)
            if union.uscc:
                self.usccs[union.uscc] = union.pk
        self.names = {n: found[0].pk for n, found in by_name.items() if len(found) == 1}
        self.ambiguous = {n: found for n, found in by_name.items() if len(found) > 1}
        self.batches: dict[int, EnrollmentBatch] = {}  # union -> this run's batch

    def check(self, values: dict[str, Any]) -> dict[str, Any]:
        from gonghui.core.importing.spec import RowInvalid

        if self.closed:
            raise RowInvalid([("", self.closed)])
        problems = []
        union = None
        if ref := values.get("union"):
            union, trouble = self._union(ref)
            if trouble:
                problems.append((_LABELS["union"], trouble))
        if problems:
            raise RowInvalid(problems)
        number = values["ric"].number
        return {"name": values["name"], "ric_hash": ric_hash(number), "union": union}

    def _union(self, ref: str) -> tuple[int | None, str]:
        pk = self.usccs.get(normalize_code(ref)) or self.names.get(ref)
        if pk is not None:
            return pk, ""
        if ref in self.ambiguous:
            return None, ambiguous_union(ref, self.ambiguous[ref])
        return None, f"在您的管理范围内没有名称或统一社会信用代码为「{ref}」的基层工会。"

    def key(self, record: dict[str, Any]) -> str:
        return record["ric_hash"]

    def upsert(self, records: list[dict[str, Any]], *, write: bool) -> BatchOutcome:
        outcome = BatchOutcome()
        if write:  # the pipeline's transaction: who is enrolled is read under the lock
            services.lock_plan(self.plan)
        members = self._members([r["ric_hash"] for r in records])
        ids = [m[0] for m in members.values()]
        enrolled = services.enrolled_of(ids, self.plan)
        previous = services.previous_of(ids, self.plan)
        accepted: dict[int, list[tuple[int, bool]]] = defaultdict(list)
        for record in records:
            problem = self._problem(record, members.get(record["ric_hash"]), enrolled)
            if problem == "unchanged":
                outcome.unchanged += 1
            elif problem:
                outcome.rejected.append((record, *problem, ""))
            else:
                pk, _name, union_id, *_facts = members[record["ric_hash"]]
                accepted[union_id].append((pk, pk in previous))
                enrolled[pk] = union_id  # the same person twice in one batch: once
        outcome.created = sum(len(rows) for rows in accepted.values())
        if write and accepted:
            self._write(accepted)
        return outcome

    def _members(self, hashes: list[str]) -> dict[str, tuple]:
        """{RIC hash: (id, name, union, status, birth date, sex)} of the uploader's scope."""
        found: dict[str, tuple] = {}
        rows = Member.objects.visible_to(self.actor).filter(union_id__in=list(self.unions))
        for start in range(0, len(hashes), _IN):
            part = rows.filter(ric_hash__in=hashes[start : start + _IN]).values_list(
                "ric_hash", "id", "name", "union_id", "status", "birth_date", "sex"
            )
            found.update({r[0]: r[1:] for r in part})
        return found

    def _problem(
        self, record: dict[str, Any], member: tuple | None, enrolled: dict[int, int]
    ) -> tuple[str, str] | str | None:
        """(column, reason) of a refused row; "unchanged"; None when it goes in."""
        if member is None:
            return _LABELS["ric"], "该身份证号不是您管理范围内的在册会员，请先登记入会。"
        pk, name, union_id, status, birth, sex = member
        if record["name"] != name:
            return _LABELS["name"], (
                f"该身份证号登记的会员姓名为「{name}」，与所填姓名「{record['name']}」不一致，请核对。"
            )
        if record["union"] is not None and record["union"] != union_id:
            return _LABELS["union"], (
                f"该会员属于「{self.unions[union_id][2]}」，不是所填的"
                f"「{self.unions[record['union']][2]}」。"
            )
        if enrolled.get(pk) == union_id:
            return "unchanged"
        reason = rules.refusal(
            self.facts,
            status=status,
            birth_date=birth,
            sex=sex,
            day=self.day,
            enrolled=pk in enrolled,
        )
        if reason:
            return _LABELS["ric"], f"{reason}，不能参保。"
        return None

    def _write(self, accepted: dict[int, list[tuple[int, bool]]]) -> None:
        """New unions get this run's batch; a union met again in a later batch of rows adds
        to its batch (count, renewals, amount due) in the same transaction."""
        fresh = {u: rows for u, rows in accepted.items() if u not in self.batches}
        old = {u: rows for u, rows in accepted.items() if u in self.batches}
        writer = services.EnrollmentWriter(
            self.actor,
            self.plan,
            self.day,
            self.unions,
            0,
            source=BatchSource.IMPORT,
            run=self.run,
        )
        writer.expected = services.Enrollment.objects.filter(plan=self.plan).count()
        if fresh:
            ids = writer.write([(u, rows, [], 0) for u, rows in fresh.items()])
            for batch in EnrollmentBatch.objects.filter(pk__in=ids):
                self.batches[batch.union_id] = batch
        for union_id, rows in old.items():
            batch = self.batches[union_id]
            services.insert_rows(services.Enrollment, writer.rows(batch, rows))
            batch.enrolled_count += len(rows)
            batch.renewal_count += sum(1 for _m, r in rows if r)
            batch.amount_due = money(self.plan.contribution) * batch.enrolled_count
            batch.save(
                update_fields=["enrolled_count", "renewal_count", "amount_due", "updated_at"]
            )


def plan_choices(user: Any) -> Any:
    return queries.open_plans(user)


class PlanUpload:
    """The target of an enrollment list: the plan year, and the path the run belongs to (the
    uploader's organization, so a chair sees their own run)."""

    def __init__(self, plan: PlanYear, user: Any):
        self.plan, self.pk = plan, plan.pk
        own = user.organization.path if user.organization_id else plan.org_path
        self.path = own if own.startswith(plan.org_path) else plan.org_path

    def __str__(self) -> str:
        return str(self.plan)


def plan_for_import(user: Any, pk: Any) -> PlanUpload:
    plan = queries.plan_get(user=user, pk=pk, action=services.ENROLL, field="target_id")
    services.plan_open_check(plan, today(), field="target_id")
    return PlanUpload(plan, user)


# ---- contributions from the bank ---------------------------------------------------------------


def _amount(raw: Any) -> Any:
    return parse_money(cell_text(raw) if raw.__class__ is not str else raw)


CONTRIBUTION_COLUMNS = [
    Column(
        "number",
        "批次编号",
        ("批次号", "参保批次", "缴费批次"),
        required=True,
        clean=normalize_code,
        text=True,
    ),
    Column("amount", "金额", ("缴费金额", "到账金额", "金额（元）"), required=True, clean=_amount),
    Column(
        "paid_on", "到账日期", ("日期", "缴费日期", "入账日期"), required=True, clean=parse_date
    ),
    Column(
        "reference",
        "凭证号",
        ("流水号", "交易流水号", "凭证编号", "银行流水号"),
        required=True,
        clean=clean_text,
        text=True,
    ),
]
_PAY_LABELS = {c.key: c.label for c in CONTRIBUTION_COLUMNS}


class ContributionImporter(Importer):
    kind = "mutualaid.contributions"
    columns = CONTRIBUTION_COLUMNS
    example = {
        "number": "CB201300000001",
        "amount": "300.00",
        "paid_on": "2013-01-20",
        "reference": "ICBC20130120001",
    }

    def check(self, values: dict[str, Any]) -> dict[str, Any]:
        from gonghui.core.importing.spec import RowInvalid

        reference = values["reference"]
        if len(reference) > 60:
            raise RowInvalid([(_PAY_LABELS["reference"], "凭证号最多60个字符。")])
        if values["paid_on"] > today():
            raise RowInvalid([(_PAY_LABELS["paid_on"], "到账日期不能晚于今天。")])
        return {
            "number": values["number"],
            "amount": values["amount"],
            "paid_on": values["paid_on"],
            "reference": reference,
        }

    def key(self, record: dict[str, Any]) -> tuple[str, str]:
        return record["number"], record["reference"]

    def upsert(self, records: list[dict[str, Any]], *, write: bool) -> BatchOutcome:
        outcome = BatchOutcome()
        visible = queries.batches_visible_for_payment(self.actor)
        batches = {b.number: b for b in visible.filter(number__in=[r["number"] for r in records])}
        owed: dict[int, Any] = {}  # what a dry run has left to pay per batch
        for record in records:
            batch = batches.get(record["number"])
            if batch is None:
                reason = f"没有编号为「{record['number']}」的参保批次，或不在您的管理范围内。"
                outcome.rejected.append((record, _PAY_LABELS["number"], reason, ""))
                continue
            if problem := self._same(batch, record):
                if problem == "unchanged":
                    outcome.unchanged += 1
                else:
                    outcome.rejected.append((record, _PAY_LABELS["reference"], problem, ""))
                continue
            if not write:
                left = owed.setdefault(batch.pk, money(batch.amount_due) - money(batch.amount_paid))
                if record["amount"] > left:
                    outcome.rejected.append(
                        (record, _PAY_LABELS["amount"], _over(batch, left, record), "")
                    )
                    continue
                owed[batch.pk] = left - record["amount"]
                outcome.created += 1
                continue
            try:
                services.payment_record(
                    actor=self.actor,
                    batch=batch,
                    amount=record["amount"],
                    paid_on=record["paid_on"],
                    reference=record["reference"],
                    run=self.run,
                )
            except ApplicationError as exc:
                column = {"amount": "amount", "paid_on": "paid_on"}.get(exc.field or "", "amount")
                outcome.rejected.append((record, _PAY_LABELS[column], exc.message, ""))
                continue
            outcome.created += 1
        return outcome

    @staticmethod
    def _same(batch: EnrollmentBatch, record: dict[str, Any]) -> str | None:
        current = services.payment_exists(batch.pk, record["reference"])
        if current is None:
            return None
        if money(current.amount) == record["amount"] and current.paid_on == record["paid_on"]:
            return "unchanged"
        return (
            f"凭证号{record['reference']}已于{current.paid_on:%Y-%m-%d}登记为"
            f"{money(current.amount):,.2f}元，与本行不符，请核对。"
        )


def _over(batch: EnrollmentBatch, left: Any, record: dict[str, Any]) -> str:
    return (
        f"批次{batch.number}尚欠{money(left):,.2f}元，本次{record['amount']:,.2f}元超出应缴金额，"
        "不能登记。"
    )
