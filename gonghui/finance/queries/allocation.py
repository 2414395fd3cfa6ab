"""Reads of allocation rules and allocations (FUND-2).

A rule is the district's setting and every role with `finance.view` reads every rule (a
town sees the shares it is allocated by). An allocation is seen through its collection's
path (`Allocation.SCOPE_FIELDS`): a town sees its employers' allocations, a grassroots union
its own employers'."""

import datetime
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from gonghui.core.forms import as_date, as_int
from gonghui.core.money import ZERO, sum_money
from gonghui.core.permissions import require
from gonghui.core.scope import access, user_scope_path
from gonghui.core.storable import id_in_range
from gonghui.orgs.models import Organization

from ..choices import AccountKind, CollectionState, FundKind, UpperLevel
from ..models import Allocation, AllocationRule, Collection
from ..rules import allocation as rules
from ..services.collections import NOT_A_REVERSAL

VIEW = "finance.view"
ALLOCATE = "finance.allocate"


# ---- rules ----------------------------------------------------------------------------------


def rules_visible(user: Any, action: str = VIEW) -> QuerySet[AllocationRule]:
    """Every rule, for a user with `action` (rules are the district's settings, not rows
    of an organization); none otherwise."""
    if user is None or not user.can(action) or user_scope_path(user) is None:
        return AllocationRule.objects.none()
    return AllocationRule.objects.all()


def rule_get(*, user: Any, pk: Any, action: str = VIEW) -> AllocationRule:
    require(user, action)
    if not id_in_range(pk):
        raise Http404("未找到该记录。")
    found = rules_visible(user, action).filter(pk=pk).first()
    if found is None:
        raise Http404("未找到该记录。")
    return found


def rule_list(*, user: Any, filters: dict[str, Any] | None = None) -> QuerySet[AllocationRule]:
    filters = filters or {}
    qs = rules_visible(user)
    if (year := as_int(filters.get("year"))) is not None:
        start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        qs = qs.filter(effective_from__lte=end).exclude(effective_to__lt=start)
    return qs.order_by("-effective_from")


def rule_figures(*, user: Any, rule: AllocationRule) -> dict[str, Any]:
    """How many collections the rule allocated and their total, within the user's scope."""
    rows = allocations_visible(user).filter(rule=rule)
    figures = rows.aggregate(count=Count("id"), total=sum_money("amount"))
    return {"count": figures["count"], "total": figures["total"] or ZERO}


def used_rules() -> dict[int, tuple[datetime.date, datetime.date]]:
    """Rule id → (first, last) collection date it allocated, for every rule in use."""
    from django.db.models import Max, Min

    rows = Allocation.objects.values("rule_id").annotate(
        first=Min("collected_on"), last=Max("collected_on")
    )
    return {r["rule_id"]: (r["first"], r["last"]) for r in rows}


def allocations_count(rule: AllocationRule) -> int:
    """How many collections the rule allocated (all of them: its figures are then fixed)."""
    return Allocation.objects.filter(rule=rule).count()


def rule_example(rule: AllocationRule) -> list[tuple[str, str, Any]]:
    """The split of 100.00 by the rule: (part column, label, amount)."""
    parts = rules.split(rules.HUNDRED, rule)
    return [(name, rules.PART_LABELS[name], parts[name]) for name in rules.PARTS]


# ---- allocations ----------------------------------------------------------------------------


def allocations_visible(user: Any, action: str = VIEW) -> QuerySet[Allocation]:
    return Allocation.objects.visible_to(user, action)


def _filter_org(qs: QuerySet, user: Any, pk: Any) -> QuerySet:
    """范围: the subtree of one organization the user sees (the indicators' drill-down)."""
    org = Organization.objects.visible_to(user).filter(pk=pk).first() if id_in_range(pk) else None
    return qs.filter(collection__org_path__startswith=org.path) if org else qs.none()


