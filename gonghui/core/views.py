from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import render

from gonghui.orgs.queries import subtree_counts, town_counts, user_root

from .audit import ACTION_LABELS
from .queries import audit_list, job_get
from .views_utils import paginate, query_without_page


@login_required
def dashboard(request):
    root = user_root(request.user)
    towns = town_counts(user=request.user)
    top = max((c.grassroots for _, c in towns), default=0) or 1
    return render(
        request,
        "core/dashboard.html",
        {
            "root": root,
            "counts": subtree_counts(root),
            "towns": towns,
            "top": top,
        },
    )


@login_required
def job_detail(request, pk: int):
    job = job_get(user=request.user, pk=pk)
    template = "core/partials/job_progress.html" if request.htmx else "core/job_detail.html"
    return render(request, template, {"job": job})


@login_required
def job_download(request, pk: int):
    job = job_get(user=request.user, pk=pk)
    if not job.result_file:
        raise Http404("没有可下载的文件。")
    path = (Path(settings.MEDIA_ROOT) / job.result_file).resolve()
    if not path.is_relative_to(Path(settings.MEDIA_ROOT).resolve()) or not path.exists():
        raise Http404("文件不存在。")
    return FileResponse(
        path.open("rb"), as_attachment=True, filename=job.result.get("filename", path.name)
    )


@login_required
def audit_log(request):
    page = paginate(request, audit_list(user=request.user, filters=request.GET), per_page=50)
    return render(
        request,
        "core/audit_list.html",
        {
            "page": page,
            "labels": ACTION_LABELS,
            "actions": sorted(ACTION_LABELS.items()),
            "query": query_without_page(request),
        },
    )


def page_not_found(request, exception):
    return render(request, "404.html", status=404)
