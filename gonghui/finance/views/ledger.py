"""Ledger pages (FUND-3): vouchers and their reversal, expenses, and the reports (balances,
trial balance, statements), each report audited when opened. Thin: queries read, services
write."""

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gonghui.core.downloads import content_download
from gonghui.core.money import ZERO, money_text
from gonghui.core.scope import NOT_FOUND
from gonghui.core.views_utils import (
    form_errors_to_messages,
    paginate,
    query_without_page,
    require,
    run_service,
)
from gonghui.orgs.choices import OrgKind

from ..exports import ledger as exports
from ..forms.ledger import (
    BalancesForm,
    EmployerStatementForm,
    EntryFilterForm,
    ExpenseForm,
    PeriodForm,
    ReverseForm,
    TownStatementForm,
)
from ..queries import ledger as queries
from ..services import expenses
from ..services import ledger as services

ENTRIES = "finance_entries"
REPORTS = "finance_reports"


@login_required
@require_GET
def entry_list(request):
    require(request.user, queries.VIEW)
    filter_form = EntryFilterForm(request.GET or None, user=request.user)
    rows = queries.entry_list(user=request.user, filters=filter_form.filters())
    return render(
        request,
        "finance/ledger/entry_list.html",
        {
            "filter_form": filter_form,
            "page": paginate(request, rows),
            "query": query_without_page(request),
            "can_record": request.user.can(expenses.RECORD),
            "section": ENTRIES,
        },
    )


@login_required
@require_GET
def entry_detail(request, pk: int):
    entry = queries.entry_get(user=request.user, pk=pk)
    lines = queries.entry_lines(entry)
    mirror = queries.reversed_by(entry)
    may_reverse = request.user.can(queries.REVERSE) and mirror is None and entry.kind != "reversal"
    return render(
        request,
        "finance/ledger/entry_detail.html",
        {
            "entry": entry,
            "lines": lines,
            "debits": sum((x.debit for x in lines), ZERO),
            "credits": sum((x.credit for x in lines), ZERO),
            "mirror": mirror,
            "source_url": queries.source_link(entry.source),
            "reverse_form": ReverseForm() if may_reverse else None,
            "confirm": (
                f"将另记一张冲销凭证，把凭证{entry.number}的每条分录借贷方向对调"
                f"（合计{money_text(entry.total)}元）；原凭证保留不改，且只能冲销一次。"
            ),
            "section": ENTRIES,
        },
    )


@login_required
@require_POST
def entry_reverse(request, pk: int):
    entry = queries.entry_get(user=request.user, pk=pk)
    require(request.user, queries.REVERSE)
    form = ReverseForm(request.POST)
    if form.is_valid():
        mirror = run_service(
            form,
            lambda: services.reverse(
                actor=request.user, entry=entry, reason=form.cleaned_data["reason"]
            ),
        )
        if mirror is not None:
            messages.success(request, f"已冲销凭证{entry.number}，冲销凭证为{mirror.number}。")
            return redirect("finance:entry_detail", mirror.pk)
    form_errors_to_messages(request, form)
    return redirect("finance:entry_detail", entry.pk)


@login_required
@require_http_methods(["GET", "POST"])
def expense_create(request):
    require(request.user, expenses.RECORD)
    form = ExpenseForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        entry = run_service(
            form,
            lambda: expenses.expense_record(
                actor=request.user,
                org=data["org"],
                program=data["program"],
                amount=data["amount"],
                paid_on=data["paid_on"],
                memo=data["memo"],
                key=data["key"],
            ),
        )
        if entry is not None:
            messages.success(request, f"已登记经费支出，凭证{entry.number}。")
            return redirect("finance:entry_detail", entry.pk)
    return render(request, "finance/ledger/expense_form.html", {"form": form, "section": ENTRIES})


# ---- reports: each opening audited (finance.report.viewed) -------------------------------------


@login_required
@require_GET
def report_home(request):
    require(request.user, queries.REPORTS)
    return render(request, "finance/ledger/report_home.html", {"section": REPORTS})


def _viewed(request, report: str, form: Any, **chosen: Any) -> None:
    filters = {**form.filters(), **{k: getattr(v, "pk", v) for k, v in chosen.items() if v}}
    services.report_viewed(actor=request.user, report=report, filters=filters)


@login_required
@require_GET
def balances(request):
    require(request.user, queries.REPORTS)
    form = BalancesForm(request.GET or None, user=request.user)
    start, end = form.period()
    org = (form.cleaned_data.get("org") if form.is_bound and form.is_valid() else None) or (
        request.user.organization
    )
    if org is None:  # a user of no organization sees no ledger
        raise Http404(NOT_FOUND)
    subtree = not (form.is_bound and form.is_valid() and form.cleaned_data["scope"] == "own")
    figures = queries.balances(user=request.user, org=org, start=start, end=end, subtree=subtree)
    _viewed(request, "balances", form, org=org)
    return render(
        request,
        "finance/ledger/balances.html",
        {"filter_form": form, "org": org, "subtree": subtree, **figures, "section": REPORTS},
    )