def allocation_list(*, user: Any, filters: dict[str, Any] | None = None) -> QuerySet[Allocation]:
    """The allocations the user sees, filtered: org (a subtree), town, union, rule,
    fund_kind, period_from / period_to (a month, "2013-05" or "2013-05-01")."""
    filters = filters or {}
    qs = allocations_visible(user)
    if (org := as_int(filters.get("org"))) is not None:
        qs = _filter_org(qs, user, org)
    for name in ("town", "union", "rule"):
        if (pk := as_int(filters.get(name))) is not None:
            qs = qs.filter(**{f"{name}_id": pk}) if id_in_range(pk) else qs.none()
    if (kind := filters.get("fund_kind")) in FundKind.values:
        qs = qs.filter(fund_kind=kind)
    if start := _month(filters.get("period_from")):
        qs = qs.filter(period__gte=start)
    if end := _month(filters.get("period_to")):
        qs = qs.filter(period__lte=end)
    if day := as_date(filters.get("collected_from")):
        qs = qs.filter(collected_on__gte=day)
    if day := as_date(filters.get("collected_to")):
        qs = qs.filter(collected_on__lte=day)
    return qs.select_related("collection", "rule", "union", "town").order_by("-period", "id")


def _month(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value.replace(day=1)
    month, _problem = rules.parse_month(value)
    return month


def allocation_totals(qs: QuerySet[Allocation]) -> dict[str, Any]:
    """The amount and every part summed over the filtered list (its totals row)."""
    names = ("amount", *rules.PARTS)
    totals = qs.order_by().aggregate(count=Count("id"), **{name: sum_money(name) for name in names})
    return totals


def allocation_get(*, user: Any, pk: Any) -> Allocation:
    """One allocation the user sees (404 alike for missing and out of scope)."""
    qs = Allocation.objects.select_related(
        "collection", "collection__employer", "rule", "union", "town", "entry"
    )
    return access(qs, user, pk, VIEW)


def part_accounts(allocation: Allocation) -> list[dict[str, Any]]:
    """Each part of the allocation with the account it was credited to (the voucher's
    lines hold the sums of the whole chunk; this names the organization and the account)."""
    district = allocation.entry.org
    held = allocation.union_id is None
    union_account = (
        (allocation.town, AccountKind.PREPARATION_HELD, "")
        if held
        else (allocation.union, AccountKind.REFUND_PAYABLE, "")
    )
    targets = {
        "union_part": union_account,
        "town_part": (allocation.town, AccountKind.INCOME, ""),
        "district_part": (district, AccountKind.INCOME, ""),
        "town_retained_part": (allocation.town, AccountKind.INCOME, ""),
        "extra_refund_part": union_account,
        "city_part": (district, AccountKind.UPPER_PAYABLE, UpperLevel.CITY),
        "province_part": (district, AccountKind.UPPER_PAYABLE, UpperLevel.PROVINCE),
        "national_part": (district, AccountKind.UPPER_PAYABLE, UpperLevel.NATIONAL),
    }
    rows = []
    for name in rules.PARTS:
        org, kind, level = targets[name]
        label = AccountKind(kind).label + (f"（{UpperLevel(level).label}）" if level else "")
        rows.append(
            {
                "name": name,
                "label": rules.PART_LABELS[name],
                "amount": getattr(allocation, name),
                "org": org,
                "account": label,
            }
        )
    return rows


# ---- what waits for a run ----------------------------------------------------------------

TODO_CAP = 10_000  # the inbox counts at most this many (a count over a year's rows costs)


def pending(
    period_from: datetime.date | None = None, period_to: datetime.date | None = None
) -> QuerySet[Collection]:
    """The collections a run allocates: matched standing rows, and reversal rows whose
    original is allocated or waits for the same run; none allocated yet."""
    # `allocated_at` is the database's mark of an Allocation (finance migration 0003).
    original_waits = Q(reverses__state=CollectionState.MATCHED) & Q(
        reverses__allocated_at__isnull=True
    )
    qs = Collection.objects.filter(allocated_at__isnull=True).filter(
        (NOT_A_REVERSAL & Q(state=CollectionState.MATCHED))
        | Q(reverses__isnull=False, reverses__allocated_at__isnull=False)
        | (Q(reverses__isnull=False) & original_waits)
    )
    if period_from:
        qs = qs.filter(period__gte=period_from)
    if period_to:
        qs = qs.filter(period__lte=period_to)
    return qs


def pending_count(user: Any) -> int:
    """The matched collections in the user's scope not allocated yet (the to-do), capped."""
    rows = Collection.objects.visible_to(user, ALLOCATE).filter(
        NOT_A_REVERSAL, state=CollectionState.MATCHED, allocated_at__isnull=True
    )
    return rows.values("id")[:TODO_CAP].count()
