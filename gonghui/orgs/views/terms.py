import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gonghui.core.scope import access
from gonghui.core.views_utils import require, run_service

from .. import elections, queries, services
from ..forms import (
    ElectionApproveForm,
    ElectionRejectForm,
    ElectionResultForm,
    ElectionStartForm,
    TermForm,
)
from ..models import Election


@login_required
def terms_due(request):
    require(request.user, "orgs.view")
    days = settings.TERM_ALERT_DAYS
    lists = queries.terms_due(user=request.user, today=datetime.date.today(), days=days)
    return render(
        request,
        "orgs/terms_due.html",
        {
            "overdue": lists["overdue"][:500],
            "due_soon": lists["due_soon"][:500],
            "days": days,
            "overdue_count": lists["overdue"].count(),
            "due_soon_count": lists["due_soon"].count(),
            "today": datetime.date.today(),
            "section": "terms",
        },
    )


@login_required
def coverage(request):
    require(request.user, "orgs.view")
    rows = queries.display_coverage(user=request.user)
    total = queries.Coverage(
        None,
        sum(r.unions for r in rows),
        sum(r.dual_display for r in rows),
        sum(r.women_org for r in rows),
    )
    return render(
        request, "orgs/coverage.html", {"rows": rows, "total": total, "section": "coverage"}
    )


@login_required
def term_create(request, pk: int):
    org = queries.organization_get(user=request.user, pk=pk)
    form = TermForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        term = run_service(
            form, lambda: services.term_record(actor=request.user, org=org, **form.cleaned_data)
        )
        if term:
            messages.success(request, f"已登记第{term.number}届任期，届满日 {term.ends_on}。")
            return redirect("orgs:organization_detail", org.pk)
    return render(request, "orgs/simple_form.html", {"form": form, "org": org, "title": "登记任期"})


@login_required
def election_create(request, pk: int):
    org = queries.organization_get(user=request.user, pk=pk)
    form = ElectionStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        election = run_service(
            form, lambda: elections.election_start(actor=request.user, org=org, **form.cleaned_data)
        )
        if election:
            return redirect("orgs:election_detail", election.pk)
    return render(request, "orgs/simple_form.html", {"form": form, "org": org, "title": "启动换届"})


@login_required
def election_detail(request, pk: int):
    election = access(Election.objects.select_related("organization"), request.user, pk)
    initial = {"version": election.version}
    return render(
        request,
        "orgs/election_detail.html",
        {
            "election": election,
            "events": elections.ELECTION_WORKFLOW.events(election),
            "available": {
                t.name for t in elections.ELECTION_WORKFLOW.available(election, request.user)
            },
            "result_form": ElectionResultForm(initial=initial),
            "approve_form": ElectionApproveForm(initial=initial),
            "reject_form": ElectionRejectForm(initial=initial),
        },
    )


_ACTIONS = {
    "record_result": (
        ElectionResultForm,
        lambda e, u, d: elections.election_record_result(
            actor=u,
            election=e,
            version=d["version"],
            elected_on=d["elected_on"],
            chair_name=d["chair_name"],
        ),
    ),
    "approve": (
        ElectionApproveForm,
        lambda e, u, d: elections.election_approve(
            actor=u,
            election=e,
            version=d["version"],
            doc_no=d["approval_doc_no"],
            approved_on=d["approved_on"],
        ),
    ),
    "reject": (
        ElectionRejectForm,
        lambda e, u, d: elections.election_reject(
            actor=u, election=e, version=d["version"], reason=d["note"]
        ),
    ),
}


@login_required
@require_POST
def election_transition(request, pk: int, action: str):
    election = access(Election, request.user, pk)
    if action not in _ACTIONS:
        raise PermissionDenied("未知的操作。")
    form_class, call = _ACTIONS[action]
    form = form_class(request.POST)
    if form.is_valid() and run_service(
        form, lambda: call(election, request.user, form.cleaned_data)
    ):
        messages.success(request, "操作已完成。")
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("orgs:election_detail", election.pk)
