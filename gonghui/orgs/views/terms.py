from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from gonghui.core.clock import today
from gonghui.core.scope import access
from gonghui.core.views_utils import require, run_service
from gonghui.core.workflow_views import workflow_actions

from .. import elections, queries, services
from ..forms import CoverageFilterForm, ElectionStartForm, TermFilterForm, TermForm
from ..models import Election, Organization

RECORD_TERM = "orgs.record_term"


@login_required
def terms_due(request):
    require(request.user, "orgs.view")
    days = settings.TERM_ALERT_DAYS
    now = today()
    filter_form = TermFilterForm(request.GET or None, user=request.user)
    filters = filter_form.filters()
    lists = queries.terms_due(user=request.user, today=now, days=days, filters=filters)
    # ?due=overdue or ?due=soon shows one of the two lists (the home page's to-dos link here)
    due = filters.get("due", "")
    # (term, days): past the end for the overdue, left for the others (issue #10:
    # Django's timesince/timeuntil read a date as midnight and said "0 分钟")
    overdue = [] if due == "soon" else [(t, -t.days_left(now)) for t in lists["overdue"][:500]]
    due_soon = [] if due == "overdue" else [(t, t.days_left(now)) for t in lists["due_soon"][:500]]
    return render(
        request,
        "orgs/terms_due.html",
        {
            "filter_form": filter_form,
            "due": due,
            "overdue": overdue,
            "due_soon": due_soon,
            "days": days,
            "overdue_count": lists["overdue"].count(),
            "due_soon_count": lists["due_soon"].count(),
            "section": "terms",
        },
    )


@login_required
def coverage(request):
    require(request.user, "orgs.view")
    filter_form = CoverageFilterForm(request.GET or None, user=request.user)
    rows = queries.display_coverage(user=request.user, filters=filter_form.filters())
    return render(
        request,
        "orgs/coverage.html",
        {
            "filter_form": filter_form,
            "rows": rows,
            "total": queries.coverage_total(rows),
            "section": "coverage",
        },
    )


@login_required
def term_create(request, pk: int):
    """District staff only (`orgs.record_term`): anyone else gets 403, whatever the union;
    a union's term otherwise comes from its approved re-election (issue #10)."""
    org = access(Organization.objects.select_related("parent"), request.user, pk, RECORD_TERM)
    form = TermForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        term = run_service(
            form, lambda: services.term_record(actor=request.user, org=org, **form.cleaned_data)
        )
        if term:
            messages.success(request, f"已登记第{term.number}届任期，届满日 {term.ends_on}。")
            return redirect("orgs:organization_detail", org.pk)
    return render(
        request, "orgs/simple_form.html", {"form": form, "org": org, "title": "直接登记任期"}
    )


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
    flow = elections.ELECTION_WORKFLOW
    return render(
        request,
        "orgs/election_detail.html",
        {
            "election": election,
            "events": flow.events(election),
            "actions": workflow_actions(flow, election, request.user, "orgs:election_transition"),
        },
    )
