"""Reads of refunds (FUND-3): union bank accounts, refund lines and batches, what is due to
each union for a period, and what is due and unpaid. Every one starts from the user's scope:
a refund line and a bank account are their union's (`org_path`), a batch the district's;
allocations are read through the unions the user sees."""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, F, Max, Min, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from gonghui.core.clock import today
from gonghui.core.forms import as_date, as_int
from gonghui.core.money import ZERO, MoneyField, sum_money
from gonghui.core.scope import access
from gonghui.orgs.choices import OrgKind
from gonghui.orgs.models import Organization

from ..choices import FundKind, RefundState
from ..models import Allocation, Collection, RefundBatch, RefundLine, UnionBankAccount
from ..rules import refunds as rules

VIEW = "finance.view"
MANAGE = "finance.refunds.manage"
ACCOUNTS = "finance.bank_accounts.manage"
BANK_RETURN = "finance.bank_return"
# The lines whose money is no longer due: on the bank's list, or paid. A failed line's is.
COUNTED = (RefundState.WAITING, RefundState.PAID)
OPEN = (RefundState.WAITING, RefundState.FAILED)


def _month(value: Any) -> datetime.date | None:
    """A period filter: "2013-05" or a date, as the first of its month."""
    text = str(value or "").strip()
    if len(text) == 7:
        text += "-01"
    found = as_date(value if isinstance(value, datetime.date) else text)
    return rules.month(found) if found else None


def unions_visible(user: Any) -> QuerySet[Organization]:
    """The grassroots unions of the user's scope (those refunds go to)."""
    return Organization.objects.visible_to(user).filter(kind=OrgKind.GRASSROOTS)


def _allocations(user: Any) -> QuerySet[Allocation]:
    """Union-fund allocations to the unions the user sees (the money a union is due)."""
    return Allocation.objects.filter(
        fund_kind=FundKind.UNION_FUND, union__in=unions_visible(user).values("pk")
    )


def _within(rows: QuerySet, user: Any, org: Any, field: str = "org_path") -> QuerySet:
    found = Organization.objects.visible_to(user).filter(pk=as_int(org)).first()
    if found is None:
        return rows.none()
    return rows.filter(**{f"{field}__startswith": found.path})


# ---- bank accounts -----------------------------------------------------------------------------


def bank_account_list(
    *, user: Any, filters: dict[str, Any] | None = None
) -> QuerySet[UnionBankAccount]:
    filters = filters or {}
    rows = UnionBankAccount.objects.visible_to(user, VIEW).select_related("org", "org__town")
    if q := str(filters.get("q") or "").strip():
        rows = rows.filter(Q(org__name__contains=q) | Q(account_name__contains=q))
    if town := as_int(filters.get("town")):
        rows = rows.filter(org__town_id=town)
    if org := filters.get("org"):
        rows = _within(rows, user, org)
    return rows.order_by("org_path")


def bank_account_get(*, user: Any, pk: Any) -> UnionBankAccount:
    return access(UnionBankAccount.objects.select_related("org", "org__town"), user, pk, VIEW)


def unions_without_account(user: Any) -> QuerySet[Organization]:
    """Active grassroots unions of the scope with no bank account (the create form's choice)."""
    return unions_visible(user).filter(is_active=True, bank_account__isnull=True)


# ---- refund lines ------------------------------------------------------------------------------


