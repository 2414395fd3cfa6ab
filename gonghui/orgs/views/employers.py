from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render

from gonghui.core.registry import rendered_detail_panels
from gonghui.core.views_utils import paginate, query_without_page, require, run_service

from .. import queries, services
from ..forms import EmployerFilterForm, EmployerForm, ImportChangeFilterForm


@login_required
def employer_list(request):
    require(request.user, "employers.view")
    filter_form = EmployerFilterForm(request.GET or None, user=request.user)
    qs = queries.employer_list(user=request.user, filters=filter_form.filters())
    return render(
        request,
        "orgs/employer_list.html",
        {
            "filter_form": filter_form,
            "page": paginate(request, qs),
            "query": query_without_page(request),
            "section": "employers",
        },
    )


@login_required
def employer_detail(request, pk: int):
    require(request.user, "employers.view")
    employer = queries.employer_get(user=request.user, pk=pk)
    history = queries.employer_history(user=request.user, employer=employer)
    return render(
        request,
        "orgs/employer_detail.html",
        {
            "employer": employer,
            "history": history,
            "section": "employers",
            "detail_panels": rendered_detail_panels("orgs.Employer", employer, request.user),
        },
    )


@login_required
def employer_import_changes(request, pk: int):
    """The existing employers an employer import changed (or its dry run would change)."""
    return _import_changes(request, ImportChangeFilterForm({"run": pk}, user=request.user))


@login_required
def employer_import_change_list(request):
    """The changes of every employer import the user may see, or of one (`?run=N`: the
    same page as above, and its export's way back)."""
    filter_form = ImportChangeFilterForm(request.GET or None, user=request.user)
    if filter_form.filters().get("run") is not None:
        return _import_changes(request, filter_form)
    require(request.user, "employers.view")
    require(request.user, "imports.view")
    changes = queries.employer_import_change_list(user=request.user)
    page = paginate(request, changes)
    return render(
        request,
        "orgs/employer_import_changes.html",
        {
            "run": None,
            "page": page,
            "changes": queries.import_changes_of(user=request.user, rows=page.object_list),
            "filter_form": filter_form,
            "query": query_without_page(request),
            "section": "employers",
        },
    )


def _import_changes(request, filter_form: ImportChangeFilterForm):
    require(request.user, "employers.view")
    if not filter_form.is_valid():
        raise Http404("请指明是哪一次用人单位导入。")
    run = queries.employer_import_run(user=request.user, pk=filter_form.cleaned_data["run"])
    changes = queries.employer_import_changes(user=request.user, run=run)
    return render(
        request,
        "orgs/employer_import_changes.html",
        {"run": run, "changes": changes, "filter_form": filter_form, "section": "employers"},
    )


def _form_data(form: EmployerForm) -> dict:
    return {k: v for k, v in form.cleaned_data.items() if k != "version"}


@login_required
def employer_create(request):
    require(request.user, "employers.edit")
    form = EmployerForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        employer = run_service(
            form, lambda: services.employer_create(actor=request.user, **_form_data(form))
        )
        if employer:
            messages.success(request, f"已新建「{employer.name}」。")
            return redirect("orgs:employer_detail", employer.pk)
    return render(request, "orgs/employer_form.html", {"form": form, "section": "employers"})


@login_required
def employer_edit(request, pk: int):
    employer = queries.employer_get(user=request.user, pk=pk)
    require(request.user, "employers.edit")
    initial = {f: getattr(employer, f) for f in services.EMPLOYER_FIELDS}
    initial |= {"union": employer.union.name if employer.union else "", "version": employer.version}
    form = EmployerForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            form,
            lambda: services.employer_update(
                actor=request.user,
                employer=employer,
                version=form.cleaned_data["version"],
                **_form_data(form),
            ),
        )
        if saved:
            messages.success(request, "已保存。")
            return redirect("orgs:employer_detail", employer.pk)
    return render(
        request,
        "orgs/employer_form.html",
        {"form": form, "employer": employer, "section": "employers"},
    )
