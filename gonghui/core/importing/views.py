"""Pages of the import pipeline: upload, template, result (with live progress), report, list,
resume."""

import io
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gonghui.core.errors import ApplicationError
from gonghui.core.views_utils import paginate, run_service

from . import queries, services
from .forms import ImportUploadForm
from .template_file import import_template as template_for


@login_required
def import_list(request):
    errors = request.GET.get("errors") == "1"
    runs = queries.import_run_list(user=request.user, errors=errors)
    return render(
        request,
        "importing/import_list.html",
        {"page": paginate(request, runs), "errors": errors, "section": "imports"},
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
    return FileResponse(io.BytesIO(content), as_attachment=True, filename=name)


@login_required
def import_detail(request, pk: int):
    run = queries.import_run_get(user=request.user, pk=pk)
    context = {"run": run, "job": run.job, "section": "imports"}
    if request.htmx:
        return render(request, "importing/partials/run_status.html", context)
    return render(request, "importing/import_detail.html", context)


@login_required
def import_report(request, pk: int):
    run = queries.import_run_get(user=request.user, pk=pk)
    if not run.report_path:
        raise Http404("没有错误报告。")
    root = Path(settings.MEDIA_ROOT).resolve()
    path = (root / run.report_path).resolve()
    if not path.is_relative_to(root) or not path.exists():
        raise Http404("文件不存在。")
    name = f"导入错误报告-{run.pk}.xlsx"
    return FileResponse(path.open("rb"), as_attachment=True, filename=name)


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