def refund_list(*, user: Any, filters: dict[str, Any] | None = None) -> QuerySet[RefundLine]:
    """The refunds the user sees (a chair: its own union's), filtered as the page's form gives."""
    f = filters or {}
    rows = RefundLine.objects.visible_to(user, VIEW).select_related("union", "union__town", "batch")
    if org := f.get("org"):
        rows = _within(rows, user, org)
    if town := as_int(f.get("town")):
        rows = rows.filter(union__town_id=town)
    if union := as_int(f.get("union")):
        rows = rows.filter(union_id=union)
    if batch := as_int(f.get("batch")):
        rows = rows.filter(batch_id=batch)
    if (state := f.get("state")) in RefundState.values:
        rows = rows.filter(state=state)
    if start := _month(f.get("period_from")):
        rows = rows.filter(period__gte=start)
    if end := _month(f.get("period_to")):
        rows = rows.filter(period__lte=end)
    if start := as_date(f.get("paid_from")):
        rows = rows.filter(paid_on__gte=start)
    if end := as_date(f.get("paid_to")):
        rows = rows.filter(paid_on__lte=end)
    if _yes(f.get("overdue")):
        rows = rows.filter(state__in=OPEN, due_on__lt=today())
    # paid by the due date (rules.refunds.on_time), or after it
    if (on_time := f.get("on_time")) in ("yes", "no"):
        paid = rows.filter(state=RefundState.PAID)
        on = paid.filter(paid_on__lte=F("due_on"))
        rows = on if on_time == "yes" else paid.filter(paid_on__gt=F("due_on"))
    if _yes(f.get("retry")):
        rows = rows.filter(state=RefundState.FAILED).filter(~Exists(_later()))
    return rows.order_by("-period", "number")


def _yes(value: Any) -> bool:
    return str(value or "") in ("1", "yes", "True", "true")


def _later() -> QuerySet[RefundLine]:
    """A later line of the same union and period (a failed one taken again)."""
    return RefundLine.objects.filter(
        union_id=OuterRef("union_id"), period=OuterRef("period"), pk__gt=OuterRef("pk")
    )


def refund_get(*, user: Any, pk: Any) -> RefundLine:
    return access(
        RefundLine.objects.select_related("union", "union__town", "batch", "entry"), user, pk, VIEW
    )


def later_lines(*, user: Any, line: RefundLine) -> QuerySet[RefundLine]:
    """The union's lines of the same period made after this one (a failed one taken again)."""
    return RefundLine.objects.visible_to(user, VIEW).filter(
        union_id=line.union_id, period=line.period, pk__gt=line.pk
    )


def failed_open(user: Any) -> QuerySet[RefundLine]:
    """Failed lines no later line of their union and period has taken again."""
    return (
        RefundLine.objects.visible_to(user, MANAGE)
        .filter(state=RefundState.FAILED)
        .filter(~Exists(_later()))
    )


def failed_count(user: Any) -> int:
    """The to-do: failed refunds waiting for the next batch."""
    return failed_open(user).count()


# ---- batches -----------------------------------------------------------------------------------


def batch_list(*, user: Any, filters: dict[str, Any] | None = None) -> QuerySet[RefundBatch]:
    f = filters or {}
    rows = RefundBatch.objects.visible_to(user, VIEW)
    if (state := f.get("state")) in ("issued", "returned"):
        rows = rows.filter(state=state)
    if start := _month(f.get("period_from")):
        rows = rows.filter(period__gte=start)
    if end := _month(f.get("period_to")):
        rows = rows.filter(period__lte=end)
    return rows.order_by("-period", "-id")


def batch_get(*, user: Any, pk: Any) -> RefundBatch:
    return access(RefundBatch.objects.select_related("created_by"), user, pk, VIEW)


def batch_lines(*, user: Any, batch: RefundBatch) -> QuerySet[RefundLine]:
    return (
        RefundLine.objects.visible_to(user, VIEW)
        .filter(batch=batch)
        .select_related("union")
        .order_by("number")
    )


def line_counts(*, batch: RefundBatch) -> dict[str, int]:
    return batch.lines.aggregate(
        waiting=Count("id", filter=Q(state=RefundState.WAITING)),
        paid=Count("id", filter=Q(state=RefundState.PAID)),
        failed=Count("id", filter=Q(state=RefundState.FAILED)),
    )


def return_runs(*, user: Any, batch: RefundBatch) -> QuerySet:
    """The bank-return imports of this batch that the user sees."""
    from gonghui.core.importing.models import ImportRun

    return (
        ImportRun.objects.visible_to(user)
        .filter(kind=BANK_RETURN, target_id=batch.pk)
        .order_by("-created_at")
    )


def batch_choices(user: Any) -> QuerySet[RefundBatch]:
    """The batches a return may go into: those the user may refund."""
    return RefundBatch.objects.visible_to(user, MANAGE)


