"""The finance part of the demo district (FUND-1…3): the allocation rules of the report, two
calendar years (2013 and 2014) of the tax bureau's monthly collections for every employer,
allocated by the rule in force on each collection's date, and refunded to the grassroots
unions through monthly batches, most on time.

Every share is a demo value (domain-rules §3: the upper levels' shares are not known; the
report gives the district's retained split: 2013 "30%留给镇街、系统工会，30%额外返还缴费单位",
from 2014 for three years "区总占30%、镇街（系统）工会占40%、额外返还缴费单位30%"): the rules are
marked `is_demo` and their notes say so. A third rule from 2017 (2014's, open-ended) keeps
later collections allocatable.

The rows go through the finance services as the import and the bank return would: each
month's file is booked as the import books a batch (`services.collections.post_amounts`,
one voucher, then its rows inserted naming it; the correction by `collection_reverse`),
`services.allocation.allocate_pending` allocates them, `services.refunds.batch_create` makes
each month's batch and `lines_paid` pays it. The demo chooses only which refunds are late or
fail (`LATE_SHARE`): the figures are what the rows give — the on-time rate about 55 % for
2013 and 58 % for 2014 (60 % would be every retained share on time).

A month's collection per employer: payroll = headcount × a seeded monthly wage (3,000–9,000
yuan, 6 % up in 2014, ±4 % a month), amount = 2 % of it, collected on the 15th of the next
month; union fund when the employer's union stood in that month, else preparation fund. A
handful of rows carry a USCC the registry does not know (left for staff to match), and one
row is corrected by the tax bureau (reversed and replaced) after it was allocated.
"""

import datetime
import random
from decimal import Decimal
from typing import Any

from gonghui.accounts.models import User
from gonghui.accounts.roles import Role
from gonghui.core.identity import identity_values
from gonghui.core.importing.bulk import insert_plan, insert_rows
from gonghui.core.money import money
from gonghui.core.registry import DemoBuilder, register_demo_builder
from gonghui.demo.context import DemoContext
from gonghui.demo.numbers import uscc
from gonghui.orgs.choices import OrgKind
from gonghui.orgs.models import Employer, Organization

from .choices import CollectionState, FundKind, RefundBatchState, RefundState
from .models import AllocationRule, Collection, RefundBatch, RefundLine, UnionBankAccount
from .services.allocation import allocate_pending
from .services.collections import collection_reverse, post_amounts
from .services.refunds import batch_create, lines_paid

D = Decimal
YEARS = (2013, 2014)
RATE = D("0.02")  # 工会法 Art. 43: 2 % of the payroll
COLLECTED_DAY = 15  # of the month after the period
ISSUE_AFTER = 10  # days after the collection the month's batch is issued
PAID_AFTER = 20  # days after the collection an on-time refund is paid (due after 30)
# The share (of the retained amount) refunded late, chosen so that the on-time rate (of
# the union fund collected) is about 55 % in 2013 and 58 % in 2014 against 60 % for all.
LATE_SHARE = {2013: D("0.075"), 2014: D("0.025")}
LATE_DAYS = 2  # the late refunds of a month are paid on so many days, a week apart
FAILED_LINES = 3  # lines a year the bank returns as failed (paid later from a new batch)
LEFT_FAILED = 2  # of the last year's, left failed: due and unpaid today
UNMATCHED = 3  # employers the registry does not know, each a few months of rows
DEMO_NOTE = (
    "演示数据：区级留成的分配比例取自工作报告，缴费单位工会留成60%为通行标准，"
    "市、省、全国总工会的分成比例为虚构（domain-rules §3：各级比例均未核实）。"
)
SHARES = {
    "share_union": D(60),
    "share_town": D(0),
    "share_district": D(20),
    "share_city": D(10),
    "share_province": D(5),
    "share_national": D(5),
}
RULES = [
    # (name, from, to, retained district / town / extra refund)
    ("2013年经费分配方案（演示）", datetime.date(2013, 1, 1), datetime.date(2013, 12, 31), (40, 30, 30)),
    ("2014—2016年经费分配方案（演示，暂定三年）", datetime.date(2014, 1, 1),
     datetime.date(2016, 12, 31), (30, 40, 30)),
    ("2017年起经费分配方案（演示，沿用2014年比例）", datetime.date(2017, 1, 1), None, (30, 40, 30)),
]  # fmt: skip
BANKS = ["中国工商银行广州番禺支行", "中国农业银行广州番禺支行", "广州农村商业银行番禺支行"]
FAILURE = "账号与户名不符，银行退回"
CORRECTION = "税务局更正：工资总额计征基数有误"


