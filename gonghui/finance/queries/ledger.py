"""Reads of the ledger (FUND-3): vouchers, balances, the trial balance, statements.

A voucher is the user's when any of its lines moves an account of their scope (an Exists
over the lines, never a join that repeats the voucher); all its lines are then shown, since
a voucher is only readable whole. Every figure is a sum in SQL over the lines (or the
collections, allocations and refund lines), never a Python loop over rows.
"""

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, TruncMonth
from django.http import Http404
from django.urls import NoReverseMatch, reverse

from gonghui.core.forms import as_date, as_int
from gonghui.core.money import ZERO, MoneyField, sum_money
from gonghui.core.permissions import require
from gonghui.core.scope import NOT_FOUND, access, scope_covers_everything, user_scope_path
from gonghui.core.storable import id_in_range
from gonghui.orgs.models import Employer, Organization

from ..choices import AccountKind, EntryKind, RefundState
from ..models import Account, Allocation, Collection, LedgerEntry, LedgerLine, RefundLine

VIEW = "finance.view"
REPORTS = "finance.reports"
REVERSE = "finance.entries.reverse"


def _sum(expression: Any, condition: Q | None = None) -> Coalesce:
    """core.money.sum_money with a condition (one pass over the lines for several sums)."""
    return Coalesce(Sum(expression, filter=condition or None), ZERO, output_field=MoneyField())


def entries_visible(user: Any, action: str = VIEW) -> QuerySet[LedgerEntry]:
    """The vouchers with a line on an account of the user's scope."""
    if user is None or not user.can(action) or user_scope_path(user) is None:
        return LedgerEntry.objects.none()
    if scope_covers_everything(user):
        return LedgerEntry.objects.all()
    mine = Account.objects.visible_to(user).values("pk")
    return LedgerEntry.objects.filter(
        Exists(LedgerLine.objects.filter(entry=OuterRef("pk"), account__in=mine))
    )


def _org_in_scope(user: Any, pk: Any) -> Organization | None:
    pk = as_int(pk)
    if pk is None or not id_in_range(pk):
        return None
    return Organization.objects.visible_to(user).filter(pk=pk).first()


def entry_list(*, user: Any, filters: dict[str, Any] | None = None) -> QuerySet[LedgerEntry]:
    """The list page's vouchers, filtered as its form gives (text accepted)."""
    filters = filters or {}
    rows = entries_visible(user).select_related("org")
    lines = LedgerLine.objects.filter(entry=OuterRef("pk"))
    if "org" in filters:
        org = _org_in_scope(user, filters["org"])
        if org is None:
            return rows.none()
        rows = rows.filter(Exists(lines.filter(account__in=Account.objects.within(org.path))))
    if (kind := filters.get("account_kind")) in AccountKind.values:
        rows = rows.filter(Exists(lines.filter(account__kind=kind)))
    if (kind := filters.get("kind")) in EntryKind.values:
        rows = rows.filter(kind=kind)
    if day := as_date(filters.get("booked_from")):
        rows = rows.filter(booked_on__gte=day)
    if day := as_date(filters.get("booked_to")):
        rows = rows.filter(booked_on__lte=day)
    if q := str(filters.get("q") or "").strip()[:80]:
        rows = rows.filter(Q(source__icontains=q) | Q(memo__icontains=q))
    return rows.order_by("-booked_on", "-id")


