"""Staff pages of mutual-aid claims (CARE-3): the list (the catalog's filters, export), a new
claim (with 试算: the benefit computed, nothing saved), the detail (member, enrollment,
event, bills, documents, the calculation per item line by line, reasons, the workflow's
buttons, history), corrections and documents before the review. Thin: forms, queries, one
service call."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from gonghui.core.audit import audit_record
from gonghui.core.downloads import file_download
from gonghui.core.money import money_text
from gonghui.core.views_utils import paginate, query_without_page, require, run_service
from gonghui.core.workflow_views import workflow_actions, workflow_urls

from ..choices import ClaimState
from ..forms import claims as forms
from ..queries import claims as queries
from ..services import claims as services
from ..workflow import CLAIM_WORKFLOW

SECTION = "mutualaid_claims"


@login_required
def claim_list(request):
    require(request.user, queries.VIEW)
    filter_form = forms.ClaimFilterForm(request.GET or None, user=request.user)
    qs = queries.claim_list(user=request.user, filters=filter_form.filters())
    return render(
        request,
        "mutualaid/claims/claim_list.html",
        {
            "filter_form": filter_form,
            "page": paginate(request, qs),
            "query": query_without_page(request),
            "may_apply": request.user.can(services.APPLY),
            "section": SECTION,
        },
    )


@login_required
def claim_create(request):
    require(request.user, services.APPLY)
    quoting = request.method == "POST" and "quote" in request.POST
    form = forms.ClaimForm(
        request.POST or None, request.FILES or None, user=request.user, quote=quoting
    )
    quote = None
    if request.method == "POST" and form.is_valid():
        if quoting:
            found = run_service(
                form, lambda: services.claim_quote(actor=request.user, **form.quote_kwargs())
            )
            quote = found[1] if found else None
        else:
            claim = run_service(
                form, lambda: services.claim_create(actor=request.user, **form.service_kwargs())
            )
            if claim:
                messages.success(
                    request, f"已登记申请 {claim.number}，核定金额 {claim.amount} 元。"
                )
                return redirect("mutualaid:claim_detail", claim.pk)
    return render(
        request,
        "mutualaid/claims/claim_form.html",
        {"form": form, "quote": quote, "section": SECTION},
    )


def _may_correct(user, claim) -> bool:
    return user.can(services.APPLY) and claim.state == ClaimState.SUBMITTED


@login_required
def claim_detail(request, pk: int):
    claim = queries.claim_get(user=request.user, pk=pk)
    may_correct = _may_correct(request.user, claim)
    return render(
        request,
        "mutualaid/claims/claim_detail.html",
        {
            "claim": claim,
            "benefits": queries.claim_benefits(claim),
            "documents": claim.documents.all(),
            "events": CLAIM_WORKFLOW.events(claim),
            "actions": workflow_actions(
                CLAIM_WORKFLOW, claim, request.user, "mutualaid:claim_transition"
            ),
            "may_correct": may_correct,
            "document_form": forms.DocumentForm(initial={"version": claim.version})
            if may_correct
            else None,
            "section": SECTION,
        },
    )


def _edit_initial(claim) -> dict:
    initial = {name: getattr(claim, name) for name in services.EDITABLE}
    initial["disease"] = claim.disease.code if claim.disease_id else ""
    initial["version"] = claim.version
    initial["account"] = ""  # never shown again in full: blank keeps it
    return initial


@login_required
def claim_edit(request, pk: int):
    claim = queries.claim_get(user=request.user, pk=pk, action=services.APPLY)
    if claim.state != ClaimState.SUBMITTED:
        messages.error(request, "镇街审核后不能再修改申请。")
        return redirect("mutualaid:claim_detail", claim.pk)
    form = forms.ClaimEditForm(
        request.POST or None, user=request.user, initial=_edit_initial(claim)
    )
    form.fields["account"].required = False
    form.fields["account"].help_text = f"现为尾号{claim.account_last4}；留空不变。"
    if request.method == "POST" and form.is_valid():
        data = form.service_kwargs()
        if not data.get("account"):
            data.pop("account", None)
        saved = run_service(
            form,
            lambda: services.claim_update(
                actor=request.user, claim=claim, version=form.cleaned_data["version"], **data
            ),
        )
        if saved:
            messages.success(request, f"已保存，核定金额 {money_text(saved.amount)} 元。")
            return redirect("mutualaid:claim_detail", saved.pk)
    return render(
        request,
        "mutualaid/claims/claim_edit.html",
        {"form": form, "claim": claim, "section": SECTION},
    )


@login_required
@require_POST
def claim_document_add(request, pk: int):
    claim = queries.claim_get(user=request.user, pk=pk, action=services.APPLY)
    form = forms.DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        done = run_service(
            form,
            lambda: services.claim_document_add(
                actor=request.user,
                claim=claim,
                version=form.cleaned_data["version"],
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["upload"],
            ),
        )
        if done:
            messages.success(request, f"已上传「{done.original_name}」。")
            return redirect("mutualaid:claim_detail", claim.pk)
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return redirect("mutualaid:claim_detail", claim.pk)


@login_required
def claim_document(request, pk: int, document_pk: int):
    claim = queries.claim_get(user=request.user, pk=pk)
    document = claim.documents.filter(pk=document_pk).first()
    if document is None:
        raise Http404("未找到该记录。")
    stored = services.document_path(document)
    if not stored.exists():
        raise Http404("文件不存在。")
    audit_record(
        actor=request.user,
        action="mutualaid.claim.document_viewed",
        target=claim,
        data={"document": document.pk, "kind": document.kind},
    )
    return file_download(stored, name=document.original_name)


urlpatterns = [
    path("mutualaid/claims/", claim_list, name="claim_list"),
    path("mutualaid/claims/new/", claim_create, name="claim_create"),
    path("mutualaid/claims/<int:pk>/", claim_detail, name="claim_detail"),
    path("mutualaid/claims/<int:pk>/edit/", claim_edit, name="claim_edit"),
    path("mutualaid/claims/<int:pk>/documents/", claim_document_add, name="claim_document_add"),
    path(
        "mutualaid/claims/<int:pk>/documents/<int:document_pk>/",
        claim_document,
        name="claim_document",
    ),
    *workflow_urls(CLAIM_WORKFLOW, "mutualaid/claims/", "claim_transition"),
]
