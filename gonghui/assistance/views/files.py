"""Staff pages of hardship files (CARE-1): the list (filters, export, due lists), a new
file, its detail page (workflow buttons, household, documents, visits, history), the visit
form, a document's download, the living standards page and the member picker's endpoint.

The transitions are core.workflow_views' generic action, mounted below."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from gonghui.core.audit import audit_record
from gonghui.core.clock import today
from gonghui.core.downloads import file_download
from gonghui.core.errors import ApplicationError
from gonghui.core.views_utils import (
    form_errors_to_messages,
    paginate,
    query_without_page,
    require,
    run_service,
)
from gonghui.core.workflow_views import workflow_actions, workflow_urls

from ..choices import DocumentKind, VisitKind
from ..forms import files as forms
from ..queries import files as queries
from ..rules import files as rules
from ..services import files as services
from ..workflow import FILE_WORKFLOW

SECTION = "care_files"


@login_required
def file_list(request):
    require(request.user, queries.VIEW)
    filter_form = forms.FileFilterForm(request.GET or None, user=request.user)
    filters = filter_form.filters()
    qs = queries.file_list(user=request.user, filters=filters)
    return render(
        request,
        "assistance/files/file_list.html",
        {
            "filter_form": filter_form,
            "page": paginate(request, qs),
            "query": query_without_page(request),
            "due": filters.get("due", ""),
            "today": today(),
            "section": SECTION,
        },
    )


@login_required
def file_create(request):
    require(request.user, services.OPEN)
    form = forms.FileOpenForm(request.POST or None, request.FILES or None, user=request.user)
    household = forms.HouseholdFormSet(request.POST or None, prefix="household")
    existing_url = ""
    if request.method == "POST" and form.is_valid() and household.is_valid():
        try:
            file = services.file_open(
                actor=request.user, **form.service_kwargs(forms.household_rows(household))
            )
        except ApplicationError as exc:
            field = exc.field if exc.field in form.fields else None
            form.add_error(field, exc.message)
            existing_url = exc.extra.get("url", "")
        else:
            messages.success(
                request,
                f"已建立档案 {file.number}：{file.get_category_display()}（人均月收入 "
                f"{file.per_head_monthly} 元，低保标准 {file.living_standard} 元），待镇街审核。",
            )
            return redirect("assistance:file_detail", file.pk)
    return render(
        request,
        "assistance/files/file_form.html",
        {"form": form, "household": household, "existing_url": existing_url, "section": SECTION},
    )


@login_required
def file_detail(request, pk: int):
    file = queries.file_get(user=request.user, pk=pk)
    may_open = request.user.can(services.OPEN)
    return render(
        request,
        "assistance/files/file_detail.html",
        {
            "file": file,
            "actions": workflow_actions(
                FILE_WORKFLOW, file, request.user, "assistance:file_transition"
            ),
            "events": FILE_WORKFLOW.events(file),
            "household": file.household.all(),
            "documents": file.documents.all(),
            "visits": file.visits.all(),
            "history": queries.file_history(user=request.user, file=file),
            "required": _required(file),
            "may_open": may_open,
            "document_form": forms.DocumentForm(),
            "today": today(),
            "section": SECTION,
        },
    )


def _required(file) -> list[tuple[str, bool]]:
    """The documents the rules name for this file, and whether each was given."""
    given = {d.kind for d in file.documents.all()}
    return [
        (DocumentKind(k).label, k in given)
        for k in rules.required_documents(file.cause, file.is_migrant_worker)
    ]


@login_required
def visit_create(request, pk: int):
    file = queries.file_get(user=request.user, pk=pk, action=services.OPEN)
    kind = VisitKind.FOLLOW_UP if file.state == "exited" else VisitKind.VISIT
    form = forms.VisitForm(request.POST or None, initial={"kind": kind, "visited_on": today()})
    if request.method == "POST" and form.is_valid():
        done = run_service(
            form,
            lambda: services.visit_record(actor=request.user, file=file, **form.service_kwargs()),
        )
        if done:
            messages.success(request, f"已登记{done.visit.get_kind_display()}。")
            if done.advice:
                messages.warning(request, done.advice)
            return redirect("assistance:file_detail", file.pk)
    return render(
        request,
        "assistance/files/visit_form.html",
        {"form": form, "file": file, "section": SECTION},
    )


@login_required
@require_POST
def document_add(request, pk: int):
    file = queries.file_get(user=request.user, pk=pk, action=services.OPEN)
    form = forms.DocumentForm(request.POST, request.FILES)
    if form.is_valid() and run_service(
        form,
        lambda: services.document_add(actor=request.user, file=file, **form.cleaned_data),
    ):
        messages.success(request, "已上传证明材料。")
    else:
        form_errors_to_messages(request, form)
    return redirect("assistance:file_detail", file.pk)


@login_required
def document_download(request, pk: int, document_pk: int):
    """Through the file's scope only; the bytes are served as what they are."""
    file = queries.file_get(user=request.user, pk=pk)
    document = get_object_or_404(file.documents, pk=document_pk)
    stored = services.document_path(document)
    if not stored.exists():
        raise Http404("文件不存在。")
    audit_record(
        actor=request.user,
        action="assistance.document.viewed",
        target=file,
        data={"document": document.pk, "kind": document.kind},
    )
    return file_download(stored, name=document.original_name)


@login_required
def standards(request):
    require(request.user, queries.VIEW)
    may_manage = request.user.can(services.STANDARDS)
    form = forms.StandardForm(
        request.POST or None, user=request.user, initial={"effective_from": today()}
    )
    if request.method == "POST":
        require(request.user, services.STANDARDS)
        if form.is_valid() and run_service(
            form, lambda: services.standard_set(actor=request.user, **form.cleaned_data)
        ):
            messages.success(request, "已保存低保标准。")
            return redirect("assistance:standards")
    filter_form = forms.StandardFilterForm(request.GET or None, user=request.user)
    rows = queries.standard_list(user=request.user, town=filter_form.filters().get("town"))
    return render(
        request,
        "assistance/files/standards.html",
        {
            "form": form if may_manage else None,
            "filter_form": filter_form,
            "page": paginate(request, rows),
            "query": query_without_page(request),
            "section": SECTION,
        },
    )


urlpatterns = [
    path("assistance/files/", file_list, name="file_list"),
    path("assistance/files/new/", file_create, name="file_create"),
    path("assistance/files/<int:pk>/", file_detail, name="file_detail"),
    path("assistance/files/<int:pk>/visits/new/", visit_create, name="visit_create"),
    path("assistance/files/<int:pk>/documents/", document_add, name="document_add"),
    path(
        "assistance/files/<int:pk>/documents/<int:document_pk>/",
        document_download,
        name="document_download",
    ),
    path("assistance/standards/", standards, name="standards"),
    # After the pages above: `<pk>/<action>/` would otherwise take "documents" for an action.
    *workflow_urls(FILE_WORKFLOW, "assistance/files/", "file_transition"),
]