def entry_get(*, user: Any, pk: Any) -> LedgerEntry:
    """One voucher of the user's scope: 403 without finance.view, 404 alike for missing
    and not theirs."""
    require(user, VIEW)
    if not id_in_range(pk):
        raise Http404(NOT_FOUND)
    found = (
        entries_visible(user)
        .select_related("org", "created_by", "reverses", "reversed_by")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404(NOT_FOUND)
    return found


def entry_lines(entry: LedgerEntry) -> list[LedgerLine]:
    return list(entry.lines.select_related("account__org").order_by("-debit", "id"))


def reversed_by(entry: LedgerEntry) -> LedgerEntry | None:
    return LedgerEntry.objects.filter(reverses=entry).first()


# What a voucher's source names, as a page: (prefix, URL name, which part is the pk).
_SOURCES = (
    ("collections", "importing:import_detail", 1),
    ("refund", "importing:import_detail", 1),
    ("match", "finance:collection_detail", 1),
    ("assistance.grant", "assistance:grant_detail", 1),
    ("assistance.disbursement", "assistance:disbursement_detail", 1),
    ("mutualaid.claim", "mutualaid:claim_detail", 1),
    ("mutualaid.payout", "mutualaid:payout_detail", 1),
)


def source_link(source: str | None) -> str:
    """The page of the thing a voucher records, where it is a known one ("" if not)."""
    parts = (source or "").split(":")
    for prefix, name, index in _SOURCES:
        if parts[0] == prefix and len(parts) > index and parts[index].isdigit():
            try:
                return reverse(name, args=[int(parts[index])])
            except NoReverseMatch:  # that part's pages are not mounted
                return ""
    return ""


# ---- reports ---------------------------------------------------------------------------------


def _booked(prefix: str, start: datetime.date | None, end: datetime.date | None) -> Q:
    q = Q()
    if start:
        q &= Q(**{f"{prefix}entry__booked_on__gte": start})
    if end:
        q &= Q(**{f"{prefix}entry__booked_on__lte": end})
    return q


def balances(
    *,
    user: Any,
    org: Organization,
    start: datetime.date | None,
    end: datetime.date | None,
    subtree: bool = True,
) -> dict[str, Any]:
    """Each account of `org` (and its subtree): opening balance before `start`, debits and
    credits within [start, end], closing balance; signed + debit / − credit."""
    accounts = Account.objects.visible_to(user, REPORTS)
    accounts = accounts.within(org.path) if subtree else accounts.filter(org=org)
    within = _booked("lines__", start, end)
    opening: Any = (
        _sum(F("lines__debit") - F("lines__credit"), Q(lines__entry__booked_on__lt=start))
        if start
        else Value(ZERO, output_field=MoneyField())
    )
    rows = (
        accounts.select_related("org")
        .annotate(
            opening=opening,
            debits=_sum("lines__debit", within),
            credits=_sum("lines__credit", within),
        )
        .order_by("org_path", "kind", "level", "program")
    )
    rows = list(rows)
    for row in rows:  # per account, in Python: SQLite's arithmetic on sums is a float
        row.closing = row.opening + row.debits - row.credits
    lines = LedgerLine.objects.filter(account__in=accounts.values("pk"))
    totals = lines.aggregate(
        debits=_sum("debit", _booked("", start, end)),
        credits=_sum("credit", _booked("", start, end)),
    )
    totals["opening"] = (
        lines.filter(entry__booked_on__lt=start).aggregate(b=_sum(F("debit") - F("credit")))["b"]
        if start
        else ZERO
    )
    totals["closing"] = totals["opening"] + totals["debits"] - totals["credits"]
    return {"rows": rows, "totals": totals}


def trial_balance(
    *, user: Any, start: datetime.date | None, end: datetime.date | None
) -> dict[str, Any]:
    """Debits and credits per account kind over the scope's accounts within [start, end],
    and each kind's balance at `end`; over the whole ledger the two sides are equal."""
    lines = LedgerLine.objects.filter(
        account__in=Account.objects.visible_to(user, REPORTS).values("pk")
    )
    if end:
        lines = lines.filter(entry__booked_on__lte=end)
    within = _booked("", start, None)
    figures = {
        r["account__kind"]: r
        for r in lines.values("account__kind").annotate(
            debits=_sum("debit", within),
            credits=_sum("credit", within),
            balance=_sum(F("debit") - F("credit")),
        )
    }
    rows = [
        {
            "kind": kind,
            "label": label,
            "debits": figures.get(kind, {}).get("debits", ZERO),
            "credits": figures.get(kind, {}).get("credits", ZERO),
            "balance": figures.get(kind, {}).get("balance", ZERO),
        }
        for kind, label in AccountKind.choices
    ]
    totals = lines.aggregate(debits=_sum("debit", within), credits=_sum("credit", within))
    totals["difference"] = totals["debits"] - totals["credits"]
    return {"rows": rows, "totals": totals}


def account_balance(account: Account) -> Decimal:
    """Debits less credits of one account (a sum over its lines)."""
    return account.lines.aggregate(b=_sum(F("debit") - F("credit")))["b"]


def towns_for_reports(user: Any) -> QuerySet[Organization]:
    from gonghui.orgs.queries import towns_visible

    return towns_visible(user) if user.can(REPORTS) else Organization.objects.none()


def town_get(*, user: Any, pk: Any, field: str | None = None) -> Organization:
    require(user, REPORTS)
    return access(towns_for_reports(user), user, pk, field=field)


def employer_get(*, user: Any, pk: Any, field: str | None = None) -> Employer:
    return access(Employer.objects.select_related("union", "town"), user, pk, REPORTS, field=field)


def _period(prefix: str, start: datetime.date | None, end: datetime.date | None) -> Q:
    q = Q()
    if start:
        q &= Q(**{f"{prefix}__gte": start.replace(day=1)})
    if end:
        q &= Q(**{f"{prefix}__lte": end})
    return q


def town_statement(
    *, user: Any, town: Organization, start: datetime.date | None, end: datetime.date | None
) -> dict[str, Any]:
    """A town's statement: its employers' collections by month (the period), its own
    income share by month booked (ledger), and its unions' refunds due and paid."""
    collected = (
        Collection.objects.visible_to(user, REPORTS)
        .filter(employer__town=town)
        .filter(_period("period", start, end))
    )
    income = (
        LedgerLine.objects.filter(account__org=town, account__kind=AccountKind.INCOME)
        .filter(account__in=Account.objects.visible_to(user, REPORTS).values("pk"))
        .filter(_booked("", start, end))
    )
    return {
        "town": town,
        "collections": list(
            collected.values("period")
            .annotate(count=Count("id"), amount=sum_money("amount"))
            .order_by("period")
        ),
        "collections_total": collected.aggregate(t=sum_money("amount"))["t"],
        "income": list(
            income.annotate(month=TruncMonth("entry__booked_on"))
            .values("month")
            .annotate(amount=_sum(F("credit") - F("debit")))
            .order_by("month")
        ),
        "income_total": income.aggregate(t=_sum(F("credit") - F("debit")))["t"],
        "refunds": _union_refunds(user, town, start, end),
    }


def _union_refunds(
    user: Any, town: Organization, start: datetime.date | None, end: datetime.date | None
) -> dict[str, Any]:
    """Per union of the town: allocated to it (due), paid, and so due unpaid."""
    due = (
        Allocation.objects.filter(
            union__in=Organization.objects.visible_to(user).filter(path__startswith=town.path)
        )
        .filter(_period("period", start, end))
        .values("union")
        .annotate(due=_sum(F("union_part") + F("extra_refund_part")))
    )
    paid = (
        RefundLine.objects.visible_to(user, REPORTS)
        .filter(org_path__startswith=town.path, state=RefundState.PAID)
        .filter(_period("period", start, end))
        .values("union")
        .annotate(paid=sum_money("amount"))
    )
    if not user.can(REPORTS):
        due = due.none()
    figures: dict[int, dict[str, Decimal]] = {}
    for row in due:
        figures.setdefault(row["union"], {"due": ZERO, "paid": ZERO})["due"] = row["due"]
    for row in paid:
        figures.setdefault(row["union"], {"due": ZERO, "paid": ZERO})["paid"] = row["paid"]
    names = Organization.objects.filter(pk__in=list(figures)).order_by("path")
    rows = [
        {"union": u, **figures[u.pk], "unpaid": figures[u.pk]["due"] - figures[u.pk]["paid"]}
        for u in names
    ]
    totals = {
        "due": sum((r["due"] for r in rows), ZERO),
        "paid": sum((r["paid"] for r in rows), ZERO),
    }
    totals["unpaid"] = totals["due"] - totals["paid"]
    return {"rows": rows, "totals": totals}


PARTS = ("union_part", "extra_refund_part", "town_part", "town_retained_part", "district_part")


def employer_statement(
    *, user: Any, employer: Employer, start: datetime.date | None, end: datetime.date | None
) -> dict[str, Any]:
    """An employer's statement: its collections by period with each one's allocation parts,
    and what its union was refunded."""
    rows = (
        Collection.objects.visible_to(user, REPORTS)
        .filter(employer=employer)
        .filter(_period("period", start, end))
        .annotate(
            **{p: Coalesce(F(f"allocation__{p}"), ZERO, output_field=MoneyField()) for p in PARTS},
            upper=Coalesce(
                F("allocation__city_part")
                + F("allocation__province_part")
                + F("allocation__national_part"),
                ZERO,
                output_field=MoneyField(),
            ),
        )
        .order_by("period", "id")
    )
    totals = rows.aggregate(
        amount=sum_money("amount"),
        **{p: _sum(f"allocation__{p}") for p in PARTS},
        upper=_sum(
            F("allocation__city_part")
            + F("allocation__province_part")
            + F("allocation__national_part")
        ),
    )
    refunds = RefundLine.objects.none()
    if employer.union_id:
        refunds = (
            RefundLine.objects.visible_to(user, REPORTS)
            .filter(union_id=employer.union_id)
            .filter(_period("period", start, end))
            .order_by("period", "id")
        )
    return {
        "employer": employer,
        "rows": list(rows),
        "totals": totals,
        "refunds": list(refunds),
        "refunded": refunds.filter(state=RefundState.PAID).aggregate(t=sum_money("amount"))["t"],
    }
