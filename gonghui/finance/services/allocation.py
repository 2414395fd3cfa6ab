"""Writes of allocation (FUND-2): the rules (create, edit, close) and the allocation run.

Rules. Every share is a dated setting (domain-rules §3); periods never overlap (an
open-ended rule ends the day before the next starts). A collection is allocated by the rule
in force on its `collected_on`, and a past allocation never changes: a rule that allocated
something keeps its figures (a new share means a new rule from a new date) and no change of
any rule's dates may move a collected day that was allocated to another rule.

The run (`allocate_pending`): every matched collection without an allocation (and every
reversal row whose original is allocated), in id order, in chunks; each chunk is one
transaction: the Allocation rows (bulk) and ONE voucher (kind allocation, source
"allocation:<first id>-<last id>") crediting each part's account (services.ledger docstring).
Running twice allocates once (the rows are chosen by having no allocation, and
`Allocation.collection` is unique); a crash loses only the chunk it was in, the next run
carries on. A row with no rule in force is skipped and reported, not failed.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction

from gonghui.core.audit import audit_record, diff, register_actions, snapshot
from gonghui.core.clock import today
from gonghui.core.edit import check_version
from gonghui.core.errors import ApplicationError
from gonghui.core.importing.bulk import (
    date_text,
    insert_plan,
    insert_rows,
    tuned_for_bulk_writes,
)
from gonghui.core.locks import hold
from gonghui.core.permissions import require
from gonghui.orgs.choices import OrgKind
from gonghui.orgs.models import Organization

from ..choices import AccountKind, EntryKind, FundKind, UpperLevel
from ..models import Account, Allocation, AllocationRule
from ..queries import allocation as queries
from ..rules import allocation as rules
from . import ledger

MANAGE = "finance.rules.manage"
ALLOCATE = "finance.allocate"
JOB_KIND = "finance.allocate"
# A chunk's voucher has a line per union it touches: a month's rows touch most unions, so
# bigger chunks mean fewer lines (50,000 rows: about one line per five rows).
CHUNK = 50_000
RULE_LOCK = "finance.allocation_rules"

RULE_FIELDS = (
    "name",
    "effective_from",
    "effective_to",
    *rules.SHARES,
    "refund_due_days",
    "is_demo",
    "note",
)
# What a rule that has allocations may no longer change.
FROZEN_FIELDS = (*rules.SHARES, "refund_due_days")

register_actions(
    {
        "finance.rule.created": "新建经费分配方案",
        "finance.rule.updated": "修改经费分配方案",
        "finance.rule.closed": "设置经费分配方案截止日期",
        "finance.allocation.ran": "运行经费分配",
    }
)


# ---- rules ----------------------------------------------------------------------------------


def rule_on(day: datetime.date) -> AllocationRule | None:
    """The rule in force on `day` (periods never overlap, so at most one)."""
    index = rules.RuleIndex(_periods(AllocationRule.objects.all()))
    pk = index.on(day)
    return AllocationRule.objects.filter(pk=pk).first() if pk else None


def _periods(rows: Any) -> list[rules.Period]:
    return [
        rules.Period(r["id"], r["effective_from"], r["effective_to"])
        for r in rows.values("id", "effective_from", "effective_to")
    ]


def _district_path(actor: Any) -> str:
    organization = getattr(actor, "organization", None)
    return organization.path if organization is not None else ""


def _decimal(value: Any, name: str) -> Any:
    if isinstance(value, Decimal) or value is None:
        return value
    try:
        return Decimal(str(value).strip())
    except ArithmeticError as exc:
        raise ApplicationError(
            f"「{rules.SHARE_LABELS[name]}」应为数字（百分比），如 30 或 12.5。", field=name
        ) from exc


def _normalize(rule: AllocationRule) -> None:
    rule.name = (rule.name or "").strip()
    rule.note = (rule.note or "").strip()
    for name in rules.SHARES:
        setattr(rule, name, _decimal(getattr(rule, name), name))


def _check_periods(rule: AllocationRule) -> None:
    """No overlap, and every allocated day still falls in the rule that allocated it."""
    others = AllocationRule.objects.exclude(pk=rule.pk) if rule.pk else AllocationRule.objects
    periods = _periods(others)
    candidate = rules.Period(rule.pk or 0, rule.effective_from, rule.effective_to)
    if (other := rules.overlap(candidate, periods)) is not None:
        name = others.filter(pk=other.key).values_list("name", flat=True).first() or ""
        raise ApplicationError(rules.overlap_message(name, other), field="effective_from")
    index = rules.RuleIndex([*periods, candidate])
    names = dict(AllocationRule.objects.values_list("id", "name"))
    for pk, (first, last) in queries.used_rules().items():
        for day in (first, last):
            if index.on(day) != pk:
                raise ApplicationError(_moves_message(names.get(pk, ""), day, rule, pk))


def _moves_message(name: str, day: datetime.date, rule: AllocationRule, pk: int) -> str:
    if pk == rule.pk:
        return (
            f"本方案已分配了 {day:%Y-%m-%d} 代收的经费，期间必须包含该日"
            f"（截止日期不能早于 {day:%Y-%m-%d}，生效日期不能晚于它）。"
        )
    return (
        f"分配方案「{name}」已分配了 {day:%Y-%m-%d} 代收的经费，本方案的期间不能覆盖该日；"
        f"请把生效日期定在 {day:%Y-%m-%d} 之后。"
    )


def _clean_rule(rule: AllocationRule) -> None:
    _normalize(rule)
    problems = rules.rule_problems(rule)
    if problems:
        field_name, message = problems[0]
        raise ApplicationError(message, field=field_name)
    _check_periods(rule)


def _unknown(fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(RULE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown rule fields: {sorted(unknown)}")


def rule_create(*, actor: Any, **fields: Any) -> AllocationRule:
    """A new rule (a new period) with every share given (the model's defaults otherwise)."""
    require(actor, MANAGE)
    _unknown(fields)
    with transaction.atomic():
        hold(RULE_LOCK)
        rule = AllocationRule(**fields)
        _clean_rule(rule)
        try:
            with transaction.atomic():
                rule.save()
        except IntegrityError as exc:  # the same start saved at the same moment
            raise ApplicationError(
                f"已有从 {rule.effective_from:%Y-%m-%d} 起生效的分配方案。", field="effective_from"
            ) from exc
        audit_record(
            actor=actor,
            action="finance.rule.created",
            target=rule,
            org_path=_district_path(actor),
            data=snapshot(rule, list(RULE_FIELDS)),
        )
    return rule


def _frozen_changes(rule: AllocationRule, changes: dict[str, Any]) -> list[str]:
    changed = []
    for name in FROZEN_FIELDS:
        if name not in changes:
            continue
        value = changes[name]
        if name in rules.SHARES:
            value = _decimal(value, name)
        if value != getattr(rule, name):
            changed.append(name)
    return changed


def _locked_rule(actor: Any, rule: AllocationRule, version: int | None) -> AllocationRule:
    require(actor, MANAGE)
    hold(RULE_LOCK)
    locked = AllocationRule.objects.select_for_update().filter(pk=rule.pk).first()
    if locked is None:
        from django.http import Http404

        raise Http404("未找到该记录。")
    check_version(locked, version)
    return locked


def rule_update(
    *, actor: Any, rule: AllocationRule, version: int | None, **changes: Any
) -> AllocationRule:
    """Edit a rule (core.edit's steps: lock, version, clean, save what changed, audit). A
    rule with allocations keeps its shares and due days; its dates may change only so that
    every day it allocated stays inside its period."""
    _unknown(changes)
    with transaction.atomic():
        locked = _locked_rule(actor, rule, version)
        frozen = _frozen_changes(locked, changes)
        if frozen and (used := queries.allocations_count(locked)):
            label = rules.SHARE_LABELS.get(frozen[0], "返拨期限")
            raise ApplicationError(
                f"本方案已用于 {used} 条代收记录的分配，「{label}」等分配比例不能再改"
                "（改了就改变了过去的分配）；如需新的比例，请新建一个分配方案，"
                "从新的生效日期起执行，并把本方案的截止日期设在其前一天。",
                field=frozen[0],
            )
        return _save_changes(actor, locked, changes, "finance.rule.updated")


def _save_changes(
    actor: Any, locked: AllocationRule, changes: dict[str, Any], action: str
) -> AllocationRule:
    before = snapshot(locked, list(RULE_FIELDS))
    for name, value in changes.items():
        setattr(locked, name, value)
    _clean_rule(locked)
    after = snapshot(locked, list(RULE_FIELDS))
    changed = [name for name in RULE_FIELDS if before[name] != after[name]]
    if changed:
        locked.version += 1
        locked.save(update_fields=[*changed, "version", "updated_at"])
        audit_record(
            actor=actor,
            action=action,
            target=locked,
            org_path=_district_path(actor),
            data=diff(before, after),
        )
    return locked


def rule_close(
    *, actor: Any, rule: AllocationRule, version: int | None, effective_to: datetime.date
) -> AllocationRule:
    """Set the rule's last day (on or after the last collection date it allocated)."""
    if not isinstance(effective_to, datetime.date):
        raise ApplicationError("请填写截止日期。", field="effective_to")
    with transaction.atomic():
        locked = _locked_rule(actor, rule, version)
        return _save_changes(actor, locked, {"effective_to": effective_to}, "finance.rule.closed")


# ---- the run -------------------------------------------------------------------------------


@dataclass
class RunResult:
    """What a run did: rows allocated, vouchers posted, rows skipped by reason."""

    allocated: int = 0
    vouchers: int = 0
    skipped: Counter = field(default_factory=Counter)

    def as_dict(self) -> dict[str, Any]:
        skipped = sum(self.skipped.values())
        reasons = [{"reason": r, "count": n} for r, n in sorted(self.skipped.items())]
        message = f"已分配 {self.allocated:,} 条代收记录，记账凭证 {self.vouchers} 张。"
        if skipped:
            message += f"未分配 {skipped:,} 条：" + "；".join(
                f"{r['reason']} {r['count']:,} 条" for r in reasons
            )
        return {
            "allocated": self.allocated,
            "vouchers": self.vouchers,
            "skipped": skipped,
            "reasons": reasons,
            "message": message,
        }


NO_RULE = "{month} 代收的记录没有适用的分配方案（请先设置覆盖该日期的方案）"
NOT_LINKED = "已匹配但未关联用人单位"
ORIGINAL_UNALLOCATED = "冲销记录的原代收记录未分配"

COLUMNS = (
    "id",
    "employer_id",
    "employer__union_id",
    "employer__town_id",
    "employer__union__parent_id",
    "employer__union__parent__kind",
    "fund_kind",
    "period",
    "collected_on",
    "amount",
    "reverses_id",
)


class _Run:
    """One run's state: rules and accounts loaded once, reused by every chunk."""

    def __init__(self, actor: Any):
        self.actor = actor
        rows = list(AllocationRule.objects.all())
        self.rules = {r.pk: r for r in rows}
        self.weights = {r.pk: rules.fen_weights(rules.weights(r)) for r in rows}
        self.due = {r.pk: datetime.timedelta(days=r.refund_due_days) for r in rows}
        self.index = rules.RuleIndex(_periods(AllocationRule.objects.all()))
        self.district = _district()
        self.accounts: dict[tuple[str, int | str], Account] = {}
        self.result = RunResult()

    def account(self, kind: str, key: int | str) -> Account:
        return self.accounts[(kind, key)]

    def load_accounts(self, kind: str, org_ids: set[int]) -> None:
        missing = {pk for pk in org_ids if (kind, pk) not in self.accounts}
        if not missing:
            return
        orgs = Organization.objects.filter(pk__in=missing).only("id", "path")
        for pk, acc in ledger.accounts(orgs, kind).items():
            self.accounts[(kind, pk)] = acc

    def district_accounts(self) -> None:
        if ("upper", UpperLevel.CITY) in self.accounts:
            return
        d = self.district
        self.accounts[("district", AccountKind.UNALLOCATED)] = ledger.account(
            d, AccountKind.UNALLOCATED
        )
        self.accounts[("district", AccountKind.INCOME)] = ledger.account(d, AccountKind.INCOME)
        for level in UpperLevel.values:
            self.accounts[("upper", level)] = ledger.account(
                d, AccountKind.UPPER_PAYABLE, level=level
            )


def _district() -> Organization:
    found = (
        Organization.objects.filter(kind=OrgKind.DISTRICT, parent__isnull=True)
        .order_by("id")
        .first()
    )
    if found is None:
        raise ApplicationError("没有区总工会，无法分配经费。")
    return found


def _town_of(row: dict[str, Any]) -> int:
    """The town (or sector) union whose share it is: a union under a sector union is the
    sector's; otherwise the employer's town."""
    if row["employer__union__parent__kind"] == OrgKind.SECTOR:
        return row["employer__union__parent_id"]
    return row["employer__town_id"]


Values = dict[str, Any]  # an Allocation row by column; amounts in whole fen (int) until stored
MONEY_COLUMNS = ("amount", *rules.PARTS)
DATE_COLUMNS = ("period", "collected_on", "refund_due_on")

ORIGINAL_COLUMNS = (
    "collection_id",
    "rule_id",
    "union_id",
    "town_id",
    "fund_kind",
    "refund_due_on",
    *MONEY_COLUMNS,
)


def _fen(amount: Decimal) -> int:
    return int(amount * 100)


def _yuan(fen: int) -> Decimal:
    return Decimal(fen).scaleb(-2)


def _fen_text(fen: int) -> str:
    """What the database is given for an amount: "1234.56" (both backends parse it)."""
    sign, fen = ("-", -fen) if fen < 0 else ("", fen)
    return f"{sign}{fen // 100}.{fen % 100:02d}"


def _fresh(run: _Run, row: dict[str, Any]) -> Values | str:
    """A standing row's allocation, or why it is skipped."""
    if row["employer_id"] is None:
        return NOT_LINKED
    day = row["collected_on"]
    pk = run.index.on(day)
    if pk is None:
        return NO_RULE.format(month=f"{day:%Y-%m}")
    union = row["employer__union_id"] if row["fund_kind"] == FundKind.UNION_FUND else None
    fen = _fen(row["amount"])
    return {
        "collection_id": row["id"],
        "rule_id": pk,
        "union_id": union,
        "town_id": _town_of(row),
        "fund_kind": row["fund_kind"],
        "period": row["period"],
        "collected_on": day,
        "refund_due_on": day + run.due[pk],
        "amount": fen,
        **dict(zip(rules.PARTS, rules.split_fen(fen, run.weights[pk]), strict=True)),
    }


def _reversal(run: _Run, row: dict[str, Any], original: Values | None) -> Values | str:
    """A reversal row's allocation: the exact negation of its original's."""
    if original is None:
        return ORIGINAL_UNALLOCATED
    fen = _fen(row["amount"])
    if fen == -original["amount"]:
        parts = [-original[name] for name in rules.PARTS]
    else:  # a partial reversal (the importer makes none): split by the original's rule
        parts = rules.split_fen(fen, run.weights[original["rule_id"]])
    return {
        **{name: original[name] for name in ORIGINAL_COLUMNS},
        "collection_id": row["id"],
        "period": row["period"],
        "collected_on": row["collected_on"],
        "amount": fen,
        **dict(zip(rules.PARTS, parts, strict=True)),
    }


def _stored_originals(ids: list[int]) -> dict[int, Values]:
    found = Allocation.objects.filter(collection_id__in=ids).values(*ORIGINAL_COLUMNS)
    originals = {}
    for a in found:
        for name in MONEY_COLUMNS:
            a[name] = _fen(a[name])
        originals[a["collection_id"]] = a
    return originals


def _allocations(run: _Run, rows: list[dict[str, Any]]) -> list[Values]:
    wanted = [r["reverses_id"] for r in rows if r["reverses_id"]]
    originals = _stored_originals(wanted) if wanted else {}
    made: list[Values] = []
    for row in rows:
        if row["reverses_id"]:
            outcome = _reversal(run, row, originals.get(row["reverses_id"]))
        else:
            outcome = _fresh(run, row)
        if isinstance(outcome, str):
            run.result.skipped[outcome] += 1
            continue
        originals[row["id"]] = outcome  # a reversal later in this chunk finds it
        made.append(outcome)
    return made


def _voucher_amounts(run: _Run, made: list[Values]) -> dict[Account, Decimal]:
    """Signed sums per account (+ debit, − credit) of the chunk's allocations, summed in fen
    by organization first (a chunk holds thousands of rows and a few thousand accounts)."""
    refund: dict[int, int] = defaultdict(int)
    held: dict[int, int] = defaultdict(int)
    town: dict[int, int] = defaultdict(int)
    total = district = city = province = national = 0
    for a in made:
        total += a["amount"]
        back = a["union_part"] + a["extra_refund_part"]
        if a["union_id"]:
            refund[a["union_id"]] += back
        else:
            held[a["town_id"]] += back
        town[a["town_id"]] += a["town_part"] + a["town_retained_part"]
        district += a["district_part"]
        city += a["city_part"]
        province += a["province_part"]
        national += a["national_part"]
    run.load_accounts(AccountKind.REFUND_PAYABLE, set(refund))
    run.load_accounts(AccountKind.PREPARATION_HELD, set(held))
    run.load_accounts(AccountKind.INCOME, set(town))
    run.district_accounts()
    sums: dict[Account, int] = defaultdict(int)
    for kind, by_org in (
        (AccountKind.REFUND_PAYABLE, refund),
        (AccountKind.PREPARATION_HELD, held),
        (AccountKind.INCOME, town),
    ):
        for pk, fen in by_org.items():
            sums[run.account(kind, pk)] -= fen
    sums[run.account("district", AccountKind.INCOME)] -= district
    sums[run.account("upper", UpperLevel.CITY)] -= city
    sums[run.account("upper", UpperLevel.PROVINCE)] -= province
    sums[run.account("upper", UpperLevel.NATIONAL)] -= national
    sums[run.account("district", AccountKind.UNALLOCATED)] += total
    return {acc: _yuan(fen) for acc, fen in sums.items()}


def _insert(made: list[Values], entry_id: int) -> None:
    plan = insert_plan(Allocation)
    template = plan.template({"entry_id": entry_id})
    rows = []
    for a in made:  # laid out in the stored form here (plan.row would check every value)
        for name in MONEY_COLUMNS:
            a[name] = _fen_text(a[name])
        if plan.sqlite:
            for name in DATE_COLUMNS:
                a[name] = date_text(a[name])
        rows.append(plan.stored_row(template, a))
    insert_rows(Allocation, rows)


def _chunk(run: _Run, rows: list[dict[str, Any]]) -> int:
    """One chunk: its allocations and voucher in one transaction; how many allocated."""
    with transaction.atomic():
        hold(RULE_LOCK)
        made = _allocations(run, rows)
        if not made:
            return 0
        sums = _voucher_amounts(run, made)
        first, last = made[0]["collection_id"], made[-1]["collection_id"]
        # booked when the chunk's money had all arrived (a period's balances then hold it)
        booked = min(max(a["collected_on"] for a in made), today())
        entry = ledger.post(
            actor=run.actor,
            kind=EntryKind.ALLOCATION,
            org=run.district,
            booked_on=booked,
            memo=f"经费分配：代收记录 {first}–{last}，{len(made)} 条",
            amounts=sums,
            source=f"allocation:{first}-{last}",
        )
        _insert(made, entry.pk)
    run.result.vouchers += 1
    return len(made)


def allocation_run(
    *,
    actor: Any,
    period_from: datetime.date | None = None,
    period_to: datetime.date | None = None,
    progress: Any = None,
    chunk: int = CHUNK,
) -> RunResult:
    """`allocate_pending` with its whole result (skipped rows by reason)."""
    require(actor, ALLOCATE)
    if period_from and period_to and period_from > period_to:
        raise ApplicationError("所属期止不能早于所属期起。", field="period_to")
    run = _Run(actor)
    qs = queries.pending(period_from, period_to)
    total = qs.count() if progress else 0
    last, done = 0, 0
    with tuned_for_bulk_writes():
        while True:
            rows = list(qs.filter(id__gt=last).order_by("id").values(*COLUMNS)[:chunk])
            if not rows:
                break
            last = rows[-1]["id"]
            run.result.allocated += _chunk(run, rows)
            done += len(rows)
            if progress:
                progress(done, total)
    audit_record(
        actor=actor,
        action="finance.allocation.ran",
        org_path=run.district.path,
        data={
            "period_from": period_from.isoformat() if period_from else "",
            "period_to": period_to.isoformat() if period_to else "",
            **{k: v for k, v in run.result.as_dict().items() if k != "message"},
        },
    )
    return run.result


def allocate_pending(
    *,
    actor: Any,
    period_from: datetime.date | None = None,
    period_to: datetime.date | None = None,
    progress: Any = None,
) -> int:
    """Allocate every pending collection (see the module doc); how many were allocated."""
    result = allocation_run(
        actor=actor, period_from=period_from, period_to=period_to, progress=progress
    )
    return result.allocated


# ---- as a background job -----------------------------------------------------------------


def running_job() -> Any:
    from gonghui.core.models import Job

    active = (Job.Status.QUEUED, Job.Status.RUNNING)
    return Job.objects.filter(kind=JOB_KIND, status__in=active).order_by("id").first()


def _period_title(period_from: datetime.date | None, period_to: datetime.date | None) -> str:
    if not period_from and not period_to:
        return "全部所属期"
    start = f"{period_from:%Y-%m}" if period_from else "最早"
    end = f"{period_to:%Y-%m}" if period_to else "最近"
    return f"所属期 {start} 至 {end}"


def allocation_start(
    *,
    actor: Any,
    period_from: datetime.date | None = None,
    period_to: datetime.date | None = None,
    return_url: str = "",
) -> Any:
    """Start the run as a background job (its page shows the progress and the result);
    refused while another run is queued or running."""
    from django.urls import reverse

    from gonghui.core.jobs import job_start, reap_stale_jobs

    require(actor, ALLOCATE)
    if period_from and period_to and period_from > period_to:
        raise ApplicationError("所属期止不能早于所属期起。", field="period_to")
    with transaction.atomic():
        hold(JOB_KIND)
        reap_stale_jobs()
        if (other := running_job()) is not None:
            url = reverse("core:job_detail", args=[other.pk])
            raise ApplicationError(
                f"已有一次经费分配正在进行（任务 {other.pk}：{other.title}），"
                f"请等它完成后再运行；进度见 {url}",
                extra={"job": other.pk, "url": url},
            )
        return job_start(
            kind=JOB_KIND,
            title=f"经费分配：{_period_title(period_from, period_to)}",
            actor=actor,
            org_path=_district().path,
            params={
                "period_from": period_from.isoformat() if period_from else "",
                "period_to": period_to.isoformat() if period_to else "",
                "return_url": return_url,
            },
        )


def _day(text: str) -> datetime.date | None:
    return datetime.date.fromisoformat(text) if text else None


def run_job(job: Any, progress: Any) -> dict[str, Any]:
    """The job: the run as the person who started it."""
    params = job.params or {}
    result = allocation_run(
        actor=job.created_by,
        period_from=_day(params.get("period_from", "")),
        period_to=_day(params.get("period_to", "")),
        progress=lambda done, total: progress.update(done, total, "正在分配…"),
    )
    return result.as_dict()