# ---- what is due -------------------------------------------------------------------------------


@dataclass
class DueRow:
    """What one union is due for one period (rules.due_parts), and where it is paid."""

    union_id: int
    union_name: str
    union_path: str
    share: Decimal
    extra: Decimal
    due: Decimal
    due_on: datetime.date
    bank_account: UnionBankAccount | None = None
    has_account: bool = False


def due_rows(*, user: Any, period: datetime.date, accounts: bool = True) -> list[DueRow]:
    """Each union of the scope with union-fund allocations in `period`: what is still due
    to it (possibly zero or less, after a reversal), with its bank account (`accounts`:
    the whole row, to copy onto a line; else only whether it has one)."""
    allocated = (
        _allocations(user)
        .filter(period=period)
        .values("union_id", "union__name", "union__path")
        .annotate(
            share=sum_money("union_part"),
            extra=sum_money("extra_refund_part"),
            due_on=Max("refund_due_on"),
        )
        .order_by("union__path")
    )
    refunded = {
        r["union_id"]: r
        for r in RefundLine.objects.visible_to(user)
        .filter(period=period, state__in=COUNTED)
        .values("union_id")
        .annotate(share=sum_money("share_amount"), extra=sum_money("extra_amount"))
    }
    found = UnionBankAccount.objects.visible_to(user)
    held = (
        {a.org_id: a for a in found}
        if accounts
        else dict.fromkeys(found.values_list("org_id", flat=True))
    )
    rows = []
    for a in allocated:
        done = refunded.get(a["union_id"], {"share": ZERO, "extra": ZERO})
        share, extra, due = rules.due_parts(a["share"], a["extra"], done["share"], done["extra"])
        rows.append(
            DueRow(
                union_id=a["union_id"],
                union_name=a["union__name"],
                union_path=a["union__path"],
                share=share,
                extra=extra,
                due=due,
                due_on=a["due_on"],
                bank_account=held.get(a["union_id"]),
                has_account=a["union_id"] in held,
            )
        )
    return rows


@dataclass
class PeriodDue:
    period: datetime.date
    allocated: Decimal
    refunded: Decimal
    batches: int

    @property
    def due(self) -> Decimal:
        return self.allocated - self.refunded


def _refunded_by_period(user: Any) -> dict[datetime.date, Decimal]:
    lines = RefundLine.objects.visible_to(user).filter(state__in=COUNTED)
    return {
        r["period"]: r["total"] for r in lines.values("period").annotate(total=sum_money("amount"))
    }


def _batches_by_period(user: Any) -> dict[datetime.date, int]:
    batches = RefundBatch.objects.visible_to(user).values("period").annotate(n=Count("id"))
    return {r["period"]: r["n"] for r in batches}


def _allocated_by_period(rows: QuerySet[Allocation]) -> QuerySet:
    # MoneyField: two places (SQLite sums decimals as floats: 0.0000002 is not money due)
    return rows.values("period").annotate(
        total=Coalesce(
            Sum("union_part") + Sum("extra_refund_part"), ZERO, output_field=MoneyField()
        )
    )


def periods_due(*, user: Any) -> list[PeriodDue]:
    """Per period (newest first): allocated to the unions of the scope, on waiting or paid
    lines, and how many batches it has; only periods with something allocated."""
    refunded, batches = _refunded_by_period(user), _batches_by_period(user)
    rows = [
        PeriodDue(
            a["period"], a["total"], refunded.get(a["period"], ZERO), batches.get(a["period"], 0)
        )
        for a in _allocated_by_period(_allocations(user))
    ]
    return sorted(rows, key=lambda r: r.period, reverse=True)


def periods_to_refund_count(user: Any) -> int:
    """The to-do: periods with money due and no batch yet. `periods_due`'s figures, summed
    only for the months without a batch (the home page must not add up every year's
    allocations: 0.7 s at district scale)."""
    if not user.can(MANAGE):
        return 0
    batches = _batches_by_period(user)
    # The months collected (a covering index); allocations are only ever of these.
    months = Collection.objects.order_by().values_list("period", flat=True).distinct()
    waiting = [m for m in months if m not in batches]
    if not waiting:
        return 0
    refunded = _refunded_by_period(user)
    allocated = _allocated_by_period(_allocations(user).filter(period__in=waiting))
    return sum(1 for a in allocated if a["total"] - refunded.get(a["period"], ZERO) > 0)


