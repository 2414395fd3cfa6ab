"""Refund pages (FUND-3): the refunds, the batches (a new one: preview, then confirm; the
bank file and the return), what is due and unpaid, the unions' bank accounts. Thin: queries
read, services write."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods, require_POST

from gonghui.core.clock import today
from gonghui.core.importing.bank_return_views import (
    DownloadForm,
    ReturnUploadForm,
    bank_file_download,
    bank_return_upload,
)
from gonghui.core.money import ZERO, money_text
from gonghui.core.views_utils import paginate, query_without_page, require, run_service

from ..forms import refunds as forms
from ..queries import refunds as queries
from ..rules import refunds as rules
from ..services import refunds as services

REFUNDS, BATCHES, ACCOUNTS = "finance_refunds", "finance_batches", "finance_bank_accounts"


def _list(request, template, form, rows, section, **extra):
    return render(
        request,
        template,
        {
            "filter_form": form,
            "page": paginate(request, rows),
            "query": query_without_page(request),
            "section": section,
            **extra,
        },
    )


# ---- refunds -----------------------------------------------------------------------------------


@login_required
def refund_list(request):
    require(request.user, queries.VIEW)
    form = forms.RefundFilterForm(request.GET or None, user=request.user)
    rows = queries.refund_list(user=request.user, filters=form.filters())
    page = paginate(request, rows)
    for line in page:
        line.on_time = rules.on_time(line.due_on, line.paid_on)
        line.overdue = rules.overdue(line.due_on, line.paid_on, today())
    return render(
        request,
        "finance/refunds/refund_list.html",
        {
            "filter_form": form,
            "page": page,
            "query": query_without_page(request),
            "section": REFUNDS,
        },
    )


@login_required
def refund_detail(request, pk: int):
    line = queries.refund_get(user=request.user, pk=pk)
    line.on_time = rules.on_time(line.due_on, line.paid_on)
    return render(
        request,
        "finance/refunds/refund_detail.html",
        {
            "line": line,
            "later": list(queries.later_lines(user=request.user, line=line)[:20]),
            "can_manage": request.user.can(services.MANAGE),
            "section": REFUNDS,
        },
    )


@login_required
def due_unpaid(request):
    require(request.user, queries.VIEW)
    form = forms.DueUnpaidFilterForm(request.GET or None, user=request.user)
    rows = queries.due_unpaid(user=request.user, **form.filters())
    return _list(
        request,
        "finance/refunds/due_unpaid.html",
        form,
        rows,
        REFUNDS,
        totals=queries.unpaid_total(rows),
        count=len(rows),
    )


# ---- batches -----------------------------------------------------------------------------------


@login_required
def batch_list(request):
    require(request.user, queries.VIEW)
    form = forms.BatchFilterForm(request.GET or None, user=request.user)
    rows = queries.batch_list(user=request.user, filters=form.filters())
    return _list(
        request,
        "finance/refunds/batch_list.html",
        form,
        rows,
        BATCHES,
        can_manage=request.user.can(services.MANAGE),
    )


@login_required
@require_http_methods(["GET", "POST"])
def batch_create(request):
    require(request.user, services.MANAGE)
    form = forms.BatchCreateForm(request.POST or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        period = form.cleaned_data["period"]
        if form.cleaned_data["confirm"]:
            made = run_service(
                form, lambda: services.batch_create(actor=request.user, period=period)
            )
            if made:
                left = (
                    f"；{made.missing_account}个工会缺少经费账户，未列入"
                    if made.missing_account
                    else ""
                )
                messages.success(
                    request,
                    f"已生成经费返拨批次{made.number}：{made.line_count}笔，"
                    f"合计{money_text(made.total)}元{left}。",
                )
                return redirect("finance:batch_detail", made.pk)
        else:
            rows = [
                r
                for r in queries.due_rows(user=request.user, period=period, accounts=False)
                if r.due > 0
            ]
            preview = {
                "period": period,
                "rows": rows[:200],
                "count": sum(1 for r in rows if r.has_account),
                "total": sum((r.due for r in rows if r.has_account), ZERO),
                "missing": [r for r in rows if not r.has_account],
            }
    return render(
        request,
        "finance/refunds/batch_form.html",
        {
            "form": form,
            "preview": preview,
            "periods": [p for p in queries.periods_due(user=request.user) if p.due > 0][:36],
            "section": BATCHES,
        },
    )


@login_required
def batch_detail(request, pk: int):
    batch = queries.batch_get(user=request.user, pk=pk)
    can_manage = request.user.can(services.MANAGE)
    return render(
        request,
        "finance/refunds/batch_detail.html",
        {
            "batch": batch,
            "page": paginate(request, queries.batch_lines(user=request.user, batch=batch)),
            "counts": queries.line_counts(batch=batch),
            "missing": queries.missing_accounts(user=request.user, period=batch.period)[:200],
            "runs": list(queries.return_runs(user=request.user, batch=batch)[:20]),
            "can_manage": can_manage,
            "can_full": can_manage and request.user.can(services.FULL_ID),
            "can_accounts": request.user.can(services.ACCOUNTS),
            "download_form": DownloadForm(),
            "upload_form": ReturnUploadForm(),
            "section": BATCHES,
        },
    )


@login_required
def batch_download(request, pk: int):
    batch = queries.batch_get(user=request.user, pk=pk)
    return bank_file_download(
        request, lambda full: services.batch_file(actor=request.user, batch=batch, full=full)
    )


@login_required
@require_POST
def batch_return(request, pk: int):
    batch = queries.batch_get(user=request.user, pk=pk)
    require(request.user, services.MANAGE)

    def start(**upload):
        return services.batch_return_start(actor=request.user, batch=batch, **upload)

    return bank_return_upload(request, start, reverse("finance:batch_detail", args=[pk]))


# ---- bank accounts -----------------------------------------------------------------------------


@login_required
def bank_account_list(request):
    require(request.user, queries.VIEW)
    form = forms.BankAccountFilterForm(request.GET or None, user=request.user)
    rows = queries.bank_account_list(user=request.user, filters=form.filters())
    return _list(
        request,
        "finance/refunds/bank_account_list.html",
        form,
        rows,
        ACCOUNTS,
        can_edit=request.user.can(services.ACCOUNTS),
    )


@login_required
def bank_account_detail(request, pk: int):
    account = queries.bank_account_get(user=request.user, pk=pk)
    return render(
        request,
        "finance/refunds/bank_account_detail.html",
        {"account": account, "can_edit": request.user.can(services.ACCOUNTS), "section": ACCOUNTS},
    )


@login_required
@require_http_methods(["GET", "POST"])
def bank_account_create(request):
    require(request.user, services.ACCOUNTS)
    initial = {"org": request.GET.get("org", "")[:20]} if request.method == "GET" else None
    form = forms.BankAccountForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        made = run_service(
            form,
            lambda: services.bank_account_create(
                actor=request.user,
                org=data["org"],
                account_name=data["account_name"],
                bank_name=data["bank_name"],
                account=data["account"],
            ),
        )
        if made:
            messages.success(request, f"已登记{made.org.name}的经费账户。")
            return redirect("finance:bank_account_detail", made.pk)
    return render(
        request,
        "finance/refunds/bank_account_form.html",
        {"form": form, "title": "登记工会经费账户", "section": ACCOUNTS},
    )


@login_required
@require_http_methods(["GET", "POST"])
def bank_account_edit(request, pk: int):
    require(request.user, services.ACCOUNTS)
    account = queries.bank_account_get(user=request.user, pk=pk)
    initial = {
        "version": account.version,
        "account_name": account.account_name,
        "bank_name": account.bank_name,
    }
    form = forms.BankAccountEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = run_service(
            form,
            lambda: services.bank_account_update(
                actor=request.user,
                bank_account=account,
                version=data["version"],
                account_name=data["account_name"],
                bank_name=data["bank_name"],
                account=data["account"],
            ),
        )
        if saved:
            messages.success(request, "经费账户已保存。")
            return redirect("finance:bank_account_detail", saved.pk)
    return render(
        request,
        "finance/refunds/bank_account_form.html",
        {
            "form": form,
            "account": account,
            "title": f"修改经费账户：{account.org.name}",
            "section": ACCOUNTS,
        },
    )


urlpatterns = [
    path("finance/refunds/", refund_list, name="refund_list"),
    path("finance/refunds/<int:pk>/", refund_detail, name="refund_detail"),
    path("finance/due-unpaid/", due_unpaid, name="due_unpaid"),
    path("finance/refund-batches/", batch_list, name="batch_list"),
    path("finance/refund-batches/new/", batch_create, name="batch_create"),
    path("finance/refund-batches/<int:pk>/", batch_detail, name="batch_detail"),
    path("finance/refund-batches/<int:pk>/file/", batch_download, name="batch_download"),
    path("finance/refund-batches/<int:pk>/return/", batch_return, name="batch_return"),
    path("finance/bank-accounts/", bank_account_list, name="bank_account_list"),
    path("finance/bank-accounts/new/", bank_account_create, name="bank_account_create"),
    path("finance/bank-accounts/<int:pk>/", bank_account_detail, name="bank_account_detail"),
    path("finance/bank-accounts/<int:pk>/edit/", bank_account_edit, name="bank_account_edit"),
]
