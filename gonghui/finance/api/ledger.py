"""API of the ledger (FUND-3): the same queries, services and scope as the pages; the
reports are audited here too (finance.report.viewed)."""

from typing import Any

from django.http import Http404
from ninja import Query, Router
from ninja.pagination import paginate

from gonghui.core.lists import CappedPagination
from gonghui.core.permissions import require
from gonghui.core.scope import NOT_FOUND, access
from gonghui.orgs.models import Organization

from ..queries import ledger as queries
from ..schemas.ledger import (
    BalanceFilters,
    BalancesOut,
    EmployerStatementOut,
    EntryDetailOut,
    EntryFilters,
    EntryOut,
    ExpenseIn,
    PeriodFilters,
    ReverseIn,
    TownStatementOut,
    TrialBalanceOut,
)
from ..services import expenses
from ..services import ledger as services

router = Router()


def _detail(entry: Any) -> dict[str, Any]:
    mirror = queries.reversed_by(entry)
    return {
        **{f: getattr(entry, f) for f in EntryOut.model_fields if f != "number"},
        "number": entry.number,
        "reversed_by_id": mirror.pk if mirror else None,
        "source_url": queries.source_link(entry.source),
        "lines": [
            {
                "account_id": line.account_id,
                "account": str(line.account),
                "kind": line.account.kind,
                "org_id": line.account.org_id,
                "org": line.account.org.name,
                "debit": line.debit,
                "credit": line.credit,
            }
            for line in queries.entry_lines(entry)
        ],
    }


@router.get("/finance/entries", response=list[EntryOut])
@paginate(CappedPagination, page_size=100)
def list_entries(request, filters: Query[EntryFilters]):
    require(request.user, queries.VIEW)
    return queries.entry_list(user=request.user, filters=filters.dict(exclude_none=True))


@router.get("/finance/entries/{entry_id}", response=EntryDetailOut)
def get_entry(request, entry_id: int):
    """A voucher with all its lines (each account with its organization)."""
    return _detail(queries.entry_get(user=request.user, pk=entry_id))


@router.post("/finance/entries/{entry_id}/reverse", response={201: EntryDetailOut})
def reverse_entry(request, entry_id: int, payload: ReverseIn):
    """The mirror voucher (every line on the other side), naming the entry and why; once."""
    entry = queries.entry_get(user=request.user, pk=entry_id)
    require(request.user, queries.REVERSE)
    mirror = services.reverse(
        actor=request.user, entry=entry, reason=payload.reason, booked_on=payload.booked_on
    )
    return 201, _detail(queries.entry_get(user=request.user, pk=mirror.pk))


@router.post("/finance/expenses", response={201: EntryDetailOut})
def record_expense(request, payload: ExpenseIn):
    """Dr the organization's 经费支出 (program) / Cr its 银行存款; a repeated `key` records once."""
    require(request.user, expenses.RECORD)
    org = access(Organization, request.user, payload.org_id, field="org_id")
    entry = expenses.expense_record(
        actor=request.user,
        org=org,
        program=payload.program,
        amount=payload.amount,
        paid_on=payload.paid_on,
        memo=payload.memo,
        key=payload.key,
    )
    return 201, _detail(queries.entry_get(user=request.user, pk=entry.pk))


def _viewed(request, report: str, filters: Any, **more: Any) -> None:
    given = {k: v for k, v in filters.dict().items() if v is not None}
    services.report_viewed(actor=request.user, report=report, filters={**given, **more})


@router.get("/finance/balances", response=BalancesOut)
def get_balances(request, filters: Query[BalanceFilters]):
    """Each account of the organization (and its subtree): opening, debits, credits, closing."""
    require(request.user, queries.REPORTS)
    org = (
        access(Organization, request.user, filters.org_id, field="org_id")
        if filters.org_id
        else request.user.organization
    )
    if org is None:  # a user of no organization sees no ledger
        raise Http404(NOT_FOUND)
    figures = queries.balances(
        user=request.user,
        org=org,
        start=filters.date_from,
        end=filters.date_to,
        subtree=filters.subtree,
    )
    _viewed(request, "balances", filters, org_id=org.pk)
    rows = [
        {
            "account_id": a.pk,
            "account": str(a),
            "kind": a.kind,
            "org_id": a.org_id,
            "org": a.org.name,
            **{k: getattr(a, k) for k in ("opening", "debits", "credits", "closing")},
        }
        for a in figures["rows"]
    ]
    return {"org_id": org.pk, "subtree": filters.subtree, "rows": rows, "totals": figures["totals"]}


@router.get("/finance/trial-balance", response=TrialBalanceOut)
def get_trial_balance(request, filters: Query[PeriodFilters]):
    """Debits and credits per account kind over the scope; `balanced` when they are equal."""
    require(request.user, queries.REPORTS)
    figures = queries.trial_balance(user=request.user, start=filters.date_from, end=filters.date_to)
    _viewed(request, "trial_balance", filters)
    return {**figures, "balanced": not figures["totals"]["difference"]}


@router.get("/finance/statements/town/{town_id}", response=TownStatementOut)
def get_town_statement(request, town_id: int, filters: Query[PeriodFilters]):
    town = queries.town_get(user=request.user, pk=town_id)
    s = queries.town_statement(
        user=request.user, town=town, start=filters.date_from, end=filters.date_to
    )
    _viewed(request, "town_statement", filters, town=town.pk)
    refunds = s["refunds"]
    return {
        "town_id": town.pk,
        "town": town.name,
        "collections": [
            {"month": r["period"], "count": r["count"], "amount": r["amount"]}
            for r in s["collections"]
        ],
        "collections_total": s["collections_total"],
        "income": [{"month": r["month"], "amount": r["amount"]} for r in s["income"]],
        "income_total": s["income_total"],
        "refunds": [
            {
                "union_id": r["union"].pk,
                "union": r["union"].name,
                **{k: r[k] for k in ("due", "paid", "unpaid")},
            }
            for r in refunds["rows"]
        ],
        **{f"refunds_{k}": v for k, v in refunds["totals"].items()},
    }


@router.get("/finance/statements/employer/{employer_id}", response=EmployerStatementOut)
def get_employer_statement(request, employer_id: int, filters: Query[PeriodFilters]):
    employer = queries.employer_get(user=request.user, pk=employer_id)
    s = queries.employer_statement(
        user=request.user, employer=employer, start=filters.date_from, end=filters.date_to
    )
    _viewed(request, "employer_statement", filters, employer=employer.pk)
    parts = (*queries.PARTS, "upper")
    return {
        "employer_id": employer.pk,
        "employer": employer.name,
        "union_id": employer.union_id,
        "collections": [
            {
                "id": c.pk,
                "period": c.period,
                "fund_kind": c.fund_kind,
                "collected_on": c.collected_on,
                "amount": c.amount,
                **{p: getattr(c, p) for p in parts},
            }
            for c in s["rows"]
        ],
        "collected": s["totals"]["amount"],
        "refunds": s["refunds"],
        "refunded": s["refunded"],
    }
