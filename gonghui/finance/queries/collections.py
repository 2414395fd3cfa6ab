"""Reads of collections (FUND-1), each within the user's scope (`visible_to`): the list with
its totals, one row and its chain, the rows waiting to be matched, and the three lists the
issue asks for: employers that paid the preparation fund (no union: a formation lead),
unionized employers that did not pay in a month, payroll bases that jump.

The three lists read the standing rows only (not reversed, not a reversal): what the tax
bureau's files say now. Filters are given as values (the pages' forms) or text (the export
job's JSON, the API)."""

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Window,
)
from django.db.models.functions import ExtractMonth, ExtractYear, Lag

from gonghui.core.errors import ApplicationError
from gonghui.core.forms import as_date, as_flag, as_int
from gonghui.core.money import sum_money
from gonghui.core.scope import access
from gonghui.core.storable import id_in_range
from gonghui.orgs.models import Employer, Organization

from ..choices import CollectionState, FundKind
from ..models import Collection, LedgerEntry
from ..rules import collections as rules
from ..services.collections import MATCH, STANDING, VIEW

JUMP_DEFAULT = 50  # percent


def as_month(value: Any) -> datetime.date | None:
    """A month filter: a date (the page's form), "2013-01" or "2013-01-01" (JSON, the API)."""
    if value in (None, ""):
        return None
    try:
        return rules.parse_period(value)
    except ApplicationError:
        return None


def _org_path(user: Any, pk: Any) -> str | None:
    if not id_in_range(pk):
        return None
    rows = Organization.objects.visible_to(user).filter(pk=pk)
    return rows.values_list("path", flat=True).first()


def _common(qs: QuerySet, user: Any, f: dict[str, Any], prefix: str = "") -> QuerySet:
    """Filters every list shares: org (a subtree), town, period_from, period_to, fund_kind."""
    if org := as_int(f.get("org")):
        path = _org_path(user, org)
        qs = qs.within(path) if path else qs.none()
    if town := as_int(f.get("town")):
        qs = qs.filter(**{f"{prefix}employer__town_id": town})
    if month := as_month(f.get("period_from")):
        qs = qs.filter(**{f"{prefix}period__gte": month})
    if month := as_month(f.get("period_to")):
        qs = qs.filter(**{f"{prefix}period__lte": month})
    if kind := f.get("fund_kind"):
        qs = qs.filter(**{f"{prefix}fund_kind": kind})
    return qs


def collection_filter(qs: QuerySet, user: Any, f: dict[str, Any]) -> QuerySet:
    """The list's filters: org, town, period_from, period_to, fund_kind, state, employer,
    uscc, collected_from, collected_to, reversal (yes: reversal rows only; no: none)."""
    qs = _common(qs, user, f)
    if state := f.get("state"):
        qs = qs.filter(state=state)
    if employer := as_int(f.get("employer")):
        qs = qs.filter(employer_id=employer)
    if uscc := str(f.get("uscc") or "").strip().upper():
        qs = qs.filter(uscc__startswith=uscc) if len(uscc) < 18 else qs.filter(uscc=uscc)
    if day := as_date(f.get("collected_from")):
        qs = qs.filter(collected_on__gte=day)
    if day := as_date(f.get("collected_to")):
        qs = qs.filter(collected_on__lte=day)
    if (reversal := as_flag(f.get("reversal"))) is not None:
        qs = qs.filter(reverses__isnull=not reversal)
    return qs


def collection_list(*, user: Any, filters: dict[str, Any] | None = None) -> QuerySet[Collection]:
    qs = collection_filter(Collection.objects.visible_to(user, VIEW), user, filters or {})
    return qs.select_related("employer", "employer__town").order_by("-period", "uscc", "-pk")


def collection_totals(rows: QuerySet) -> dict[str, Any]:
    """Count and sums of the listed rows (reversals are negative: the sums are net)."""
    totals = rows.order_by().aggregate(
        count=Count("pk"), amount=sum_money("amount"), payroll=sum_money("payroll")
    )
    return totals


def collection_get(*, user: Any, pk: Any) -> Collection:
    return access(
        Collection.objects.select_related(
            "employer", "employer__town", "employer__union", "reverses", "entry", "run"
        ),
        user,
        pk,
        VIEW,
    )


def collection_chain(*, user: Any, collection: Collection) -> QuerySet[Collection]:
    """Every row of the collection's key the user sees, oldest first: the rows a corrected
    file replaced, their reversals, the standing one."""
    rows = Collection.objects.visible_to(user, VIEW).filter(
        uscc=collection.uscc, period=collection.period, fund_kind=collection.fund_kind
    )
    return rows.select_related("entry").order_by("pk")


def match_entry(collection: Collection) -> LedgerEntry | None:
    return LedgerEntry.objects.filter(source=f"match:{collection.pk}").first()


def unmatched(user: Any) -> QuerySet[Collection]:
    """Standing rows not matched to an employer, for whoever may match them."""
    return Collection.objects.visible_to(user, MATCH).filter(
        STANDING, state=CollectionState.UNMATCHED
    )


def unmatched_count(user: Any) -> int:
    return unmatched(user).count()