def month_after(period: datetime.date, days: int = 0) -> datetime.date:
    """The collection day of a period (the 15th of the next month), plus `days`."""
    year, month = (period.year + 1, 1) if period.month == 12 else (period.year, period.month + 1)
    return datetime.date(year, month, COLLECTED_DAY) + datetime.timedelta(days=days)


def periods() -> list[datetime.date]:
    return [datetime.date(y, m, 1) for y in YEARS for m in range(1, 13)]


def _actor() -> User:
    """Who runs the finance work: the district's staff login (the refunds are the
    district's, in its scope), as the demo's accounts part made it."""
    found = (
        User.objects.filter(
            organization__kind=OrgKind.DISTRICT,
            role__in=[Role.DISTRICT_STAFF, Role.DISTRICT_ADMIN],
        )
        .order_by("-role", "pk")
        .first()
    )
    if found is None:
        raise RuntimeError("经费演示数据需要区总工会的演示账号（accounts）。")
    return found


class FinanceBuilder:
    def __init__(self, *, seed: int, employers: list[Employer]):
        self.rng = random.Random(seed * 31 + 16)
        self.root = Organization.objects.get(kind=OrgKind.DISTRICT)
        self.actor = _actor()
        self.employers = sorted(employers, key=lambda e: e.pk)
        founded = Organization.objects.filter(kind=OrgKind.GRASSROOTS).values_list(
            "pk", "established_on"
        )
        self.founded = dict(founded)
        self.wage = {e.pk: self.rng.randint(3000, 9000) for e in self.employers}
        self.counts: dict[str, int] = {}

    # -- rules and accounts -------------------------------------------------------------------
    def rules(self) -> list[AllocationRule]:
        return AllocationRule.objects.bulk_create(
            AllocationRule(
                name=name,
                effective_from=start,
                effective_to=end,
                retained_district=D(district),
                retained_town=D(town),
                retained_refund=D(refund),
                is_demo=True,
                note=DEMO_NOTE,
                **SHARES,
            )
            for name, start, end, (district, town, refund) in RULES
        )

    def bank_accounts(self) -> int:
        unions = Organization.objects.filter(kind=OrgKind.GRASSROOTS).order_by("pk")
        made = [
            UnionBankAccount(
                org=union,
                org_path=union.path,
                account_name=union.name[:120],
                bank_name=BANKS[union.pk % len(BANKS)],
                **identity_values(account=f"6222{union.pk:015d}"),
            )
            for union in unions
        ]
        UnionBankAccount.objects.bulk_create(made, batch_size=2000)
        return len(made)

    # -- collections --------------------------------------------------------------------------
    def _kind(self, e: Employer, period: datetime.date) -> str:
        """Union fund once the employer's union stood (founded by the period's month's end;
        an undated union always stood), else the preparation fund."""
        if e.union_id is None or e.union_id not in self.founded:
            return FundKind.PREPARATION
        founded = self.founded[e.union_id]
        return (
            FundKind.UNION_FUND
            if founded is None or founded <= _end(period)
            else FundKind.PREPARATION
        )

    def _row(
        self, e: Employer | None, period: datetime.date, payroll: Decimal, kind: str, **given: Any
    ) -> dict[str, Any]:
        """A row of the month's file as the import places it (attname → value)."""
        return {
            "uscc": e.uscc if e else given["uscc"],
            "employer_name": e.name if e else given["name"],
            "employer_id": e.pk if e else None,
            "fund_kind": kind,
            "period": period,
            "payroll": payroll,
            "amount": money(payroll * RATE),
            "collected_on": month_after(period),
            "voucher_no": f"SP{period:%Y%m}{f'{e.pk:07d}' if e else given['uscc'][-7:]}",
            "state": CollectionState.MATCHED if e else CollectionState.UNMATCHED,
            "org_path": e.org_path if e else self.root.path,
            "reverses_id": None,
            "reason": "",
        }

    def _payroll(self, e: Employer, period: datetime.date) -> Decimal:
        raise_ = D("1.06") if period.year >= 2014 else D(1)
        month = D(1) + D(self.rng.randint(-40, 40)) / 1000
        wage = money(D(self.wage[e.pk]) * raise_ * month).quantize(D(1))
        return money(max(1, e.headcount) * wage)

    def collections(self) -> None:
        """Each month's file inserted and booked as the import writes a batch
        (`services.collections.import_batch_write`): its voucher, then its rows naming it."""
        unknown = [
            (uscc("91", "440113", 990_000 + i), f"番禺区未登记{name}有限公司")
            for i, name in enumerate(("恒发五金", "联达物流", "新景装饰")[:UNMATCHED])
        ]
        total = 0
        for period in periods():
            rows = [
                self._row(e, period, self._payroll(e, period), self._kind(e, period))
                for e in self.employers
            ]
            if period >= datetime.date(YEARS[-1], 10, 1):  # recent: not matched yet
                for code, name in unknown:
                    payroll = money(D(self.rng.randint(20, 80)) * 4500)
                    rows.append(
                        self._row(None, period, payroll, FundKind.UNION_FUND, uscc=code, name=name)
                    )
            self._insert(period, rows, 1)
            total += len(rows)
        self.counts["collections"] = total

    def _insert(self, period: datetime.date, rows: list[dict[str, Any]], n: int) -> None:
        entry = post_amounts(
            actor=self.actor,
            pairs=[(r["amount"], r["employer_id"] is not None) for r in rows],
            booked_on=max(r["collected_on"] for r in rows),
            source=f"collections:demo{period:%Y%m}:{n}",
            memo=f"税务代收到账（{period:%Y年%m月}所属期，{len(rows)}笔，演示数据）",
        )
        plan = insert_plan(Collection)
        template = plan.template(
            {"entry_id": entry.pk if entry else None, "created_by_id": self.actor.pk}
        )
        insert_rows(Collection, [plan.row(template, r) for r in rows])

    def correct(self) -> Collection:
        """The tax bureau's corrected row for one union-fund collection of 2013-06, after it
        was allocated: the row reversed (`services.collections.collection_reverse`: a
        negative row naming it, allocated as its negation) and the right one added, posted
        as the corrected file's voucher."""
        period = datetime.date(YEARS[0], 6, 1)
        original = (
            Collection.objects.filter(
                period=period, fund_kind=FundKind.UNION_FUND, employer__isnull=False
            )
            .order_by("pk")
            .first()
        )
        collection_reverse(actor=self.actor, collection=original, reason=CORRECTION)
        employer = next(e for e in self.employers if e.pk == original.employer_id)
        payroll = money(original.payroll * D("1.1"))
        replaced = self._row(employer, period, payroll, original.fund_kind)
        replaced["voucher_no"] = f"{original.voucher_no}G"
        self._insert(period, [replaced], 2)
        self.counts["collections"] += 2
        return original

    def allocate(self) -> int:
        return allocate_pending(actor=self.actor)

    # -- refunds ------------------------------------------------------------------------------
    def refunds(self) -> None:
        failed: list[RefundLine] = []
        for period in periods():
            batch = batch_create(actor=self.actor, period=period)
            _issued(batch, month_after(period, ISSUE_AFTER))
            lines = list(batch.lines.order_by("pk"))
            late, failing = self._choose(period.year, lines)
            aside = {x.pk for x in (*late, *failing)}
            on_time = [x for x in lines if x.pk not in aside]
            self._pay(batch, on_time, month_after(period, PAID_AFTER), 1)
            for i in range(LATE_DAYS):  # late in a few paydays after the due date
                paid_on = month_after(period, 31 + 7 * i)
                self._pay(batch, late[i::LATE_DAYS], paid_on, 2 + i)
            RefundLine.objects.filter(pk__in=[x.pk for x in failing]).update(
                state=RefundState.FAILED, failure_reason=FAILURE
            )
            failed.extend(failing)
            _returned(batch, month_after(period, PAID_AFTER))
        self.repay(failed)

    def _choose(self, year: int, lines: list[RefundLine]) -> tuple[list, list]:
        """Which lines are late (their retained share adding up to the year's late share of
        the month's) and which fail (a few a year, spread over its months)."""
        order = lines[:]
        self.rng.shuffle(order)
        target = LATE_SHARE[year] * sum(x.share_amount for x in lines)
        late, taken = [], D(0)
        for line in order:
            if taken + line.share_amount > target:
                continue
            late.append(line)
            taken += line.share_amount
        taken_pks = {x.pk for x in late}
        rest = [x for x in order if x.pk not in taken_pks]
        failing = rest[:1] if rest and self.rng.random() < FAILED_LINES / 12 else []
        return late, failing

    def repay(self, failed: list[RefundLine]) -> None:
        """The failed lines' money is due again: a second batch of their period, paid late
        once the unions corrected their accounts; the last few stay failed (due, unpaid)."""
        keep = {x.pk for x in failed[-LEFT_FAILED:]} if len(failed) > LEFT_FAILED else set()
        for period in sorted({x.period for x in failed if x.pk not in keep}):
            unions = {x.union_id for x in failed if x.period == period and x.pk not in keep}
            batch = batch_create(actor=self.actor, period=period)
            _issued(batch, month_after(period, 50))
            lines = [x for x in batch.lines.order_by("pk") if x.union_id in unions]
            if lines:
                self._pay(batch, lines, month_after(period, 60), 1)
            _returned(batch, month_after(period, 60))
            others = [x.pk for x in batch.lines.all() if x.union_id not in unions]
            if others:  # not expected: a batch of the failed lines only
                raise RuntimeError(f"补发批次{batch.number}含有非失败工会的返拨。")
        self.counts["failed_left"] = len(keep)

    def _pay(self, batch: RefundBatch, lines: list, paid_on: datetime.date, n: int) -> None:
        if lines:
            lines_paid(
                actor=self.actor,
                lines=lines,
                paid_on=paid_on,
                source=f"refund:demo{batch.number}:{n}",
            )