def missing_accounts(*, user: Any, period: datetime.date) -> list[DueRow]:
    """Unions due money for `period` that have no bank account (a batch leaves them out)."""
    return [
        r
        for r in due_rows(user=user, period=period, accounts=False)
        if r.due > 0 and not r.has_account
    ]


# ---- due and unpaid ----------------------------------------------------------------------------


@dataclass
class Unpaid:
    """One union: allocated to it, paid to it, the difference, the oldest unpaid due date."""

    union_id: int
    union_name: str
    town_name: str
    allocated: Decimal
    paid: Decimal
    oldest_due: datetime.date | None

    @property
    def unpaid(self) -> Decimal:
        return self.allocated - self.paid


def due_unpaid(
    *,
    user: Any,
    period_from: Any = None,
    period_to: Any = None,
    town: Any = None,
    union: Any = None,
    org: Any = None,
    on: Any = None,
) -> list[Unpaid]:
    """Per union of the scope (a town: its unions; a chair: its own): Σ union-fund
    allocations (union part + extra refund) − Σ paid lines, over the periods given, with the
    oldest due date of a period not fully paid. Only unions with something unpaid. `on` (a
    day): as it stood that day — allocations collected by then, lines paid by then (the
    indicator's "due and unpaid at the period's end")."""
    if not user.can(VIEW):
        return []
    unions = unions_visible(user)
    if town := as_int(town):
        unions = unions.filter(town_id=town)
    if union := as_int(union):
        unions = unions.filter(pk=union)
    if org:
        unions = _within(unions, user, org, field="path")
    allocations = Allocation.objects.filter(
        fund_kind=FundKind.UNION_FUND, union__in=unions.values("pk")
    )
    lines = RefundLine.objects.filter(state=RefundState.PAID, union__in=unions.values("pk"))
    if start := _month(period_from):
        allocations, lines = allocations.filter(period__gte=start), lines.filter(period__gte=start)
    if end := _month(period_to):
        allocations, lines = allocations.filter(period__lte=end), lines.filter(period__lte=end)
    if day := as_date(on):
        allocations, lines = (
            allocations.filter(collected_on__lte=day),
            lines.filter(paid_on__lte=day),
        )
    paid = {
        (u, p): total
        for u, p, total in lines.values("union_id", "period")
        .annotate(total=sum_money("amount"))
        .values_list("union_id", "period", "total")
    }
    totals: dict[int, list[Any]] = defaultdict(lambda: [ZERO, ZERO, None])
    for u, p, share, extra, due_on in (
        allocations.values("union_id", "period")
        .annotate(
            share=sum_money("union_part"),
            extra=sum_money("extra_refund_part"),
            due_on=Min("refund_due_on"),
        )
        .values_list("union_id", "period", "share", "extra", "due_on")
    ):
        row, given = totals[u], paid.get((u, p), ZERO)
        row[0] += share + extra
        row[1] += given
        if share + extra > given and (row[2] is None or due_on < row[2]):
            row[2] = due_on
    names = {
        pk: (name, town_name or "")
        for pk, name, town_name in unions.values_list("pk", "name", "town__name")
    }
    rows = [
        Unpaid(u, *names.get(u, ("", "")), allocated=t[0], paid=t[1], oldest_due=t[2])
        for u, t in totals.items()
        if t[0] - t[1] > 0
    ]
    return sorted(rows, key=lambda r: (r.oldest_due or datetime.date.max, r.union_name))


def unpaid_total(rows: list[Unpaid]) -> dict[str, Decimal]:
    return {
        "allocated": sum((r.allocated for r in rows), ZERO),
        "paid": sum((r.paid for r in rows), ZERO),
        "unpaid": sum((r.unpaid for r in rows), ZERO),
    }
