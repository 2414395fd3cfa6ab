"""Pages of the import pipeline: upload, template, result (with live progress), report, list,
resume."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gonghui.core.downloads import content_download, file_download
from gonghui.core.errors import ApplicationError
from gonghui.core.forms import ImportFilterForm
from gonghui.core.registry import registry
from gonghui.core.views_utils import paginate, run_service

from . import queries, services
from .forms import ImportUploadForm
from .models import ImportRun
from .report import report_file
from .template_file import import_template as template_for


@login_required
def import_list(request):
    filter_form = ImportFilterForm(request.GET or None, user=request.user)
    filters = filter_form.filters()
    runs = queries.import_run_list(user=request.user, filters=filters)
    return render(
        request,
        "importing/import_list.html",
        {
            "filter_form": filter_form,
            "page": paginate(request, runs),
            "errors": bool(filters.get("errors")),
            "section": "imports",
        },
    )


@login_required
def import_new(request):
    form = ImportUploadForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        initial={"kind": request.GET.get("kind", "")},
    )
    if not form.kinds:
        raise PermissionDenied("您没有导入数据的权限。")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        run = run_service(
            form,
            lambda: services.import_start(
                actor=request.user,
                kind=data["kind"],
                upload=data["file"],
                target=form.target(),
                dry_run=data["dry_run"],
            ),
        )
        if run:
            return redirect("importing:import_detail", run.pk)
    return render(request, "importing/import_new.html", {"form": form, "section": "imports"})


@login_required
def import_template(request, kind: str):
    name, content = template_for(user=request.user, kind=kind)
    return content_download(content, name=name)


@login_required
def import_detail(request, pk: int):
    run = services.import_notice_dead_worker(queries.import_run_get(user=request.user, pk=pk))
    context = {"run": run, "job": run.job, "section": "imports", "links": _links(run, request)}
    if request.htmx:
        return render(request, "importing/partials/run_status.html", context)
    return render(request, "importing/import_detail.html", context)


def _links(run: ImportRun, request) -> list[tuple[str, str]]:
    """The kind's own pages about a finished run (ImportKindSpec.result_links)."""
    spec = registry["importers"].get(run.kind)
    if spec is None or not run.is_finished:
        return []
    return spec.links_for(run, request.user)


@login_required
def import_report(request, pk: int):
    run = queries.import_run_get(user=request.user, pk=pk)
    path = report_file(user=request.user, run=run)  # masked for others (issue #12)
    name = f"导入错误报告-{run.pk}.xlsx"
    return file_download(path, name=name)


@login_required
@require_POST
def import_resume(request, pk: int):
    run = queries.import_run_get(user=request.user, pk=pk)
    try:
        services.import_resume(actor=request.user, run=run)
    except ApplicationError as exc:
        from django.contrib import messages

        messages.error(request, exc.message)
    return redirect("importing:import_detail", run.pk)
