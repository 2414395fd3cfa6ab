"""Staff pages for cases: queue, register, detail with the workflow actions, due lists.

The transitions themselves are the generic page action of core.workflow_views, mounted in
rights/urls.py; the detail page gets its buttons from `workflow_actions`.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gonghui.core.audit import audit_record
from gonghui.core.clock import today
from gonghui.core.downloads import file_download
from gonghui.core.jobs import job_start
from gonghui.core.views_utils import (
    form_errors_to_messages,
    paginate,
    query_without_page,
    require,
    run_service,
)
from gonghui.core.workflow_views import workflow_actions

from .. import deadlines, forms, queries
from ..models import Case
from ..services import handling, registration, reviews
from ..services.attachments import path_of
from ..services.overdue import OVERDUE_JOB, OVERDUE_TITLE
from ..workflow import CASE_WORKFLOW


@login_required
def case_list(request):
    require(request.user, "rights.view")
    filter_form = forms.CaseFilterForm(request.GET or None, user=request.user)
    qs = queries.case_list(user=request.user, filters=filter_form.filters())
    return render(
        request,
        "rights/case_list.html",
        {
            "filter_form": filter_form,
            "page": paginate(request, qs),
            "query": query_without_page(request),
            "today": today(),
            "section": "rights",
        },
    )


@login_required
def case_create(request):
    require(request.user, "rights.register")
    form = forms.CaseRegisterForm(
        request.POST or None, user=request.user, initial={"received_on": today()}
    )
    if request.method == "POST" and form.is_valid():
        case = run_service(
            form, lambda: registration.case_register(actor=request.user, **form.service_kwargs())
        )
        if case:
            messages.success(request, f"已登记案件 {case.number}。")
            return redirect("rights:case_detail", case.pk)
    return render(request, "rights/case_form.html", {"form": form, "section": "rights"})


def _deadline_context(case: Case) -> dict:
    now = today()
    return {
        "overdue": case.is_overdue_on(now),
        "arbitration_deadline": deadlines.arbitration_deadline(case),
        "arbitration_warning": deadlines.arbitration_warning(case, now),
        "final_award": deadlines.is_final_award(case),
        "may_arbitrate": deadlines.may_apply_arbitration(case, now),
        "group_warning": deadlines.group_visit_warning(case),
        "award_due": deadlines.award_due(case),
        "award_due_extended": deadlines.award_due_extended(case),
        "lawsuit_deadline": deadlines.lawsuit_deadline(case),
    }


@login_required
def case_detail(request, pk: int):
    case = queries.case_get(user=request.user, pk=pk)
    may_register = request.user.can("rights.register")
    duplicates = (
        queries.case_duplicates(user=request.user, case=case)
        if case.state in ("registered", "accepted") and may_register
        else []
    )
    return render(
        request,
        "rights/case_detail.html",
        {
            "case": case,
            "events": CASE_WORKFLOW.events(case),
            "actions": workflow_actions(
                CASE_WORKFLOW, case, request.user, "rights:case_transition"
            ),
            "notes": case.notes.all(),
            "parties": case.parties.select_related("member"),
            "attachments": case.attachments.all(),
            "duplicates": duplicates,
            "note_form": forms.NoteForm(initial={"happened_on": today()}),
            "party_form": forms.PartyForm(),
            "review_form": forms.ReviewForm(initial={"received_on": today()}),
            "can_review": may_register and reviews.may_request_review(case),
            "reviews": case.reviews.all(),
            "section": "rights",
            **_deadline_context(case),
        },
    )


@login_required
def case_edit(request, pk: int):
    case = queries.case_get(user=request.user, pk=pk)
    require(request.user, "rights.handle")  # a lawyer too, on their own cases (case_update)
    fields = registration.EDITABLE_FIELDS
    initial = {f: getattr(case, f) for f in fields} | {"version": case.version}
    form = forms.CaseEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        saved = run_service(
            form,
            lambda: registration.case_update(
                actor=request.user, case=case, version=version, **data
            ),
        )
        if saved:
            messages.success(request, "已保存。")
            return redirect("rights:case_detail", case.pk)
    return render(
        request, "rights/case_form.html", {"form": form, "case": case, "section": "rights"}
    )


@login_required
@require_POST
def case_merge(request, pk: int):
    """Its own view, not the generic action: on success it goes to the original case."""
    case = queries.case_get(user=request.user, pk=pk)
    form = forms.MergeForm(request.POST)
    if form.is_valid():
        original = queries.case_get(user=request.user, pk=form.cleaned_data["original"])
        if run_service(
            form,
            lambda: handling.case_merge(
                actor=request.user,
                case=case,
                original=original,
                version=form.cleaned_data["version"],
            ),
        ):
            messages.success(request, f"已合并到 {original.number}。")
            return redirect("rights:case_detail", original.pk)
    form_errors_to_messages(request, form)
    return redirect("rights:case_detail", case.pk)


@login_required
@require_POST
def case_note(request, pk: int):
    case = queries.case_get(user=request.user, pk=pk)
    form = forms.NoteForm(request.POST)
    if form.is_valid() and run_service(
        form, lambda: registration.case_note_add(actor=request.user, case=case, **form.cleaned_data)
    ):
        messages.success(request, "已添加办理记录。")
    else:
        form_errors_to_messages(request, form)
    return redirect("rights:case_detail", case.pk)


@login_required
@require_POST
def case_party(request, pk: int):
    case = queries.case_get(user=request.user, pk=pk)
    form = forms.PartyForm(request.POST)
    if form.is_valid() and run_service(
        form,
        lambda: registration.case_party_add(actor=request.user, case=case, **form.cleaned_data),
    ):
        messages.success(request, "已添加当事职工。")
    else:
        form_errors_to_messages(request, form)
    return redirect("rights:case_detail", case.pk)


@login_required
def attachment_download(request, pk: int, attachment_pk: int):
    """Staff only, through the case's scope; never a public URL."""
    case = queries.case_get(user=request.user, pk=pk)
    attachment = get_object_or_404(case.attachments, pk=attachment_pk)
    path = path_of(attachment)
    if not path.exists():
        raise Http404("附件文件不存在。")
    audit_record(
        actor=request.user,
        action="rights.attachment.viewed",
        target=case,
        data={"attachment": attachment.pk},
    )
    # served as what its bytes are, under a name with that extension (core.downloads)
    return file_download(path, name=attachment.original_name)


