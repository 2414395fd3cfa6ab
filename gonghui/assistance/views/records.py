"""Pages of service records (CARE-4) and in-kind deliveries (CARE-2): the list (filters,
export), the record's form, its detail page with the named beneficiaries, adding one and
importing a list. A record is looked up through the scope first (404), then the write
permission is required (403)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, JsonResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from gonghui.core.importing.services import import_start
from gonghui.core.suggest import SUGGEST_LIMIT, Suggestion, query_text, suggestions
from gonghui.core.views_utils import paginate, query_without_page, require, run_service

from ..forms.records import (
    BeneficiaryForm,
    BeneficiaryImportForm,
    ServiceFilterForm,
    ServiceRecordEditForm,
    ServiceRecordForm,
)
from ..importers import BeneficiaryImporter
from ..models import ServiceRecord
from ..queries import records as queries
from ..services import records as services

SECTION = "care_services"
VIEW = "assistance.view"


@login_required
def service_list(request):
    require(request.user, VIEW)
    filter_form = ServiceFilterForm(request.GET or None, user=request.user)
    qs = queries.service_list(user=request.user, filters=filter_form.filters())
    return render(
        request,
        "assistance/records/service_list.html",
        {
            "filter_form": filter_form,
            "page": paginate(request, qs),
            "query": query_without_page(request),
            "can_record": request.user.can(services.PERMISSION),
            "section": SECTION,
        },
    )


def _form_page(request, form, title: str, record: ServiceRecord | None = None):
    context = {"form": form, "title": title, "record": record, "section": SECTION}
    return render(request, "assistance/records/service_form.html", context)


@login_required
def service_create(request):
    require(request.user, services.PERMISSION)
    form = ServiceRecordForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        record = run_service(
            form,
            lambda: services.service_record_create(actor=request.user, **form.service_kwargs()),
        )
        if record:
            messages.success(request, f"已登记服务记录「{record}」。")
            return redirect("assistance:service_detail", record.pk)
    return _form_page(request, form, "登记服务记录")


@login_required
def service_edit(request, pk: int):
    record = queries.service_get(user=request.user, pk=pk)
    require(request.user, services.PERMISSION)
    initial = {name: getattr(record, name) for name in services.RECORD_FIELDS}
    initial["version"] = record.version
    form = ServiceRecordEditForm(
        request.POST or None, user=request.user, named=record.named, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        version = form.cleaned_data["version"]
        saved = run_service(
            form,
            lambda: services.service_record_edit(
                actor=request.user, record=record, version=version, **form.service_kwargs()
            ),
        )
        if saved:
            messages.success(request, f"已保存「{saved}」。")
            return redirect("assistance:service_detail", saved.pk)
    return _form_page(request, form, f"修改服务记录：{record.number}", record)


def _detail(request, record: ServiceRecord, **forms):
    can_record = request.user.can(services.PERMISSION)
    context = {
        "record": record,
        "page": paginate(request, queries.beneficiary_list(user=request.user, record=record)),
        "query": query_without_page(request),
        "can_record": can_record,
        "section": SECTION,
    }
    if can_record:
        context["beneficiary_form"] = forms.get("beneficiary_form") or BeneficiaryForm(
            user=request.user
        )
        context["import_form"] = forms.get("import_form") or BeneficiaryImportForm()
    return render(request, "assistance/records/service_detail.html", context)


@login_required
def service_detail(request, pk: int):
    return _detail(request, queries.service_get(user=request.user, pk=pk))


@login_required
@require_POST
def beneficiary_add(request, pk: int):
    record = queries.service_get(user=request.user, pk=pk)
    require(request.user, services.PERMISSION)
    form = BeneficiaryForm(request.POST, user=request.user)
    if form.is_valid():
        row = run_service(
            form,
            lambda: services.service_beneficiary_add(
                actor=request.user, record=record, **form.cleaned_data
            ),
        )
        if row:
            messages.success(request, f"已登记受益职工「{row.name}」。")
            return redirect("assistance:service_detail", record.pk)
    return _detail(request, record, beneficiary_form=form)


@login_required
@require_POST
def beneficiary_import(request, pk: int):
    """A list through the import pipeline; its result page shows the rows and the report."""
    record = queries.service_get(user=request.user, pk=pk)
    require(request.user, services.PERMISSION)
    form = BeneficiaryImportForm(request.POST, request.FILES)
    if form.is_valid():
        run = run_service(
            form,
            lambda: import_start(
                actor=request.user,
                kind=BeneficiaryImporter.kind,
                upload=form.cleaned_data["file"],
                target=record,
                dry_run=form.cleaned_data["dry_run"],
            ),
        )
        if run:
            return redirect("importing:import_detail", run.pk)
    return _detail(request, record, import_form=form)


@login_required
def suggest_services(request: HttpRequest) -> JsonResponse:
    """The import page's picker of the record a list goes into: by number or title."""
    require(request.user, services.PERMISSION)
    q = query_text(request)
    rows = ServiceRecord.objects.visible_to(request.user, services.PERMISSION)
    found = (
        rows.filter(Q(number__startswith=q.upper()) | Q(title__contains=q)) if q else rows.none()
    )
    found = found.select_related("organizer").order_by("-held_on", "-pk")[:SUGGEST_LIMIT]
    return suggestions(
        Suggestion(r.pk, r.title, f"{r.organizer.name} · {r.held_on:%Y-%m-%d}", r.number)
        for r in found
    )


urlpatterns = [
    path("assistance/services/", service_list, name="service_list"),
    path("assistance/services/new/", service_create, name="service_create"),
    path("assistance/services/<int:pk>/", service_detail, name="service_detail"),
    path("assistance/services/<int:pk>/edit/", service_edit, name="service_edit"),
    path(
        "assistance/services/<int:pk>/beneficiaries/",
        beneficiary_add,
        name="service_beneficiary_add",
    ),
    path(
        "assistance/services/<int:pk>/import/",
        beneficiary_import,
        name="service_beneficiary_import",
    ),
    path("assistance/suggest/services/", suggest_services, name="suggest_services"),
]