def _end(period: datetime.date) -> datetime.date:
    return month_after(period, -COLLECTED_DAY)  # the first of the next month, less a day


def _issued(batch: RefundBatch, day: datetime.date) -> None:
    """The batch dated when the district would have issued it (the service dates it today)."""
    RefundBatch.objects.filter(pk=batch.pk).update(issued_on=day)
    batch.issued_on = day


def _returned(batch: RefundBatch, day: datetime.date) -> None:
    """The bank's return as `services.refunds.batch_returned` records it (its counts from the
    lines), without the notices to the unions: the demo's failures are long settled."""
    lines = batch.lines.all()
    RefundBatch.objects.filter(pk=batch.pk).update(
        state=RefundBatchState.RETURNED,
        returned_on=day,
        paid_count=lines.filter(state=RefundState.PAID).count(),
        failed_count=lines.filter(state=RefundState.FAILED).count(),
    )


def build(context: DemoContext) -> dict[str, Any]:
    if context.as_of.year <= YEARS[-1]:
        return {}  # the two years are history: a run dated in them has none
    employers = (
        list(context.built["orgs"].employers)
        if "orgs" in context.built
        else list(Employer.objects.all())
    )
    builder = FinanceBuilder(seed=context.seed, employers=employers)
    builder.rules()
    accounts = builder.bank_accounts()
    builder.collections()
    builder.allocate()
    builder.correct()
    allocated = builder.allocate()
    builder.refunds()
    built = {**builder.counts, "bank_accounts": accounts, "allocated_after_correction": allocated}
    context.built["finance"] = built
    context.count("finance_collections", "代收记录", builder.counts["collections"])
    return built


# After the accounts: the district's staff login does the work (the services' actor).
register_demo_builder(
    DemoBuilder(
        "finance",
        build,
        after=("orgs", "accounts"),
        label="工会经费：2013、2014年税务代收、按方案分配、返拨基层工会（演示比例）",
    )
)
