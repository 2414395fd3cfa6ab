"""Payout pages (CARE-3): the lists, a new list (preview, then confirm), a list's claims, its
bank file and the bank's return. Thin: queries read, services write."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods, require_POST

from gonghui.core.importing.bank_return_views import (
    DownloadForm,
    ReturnUploadForm,
    bank_file_download,
    bank_return_upload,
)
from gonghui.core.money import money_text
from gonghui.core.views_utils import paginate, query_without_page, require, run_service

from ..forms.payouts import PayoutCreateForm, PayoutFilterForm
from ..queries import payouts as queries
from ..services import payouts as services

SECTION = "mutualaid_payouts"


@login_required
def payout_list(request):
    require(request.user, queries.VIEW)
    filter_form = PayoutFilterForm(request.GET or None, user=request.user)
    rows = queries.payout_list(user=request.user, filters=filter_form.filters())
    return render(
        request,
        "mutualaid/payouts/payout_list.html",
        {
            "filter_form": filter_form,
            "page": paginate(request, rows),
            "query": query_without_page(request),
            "can_pay": request.user.can(services.PAY),
            "section": SECTION,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def payout_create(request):
    require(request.user, services.PAY)
    form = PayoutCreateForm(request.POST or None, user=request.user)
    preview = None
    if request.method == "POST" and form.is_valid():
        plan, town = form.cleaned_data["plan"], form.cleaned_data["town"]
        if form.cleaned_data["confirm"]:
            made = run_service(
                form, lambda: services.payout_create(actor=request.user, plan=plan, town=town)
            )
            if made:
                messages.success(
                    request,
                    f"已生成互助金发放名单{made.number}：{made.claim_count}笔，"
                    f"合计{money_text(made.total)}元。",
                )
                return redirect("mutualaid:payout_detail", made.pk)
        else:
            found = queries.waiting_summary(user=request.user, plan=plan, town=town)
            preview = found[0] if found else {"plan": plan, "count": 0, "total": None}
            preview["town"] = town
    return render(
        request,
        "mutualaid/payouts/payout_form.html",
        {
            "form": form,
            "preview": preview,
            "waiting": queries.waiting_summary(user=request.user),
            "section": SECTION,
        },
    )


@login_required
def payout_detail(request, pk: int):
    payout = queries.payout_get(user=request.user, pk=pk)
    claims = queries.payout_claims(user=request.user, payout=payout)
    can_pay = request.user.can(services.PAY)
    return render(
        request,
        "mutualaid/payouts/payout_detail.html",
        {
            "payout": payout,
            "page": paginate(request, claims),
            "failures": list(queries.payout_failures(user=request.user, payout=payout)[:200]),
            "counts": queries.claim_counts(payout=payout),
            "runs": list(queries.return_runs(user=request.user, payout=payout)[:20]),
            "can_pay": can_pay,
            "can_full": can_pay and request.user.can(services.FULL_ID),
            "download_form": DownloadForm(),
            "upload_form": ReturnUploadForm(),
            "section": SECTION,
        },
    )


@login_required
def payout_download(request, pk: int):
    payout = queries.payout_get(user=request.user, pk=pk)
    return bank_file_download(
        request, lambda full: services.payout_file(actor=request.user, payout=payout, full=full)
    )


@login_required
@require_POST
def payout_return(request, pk: int):
    payout = queries.payout_get(user=request.user, pk=pk)
    require(request.user, services.PAY)

    def start(**upload):
        return services.payout_return_start(actor=request.user, payout=payout, **upload)

    return bank_return_upload(request, start, reverse("mutualaid:payout_detail", args=[pk]))


urlpatterns = [
    path("mutualaid/payouts/", payout_list, name="payout_list"),
    path("mutualaid/payouts/new/", payout_create, name="payout_create"),
    path("mutualaid/payouts/<int:pk>/", payout_detail, name="payout_detail"),
    path("mutualaid/payouts/<int:pk>/file/", payout_download, name="payout_download"),
    path("mutualaid/payouts/<int:pk>/return/", payout_return, name="payout_return"),
]
