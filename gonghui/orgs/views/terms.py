from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from gonghui.core.clock import today
from gonghui.core.lists import CappedPaginator, capped_count, count_cap, total_label
from gonghui.core.scope import access
from gonghui.core.views_utils import query_without_page, require, run_service
from gonghui.core.workflow_views import workflow_actions

from .. import elections, queries, services
from ..forms import CoverageFilterForm, ElectionStartForm, TermFilterForm, TermForm
from ..models import Election, Organization

RECORD_TERM = "orgs.record_term"
TERMS_PER_PAGE = 50


@login_required
def terms_due(request):
    """The overdue and the ending-soon terms, each a `core.lists` page in end-date order
    (the `term_current_ends_on` index): both lists show their first page and link to the
    whole list (`?due=overdue` / `?due=soon`, the home page's to-do links), which pages on.
    Up to 1,000 rows rendered and two exact counts cost 2.6 s at p99 (issue #10)."""
    require(request.user, "orgs.view")
    days = settings.TERM_ALERT_DAYS
    now = today()
    filter_form = TermFilterForm(request.GET or None, user=request.user)
    filters = filter_form.filters()
    lists = queries.terms_due(user=request.user, today=now, days=days, filters=filters)
    due = filters.get("due", "")
    # one list pages with ?page=; with both shown, each shows its first page
    number = request.GET.get("page") if due else 1
    overdue = None if due == "soon" else _term_page(lists["overdue"], number)
    due_soon = None if due == "overdue" else _term_page(lists["due_soon"], number)
    return render(
        request,
        "orgs/terms_due.html",
        {
            "filter_form": filter_form,
            "due": due,
            # (term, days): past the end for the overdue, left for the others (issue #10:
            # Django's timesince/timeuntil read a date as midnight and said "0 分钟")
            "overdue": [(t, -t.days_left(now)) for t in overdue or ()],
            "due_soon": [(t, t.days_left(now)) for t in due_soon or ()],
            "overdue_more": overdue is not None and overdue.has_next(),
            "due_soon_more": due_soon is not None and due_soon.has_next(),
            "page": overdue if due == "overdue" else due_soon,
            "query": query_without_page(request),
            "days": days,
            "overdue_count": _total(overdue, lists["overdue"]),
            "due_soon_count": _total(due_soon, lists["due_soon"]),
            "section": "terms",
        },
    )


def _term_page(rows, number):
    return CappedPaginator(rows.order_by("ends_on", "pk"), TERMS_PER_PAGE).get_page(number)


def _total(page, rows) -> str:
    """The list's capped total ("1,000+"): from its page when shown, else counted."""
    if page is not None:
        return page.paginator.total_label
    return total_label(capped_count(rows, count_cap()), count_cap())


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