def same_uscc_unmatched(*, user: Any, collection: Collection) -> QuerySet[Collection]:
    return unmatched(user).filter(uscc=collection.uscc).order_by("period", "pk")


def standing(user: Any) -> QuerySet[Collection]:
    return Collection.objects.visible_to(user, VIEW).filter(STANDING)


# ---- employers that paid without a union (preparation fund) --------------------------------


def payers_without_union(*, user: Any, filters: dict[str, Any] | None = None) -> QuerySet:
    """Per employer (or USCC, when not matched): the preparation fund it paid in the period,
    its months, first and last month. `unionized`: whether it has a union now."""
    f = filters or {}
    qs = _common(standing(user), user, f).filter(fund_kind=FundKind.PREPARATION)
    if (unionized := as_flag(f.get("unionized"))) is not None:
        qs = qs.filter(employer__union__isnull=not unionized, employer__isnull=False)
    grouped = qs.values(
        "uscc", "employer_id", "employer__name", "employer__town__name", "employer__union_id"
    ).annotate(
        name=Max("employer_name"),
        total=Sum("amount"),
        months=Count("period", distinct=True),
        first=Min("period"),
        last=Max("period"),
    )
    return grouped.order_by("-total", "uscc")


def payer_months(user: Any, usccs: list[str], filters: dict[str, Any]) -> dict[str, list]:
    """{USCC: its months} for the listed payers (one query for a page)."""
    qs = _common(standing(user), user, filters).filter(
        fund_kind=FundKind.PREPARATION, uscc__in=usccs
    )
    months: dict[str, list] = {}
    for uscc, period in qs.order_by("uscc", "period").values_list("uscc", "period"):
        months.setdefault(uscc, []).append(period)
    return months


# ---- unionized employers that did not pay in a month ----------------------------------------


def last_period(user: Any) -> datetime.date | None:
    """The latest month any standing row the user sees is of (the lists' default)."""
    return standing(user).order_by().aggregate(last=Max("period"))["last"]


def non_payers(
    *, user: Any, filters: dict[str, Any] | None = None
) -> tuple[datetime.date | None, QuerySet]:
    """(the month, the employers with a union and no standing union-fund row in it); the
    month is the filter's `period`, else the latest with data."""
    f = filters or {}
    period = as_month(f.get("period")) or last_period(user)
    rows = Employer.objects.visible_to(user, VIEW).filter(union__isnull=False)
    if period is None:
        return None, rows.none()
    if org := as_int(f.get("org")):
        path = _org_path(user, org)
        rows = rows.within(path) if path else rows.none()
    if town := as_int(f.get("town")):
        rows = rows.filter(town_id=town)
    paid = Collection.objects.filter(
        STANDING, employer_id=OuterRef("pk"), fund_kind=FundKind.UNION_FUND
    )
    last_paid = paid.order_by("-period").values("period")[:1]
    rows = rows.filter(~Exists(paid.filter(period=period))).annotate(last_paid=Subquery(last_paid))
    return period, rows.select_related("town", "union").order_by("town_id", "name", "pk")


# ---- payroll bases that jump ----------------------------------------------------------------


def payroll_jumps(*, user: Any, filters: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Each month whose payroll changed from the month before by at least `threshold`
    percent (default 50) either way, per USCC and fund kind, the biggest change first."""
    f = filters or {}
    threshold = Decimal(as_int(f.get("threshold")) or JUMP_DEFAULT) / 100
    start = as_month(f.get("period_from"))
    base = _common(standing(user), user, {**f, "period_from": None})
    if start is not None:  # the month before the first, to compare it with
        base = base.filter(period__gte=rules.previous_month(start))
    index = ExtractYear("period") * 12 + ExtractMonth("period")
    key = {"partition_by": [F("uscc"), F("fund_kind")], "order_by": F("period").asc()}
    rows = base.annotate(
        month_index=index,
        previous_payroll=Window(Lag("payroll"), **key),
        previous_index=Window(Lag(index, output_field=IntegerField()), **key),
    )
    # In the database: only a month right after the one compared with, and a change of at
    # least the threshold (the rows checked again below are few).
    rows = rows.filter(
        previous_index=F("month_index") - 1,
        previous_payroll__gt=0,
    ).filter(
        Q(payroll__gte=F("previous_payroll") * (1 + threshold))
        | Q(payroll__lte=F("previous_payroll") * (1 - threshold))
    )
    rows = rows.values(
        "id",
        "uscc",
        "employer_id",
        "employer_name",
        "fund_kind",
        "period",
        "payroll",
        "amount",
        "month_index",
        "previous_payroll",
        "previous_index",
    )
    found = []
    for row in rows.order_by():
        if row["previous_index"] is None or row["month_index"] - row["previous_index"] != 1:
            continue
        if start is not None and row["period"] < start:
            continue
        change = rules.payroll_change(row["previous_payroll"], row["payroll"])
        if change is not None and abs(change) >= threshold:
            row["change"] = change
            row["percent"] = (change * 100).quantize(Decimal("0.1"))
            found.append(row)
    found.sort(key=lambda r: (-abs(r["change"]), r["period"], r["uscc"]))
    return found
