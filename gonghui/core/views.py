from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .audit import ACTION_LABELS
from .audit_export import AUDIT_EXPORT
from .downloads import file_download
from .exports import list_export_start
from .forms import AuditFilterForm
from .jobs import job_file_downloaded
from .models import Job
from .notify import mark_read, notifications_for
from .permissions import require
from .queries import audit_list, job_get
from .registry import portal_pages, registry
from .views_utils import paginate, query_without_page


@login_required
def job_detail(request, pk: int):
    job = job_get(user=request.user, pk=pk)
    template = "core/partials/job_progress.html" if request.htmx else "core/job_detail.html"
    context = {"job": job, "status_text": _status_text(job), "back_url": _back_url(request, job)}
    return render(request, template, context)


def _status_text(job: Job) -> str:
    """What the page says of the job now. A handler's progress message ("正在导出…") is
    its last word while it runs; once it has succeeded the result speaks (issue #10: the
    page said "正在导出…" under 已完成), a failure says why (core.jobs.run_job)."""
    if job.status != Job.Status.SUCCEEDED:
        return job.message
    result = job.result or {}
    if result.get("message"):
        return str(result["message"])
    if isinstance(result.get("rows"), int):
        return f"共 {result['rows']:,} 行。"
    return ""


def _back_url(request, job: Job) -> str:
    """The page that started the job (`params["return_url"]`, a path of this site), else home."""
    url = str((job.params or {}).get("return_url") or "")
    local = url.startswith("/") and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return url if local else "/"


@login_required
def job_download(request, pk: int):
    job = job_get(user=request.user, pk=pk)
    if not job.result_file:
        raise Http404("没有可下载的文件。")
    name = (job.result or {}).get("filename") or Path(job.result_file).name
    response = file_download(job.result_file, name=name)
    job_file_downloaded(actor=request.user, job=job)  # exports hold people's data (issue #12)
    return response


@login_required
@require_POST
def list_export(request, name: str):
    """Export a list as its filter form's values (posted by `{% export_button %}`)."""
    full = request.POST.get("full") == "1"
    job = list_export_start(actor=request.user, name=name, data=request.POST, full=full)
    return redirect("core:job_detail", job.pk)


@login_required
def audit_log(request):
    require(request.user, "audit.view")
    filter_form = AuditFilterForm(request.GET or None, user=request.user)
    entries = audit_list(user=request.user, filters=filter_form.filters())
    return render(
        request,
        "core/audit_list.html",
        {
            "filter_form": filter_form,
            "page": paginate(request, entries, per_page=50),
            "labels": ACTION_LABELS,
            "query": query_without_page(request),
            # core.audit_export.AUDIT, once core's ready() registers it
            "exportable": AUDIT_EXPORT in registry["list_exports"],
        },
    )


@login_required
def notification_list(request):
    unread = request.GET.get("unread") == "1"
    page = paginate(request, notifications_for(request.user, unread=unread), per_page=50)
    return render(
        request,
        "core/notifications.html",
        {
            "page": page,
            "unread": unread,
            "query": query_without_page(request),
            "section": "notifications",
        },
    )


@login_required
@require_POST
def notification_read(request, pk: int | None = None):
    """Mark one notification read (404 unless it is the user's), or all of them."""
    if pk is not None:
        get_object_or_404(notifications_for(request.user), pk=pk)
    mark_read(user=request.user, notification_id=pk)
    return redirect("core:notifications")


def portal_home(request):
    """The workers' phone home page: every page they may open without an account."""
    return render(request, "core/portal_home.html", {"pages": portal_pages()})


def healthz(request):
    """For a load balancer and the page benchmark's trivial page (bench/pages.py): answers
    without a session, a template or a query, so it measures the server alone."""
    return HttpResponse("ok", content_type="text/plain")


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


BAD_REQUEST = "请求无法处理：主机名（Host）无效或请求格式不正确。请从平台的网址重新打开页面。"


def bad_request(request, exception):
    """What Django refuses before any view (an empty or unknown Host, a malformed upload):
    JSON in Chinese on the API, the product's page elsewhere (not Django's)."""
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"detail": BAD_REQUEST}, status=400, json_dumps_params={"ensure_ascii": False}
        )
    return render(request, "core/error.html", {"message": BAD_REQUEST}, status=400)