@login_required
@require_GET
def trial_balance(request):
    require(request.user, queries.REPORTS)
    form = PeriodForm(request.GET or None, user=request.user)
    start, end = form.period()
    figures = queries.trial_balance(user=request.user, start=start, end=end)
    _viewed(request, "trial_balance", form)
    return render(
        request,
        "finance/ledger/trial_balance.html",
        {"filter_form": form, **figures, "section": REPORTS},
    )


def _town(request, form: TownStatementForm):
    chosen = form.cleaned_data.get("town") if form.is_bound and form.is_valid() else None
    own = request.user.organization
    if chosen is None and own is not None and own.kind == OrgKind.TOWN:
        return own
    return chosen


@login_required
@require_GET
def town_statement(request):
    require(request.user, queries.REPORTS)
    form = TownStatementForm(request.GET or None, user=request.user)
    start, end = form.period()
    town = _town(request, form)
    statement = None
    if town is not None:
        statement = queries.town_statement(user=request.user, town=town, start=start, end=end)
        _viewed(request, "town_statement", form, town=town)
    return render(
        request,
        "finance/ledger/town_statement.html",
        {
            "filter_form": form,
            "s": statement,
            # the town named, not defaulted: the file is the one the page showed
            "query": urlencode({**request.GET.dict(), "town": getattr(town, "pk", "")}),
            "section": REPORTS,
        },
    )


@login_required
@require_GET
def town_statement_export(request):
    require(request.user, queries.REPORTS)
    form = TownStatementForm(request.GET or None, user=request.user)
    start, end = form.period()
    town = form.cleaned_data.get("town") if form.is_bound and form.is_valid() else None
    if town is None:
        messages.error(request, "请先选择镇街。")
        return redirect("finance:town_statement")
    statement = queries.town_statement(user=request.user, town=town, start=start, end=end)
    _viewed(request, "town_statement.xlsx", form, town=town)
    return content_download(
        exports.town_statement_xlsx(statement), name=f"{town.name}经费对账单.xlsx"
    )


def _employer(form: EmployerStatementForm):
    return form.cleaned_data.get("employer") if form.is_bound and form.is_valid() else None


@login_required
@require_GET
def employer_statement(request):
    require(request.user, queries.REPORTS)
    form = EmployerStatementForm(request.GET or None, user=request.user)
    start, end = form.period()
    employer = _employer(form)
    statement = None
    if employer is not None:
        employer = queries.employer_get(user=request.user, pk=employer.pk)
        statement = queries.employer_statement(
            user=request.user, employer=employer, start=start, end=end
        )
        _viewed(request, "employer_statement", form, employer=employer)
    return render(
        request,
        "finance/ledger/employer_statement.html",
        {
            "filter_form": form,
            "s": statement,
            "query": request.GET.urlencode(),
            "section": REPORTS,
        },
    )


@login_required
@require_GET
def employer_statement_export(request):
    require(request.user, queries.REPORTS)
    form = EmployerStatementForm(request.GET or None, user=request.user)
    start, end = form.period()
    employer = _employer(form)
    if employer is None:
        messages.error(request, "请先选择用人单位。")
        return redirect("finance:employer_statement")
    employer = queries.employer_get(user=request.user, pk=employer.pk)
    statement = queries.employer_statement(
        user=request.user, employer=employer, start=start, end=end
    )
    _viewed(request, "employer_statement.xlsx", form, employer=employer)
    return content_download(
        exports.employer_statement_xlsx(statement), name=f"{employer.name}经费对账单.xlsx"
    )


urlpatterns = [
    path("finance/entries/", entry_list, name="entry_list"),
    path("finance/entries/<int:pk>/", entry_detail, name="entry_detail"),
    path("finance/entries/<int:pk>/reverse/", entry_reverse, name="entry_reverse"),
    path("finance/expenses/new/", expense_create, name="expense_create"),
    path("finance/reports/", report_home, name="report_home"),
    path("finance/reports/balances/", balances, name="balances"),
    path("finance/reports/trial-balance/", trial_balance, name="trial_balance"),
    path("finance/reports/town/", town_statement, name="town_statement"),
    path("finance/reports/town/xlsx/", town_statement_export, name="town_statement_export"),
    path("finance/reports/employer/", employer_statement, name="employer_statement"),
    path(
        "finance/reports/employer/xlsx/",
        employer_statement_export,
        name="employer_statement_export",
    ),
]
