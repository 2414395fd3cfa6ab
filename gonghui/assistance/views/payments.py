"""Disbursement pages (CARE-2): the lists, a new list, a list's grants, its bank file and
the bank's return. Thin: queries read, services write."""

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
from gonghui.core.views_utils import paginate, query_without_page, require, run_service

from ..forms.payments import (
    DisbursementCreateForm,
    DisbursementFilterForm,
)
from ..queries import payments as queries
from ..services import payments as services

SECTION = "care_disbursements"


@login_required
def disbursement_list(request):
    require(request.user, "assistance.view")
    filter_form = DisbursementFilterForm(request.GET or None, user=request.user)
    rows = queries.disbursement_list(user=request.user, filters=filter_form.filters())
    return render(
        request,
        "assistance/payments/disbursement_list.html",
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
def disbursement_create(request):
    require(request.user, services.PAY)
    form = DisbursementCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        made = run_service(
            form, lambda: services.disbursement_create(actor=request.user, **form.cleaned_data)
        )
        if made:
            messages.success(
                request, f"已生成发放名单{made.number}：{made.grant_count}笔，合计{made.total}元。"
            )
            return redirect("assistance:disbursement_detail", made.pk)
    return render(
        request,
        "assistance/payments/disbursement_form.html",
        {
            "form": form,
            "waiting": queries.waiting_by_program(user=request.user),
            "section": SECTION,
        },
    )


@login_required
def disbursement_detail(request, pk: int):
    disbursement = queries.disbursement_get(user=request.user, pk=pk)
    grants = queries.disbursement_grants(user=request.user, disbursement=disbursement)
    can_pay = request.user.can(services.PAY)
    return render(
        request,
        "assistance/payments/disbursement_detail.html",
        {
            "disbursement": disbursement,
            "page": paginate(request, grants),
            "failures": list(
                queries.disbursement_failures(user=request.user, disbursement=disbursement)[:200]
            ),
            "counts": queries.grant_counts(disbursement=disbursement),
            "runs": list(queries.return_runs(user=request.user, disbursement=disbursement)[:20]),
            "can_pay": can_pay,
            "can_full": can_pay and request.user.can(services.FULL_ID),
            "download_form": DownloadForm(),
            "upload_form": ReturnUploadForm(),
            "section": SECTION,
        },
    )


@login_required
def disbursement_download(request, pk: int):
    disbursement = queries.disbursement_get(user=request.user, pk=pk)
    return bank_file_download(
        request,
        lambda full: services.disbursement_file(
            actor=request.user, disbursement=disbursement, full=full
        ),
    )


@login_required
@require_POST
def disbursement_return(request, pk: int):
    disbursement = queries.disbursement_get(user=request.user, pk=pk)
    require(request.user, services.PAY)

    def start(**upload):
        return services.disbursement_return_start(
            actor=request.user, disbursement=disbursement, **upload
        )

    back = reverse("assistance:disbursement_detail", args=[pk])
    return bank_return_upload(request, start, back)


urlpatterns = [
    path("assistance/disbursements/", disbursement_list, name="disbursement_list"),
    path("assistance/disbursements/new/", disbursement_create, name="disbursement_create"),
    path("assistance/disbursements/<int:pk>/", disbursement_detail, name="disbursement_detail"),
    path(
        "assistance/disbursements/<int:pk>/file/",
        disbursement_download,
        name="disbursement_download",
    ),
    path(
        "assistance/disbursements/<int:pk>/return/",
        disbursement_return,
        name="disbursement_return",
    ),
]