@login_required
def cases_due(request):
    require(request.user, "rights.view")
    now = today()
    filter_form = forms.CasesDueFilterForm(request.GET or None, user=request.user)
    filters = filter_form.filters()
    lists = queries.cases_due(user=request.user, today=now, filters=filters)
    due = filters.get("due")  # one of the two lists, or both
    return render(
        request,
        "rights/cases_due.html",
        {
            "filter_form": filter_form,
            "show_overdue": due in (None, "overdue"),
            "show_due_soon": due in (None, "soon"),
            "overdue": lists["overdue"][:500],
            "due_soon": lists["due_soon"][:500],
            "by_station": lists["by_station"],
            "by_town": lists["by_town"],
            "today": now,
            "section": "rights",
        },
    )


@login_required
@require_POST
def case_review(request, pk: int):
    original = queries.case_get(user=request.user, pk=pk)
    form = forms.ReviewForm(request.POST)
    if form.is_valid():
        review = run_service(
            form,
            lambda: reviews.case_request_review(
                actor=request.user, original=original, **form.cleaned_data
            ),
        )
        if review:
            messages.success(
                request, f"已登记{review.get_review_level_display()}申请 {review.number}。"
            )
            return redirect("rights:case_detail", review.pk)
    form_errors_to_messages(request, form)
    return redirect("rights:case_detail", original.pk)


@login_required
@require_POST
def overdue_check(request):
    """Run the daily overdue check now, as a background job with its progress page; the
    job works as the system (rights/jobs.py), the person is recorded as who started it."""
    require(request.user, "rights.manage")
    job = job_start(
        kind=OVERDUE_JOB,
        title=OVERDUE_TITLE,
        actor=request.user,
        org_path=request.user.organization.path,
        params={"return_url": reverse("rights:cases_due")},  # the job page's way back
    )
    return redirect("core:job_detail", job.pk)
