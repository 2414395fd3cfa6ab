"""Staff pages of reading-campaign submissions (MERIT-4): the list (filters, export), the
counts per activity, one entry (its text, the review's buttons, its history), a union's
entry for a member. Thin: forms, queries, one service call."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import path

from gonghui.core.views_utils import paginate, query_without_page, require, run_service
from gonghui.core.workflow_views import workflow_actions, workflow_urls

from ..forms import submissions as forms
from ..queries import submissions as queries
from ..services import submissions as services
from ..services.submissions import SUBMISSION_WORKFLOW

SECTION = "submissions"


@login_required
def submission_list(request):
    require(request.user, queries.VIEW)
    filter_form = forms.SubmissionFilterForm(request.GET or None, user=request.user)
    qs = queries.submission_list(user=request.user, filters=filter_form.filters())
    return render(
        request,
        "activities/submissions/submission_list.html",
        {
            "filter_form": filter_form,
            "page": paginate(request, qs),
            "query": query_without_page(request),
            "may_enter": request.user.can(services.ENTER),
            "section": SECTION,
        },
    )


@login_required
def submission_counts(request):
    require(request.user, queries.VIEW)
    filter_form = forms.SubmissionCountsForm(request.GET or None, user=request.user)
    year = filter_form.filters().get("year")
    rows = queries.submission_counts(user=request.user, year=year)
    total = {
        k: sum(r[k] for r in rows) for k in ("total", "accepted", "rejected", "waiting", "prized")
    }
    return render(
        request,
        "activities/submissions/submission_counts.html",
        {"filter_form": filter_form, "rows": rows, "total": total, "section": SECTION},
    )


@login_required
def submission_detail(request, pk: int):
    submission = queries.submission_get(user=request.user, pk=pk)
    return render(
        request,
        "activities/submissions/submission_detail.html",
        {
            "submission": submission,
            "actions": workflow_actions(
                SUBMISSION_WORKFLOW, submission, request.user, "activities:submission_transition"
            ),
            "events": SUBMISSION_WORKFLOW.events(submission),
            "section": SECTION,
        },
    )


@login_required
def submission_create(request):
    require(request.user, services.ENTER)
    form = forms.SubmissionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = run_service(
            form,
            lambda: services.submission_create(
                actor=request.user,
                activity=data["activity"],
                member=data["member"],
                title=data["title"],
                book=data["book"],
                text=data["text"],
            ),
        )
        if saved:
            messages.success(request, f"已录入{saved.member.name}的投稿「{saved}」。")
            return redirect("activities:submission_detail", saved.pk)
    return render(
        request, "activities/submissions/submission_form.html", {"form": form, "section": SECTION}
    )


urlpatterns = [
    path("activities/submissions/", submission_list, name="submission_list"),
    path("activities/submissions/counts/", submission_counts, name="submission_counts"),
    path("activities/submissions/new/", submission_create, name="submission_create"),
    path("activities/submissions/<int:pk>/", submission_detail, name="submission_detail"),
    *workflow_urls(SUBMISSION_WORKFLOW, "activities/submissions/", "submission_transition"),
]
