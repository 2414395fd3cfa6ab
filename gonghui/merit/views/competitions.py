"""Staff pages of competitions (MERIT-3): the list (filters, export), the form, a
competition's page (events, entries with their count of employers, teams and workers,
contestants per event ranked, those sent on and how they did, the state buttons, the
imports), the entry and contestant forms, and the results page (printable, exportable).
Thin: forms, queries, one service call."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from gonghui.core.errors import ApplicationError
from gonghui.core.importing.services import import_start
from gonghui.core.views_utils import (
    form_errors_to_messages,
    paginate,
    query_without_page,
    require,
    run_service,
)

from ..choices import CompetitionState, Level
from ..forms import competitions as forms
from ..importers.competitions import ENTRIES, RESULTS
from ..queries import competitions as queries
from ..services import competitions as services

SECTION = "competitions"
MOVE_LABELS = {
    CompetitionState.RUNNING: "开始竞赛",
    CompetitionState.FINISHED: "结束竞赛",
    CompetitionState.PLANNED: "退回筹备",
}


@login_required
def competition_list(request):
    require(request.user, services.VIEW)
    filter_form = forms.CompetitionFilterForm(request.GET or None, user=request.user)
    qs = queries.competition_list(user=request.user, filters=filter_form.filters())
    return render(
        request,
        "merit/competitions/competition_list.html",
        {
            "filter_form": filter_form,
            "page": paginate(request, qs),
            "query": query_without_page(request),
            "may_manage": request.user.can(services.MANAGE),
            "section": SECTION,
        },
    )


def _initial(competition) -> dict:
    if competition is None:
        return {"level": Level.DISTRICT, "kind": "skills"}
    fields = {f: getattr(competition, f) for f in services.COMPETITION_FIELDS}
    events = "\n".join(competition.events.values_list("name", flat=True))
    return {**fields, "events": events, "version": competition.version}


@login_required
def competition_form(request, pk: int | None = None):
    require(request.user, services.MANAGE)
    competition = queries.competition_get(user=request.user, pk=pk) if pk else None
    if competition is not None and not services.manages(request.user, competition):
        raise PermissionDenied("只有竞赛的主办单位才能修改竞赛。")
    form = forms.CompetitionForm(
        request.POST or None, user=request.user, initial=_initial(competition)
    )
    if request.method == "POST" and form.is_valid():

        def save():
            data = form.service_kwargs()
            if competition is None:
                return services.competition_create(actor=request.user, **data)
            return services.competition_update(
                actor=request.user,
                competition=competition,
                version=form.cleaned_data["version"],
                **data,
            )

        saved = run_service(form, save)
        if saved:
            messages.success(request, f"已保存「{saved}」。")
            return redirect("merit:competition_detail", saved.pk)
    return render(
        request,
        "merit/competitions/competition_form.html",
        {"form": form, "competition": competition, "section": SECTION},
    )


def _moves(competition, user) -> list[dict]:
    if not services.manages(user, competition):
        return []
    return [
        {
            "state": state,
            "label": MOVE_LABELS[state],
            "form": forms.MoveForm(
                initial={"version": competition.version, "state": state}, prefix=f"m-{state}"
            ),
        }
        for state in services.rules.MOVES[competition.state]
    ]


PREVIEW = 10  # rows of the list not paged on a competition's page (its tab has them all)


def _lists(request, tab: str, entries, contestants) -> dict:
    """The tab's list paged (`page`), the other's first rows with whether there are more."""
    paged, other = (entries, contestants) if tab == "entries" else (contestants, entries)
    preview = list(other[: PREVIEW + 1])
    return {
        "page": paginate(request, paged),
        "preview": preview[:PREVIEW],
        "preview_more": len(preview) > PREVIEW,
    }


@login_required
def competition_detail(request, pk: int):
    competition = queries.competition_get(user=request.user, pk=pk)
    user = request.user
    filter_form = forms.DetailFilterForm(request.GET or None, user=user)
    filters, tab = filter_form.filters(), filter_form.shown
    entries = queries.entry_rows(user=user, competition=competition, filters=filters)
    contestants = queries.contestant_rows(user=user, competition=competition, filters=filters)
    manages = services.manages(user, competition)
    return render(
        request,
        "merit/competitions/competition_detail.html",
        {
            "competition": competition,
            "events": competition.events.all(),
            "summary": queries.entry_summary(entries),
            **_lists(request, tab, entries, contestants),
            "filter_form": filter_form,
            "tab": tab,
            "tabs": forms.TABS,
            "org": filters.get("org"),
            "query": query_without_page(request),
            "sent_on": queries.sent_on_of(user=user, competition=competition),
            "manages": manages,
            "may_enter": services.may_enter(user, competition),
            "moves": _moves(competition, user),
            "import_form": forms.ImportForm(),
            "results_kind": RESULTS,
            "entries_kind": ENTRIES,
            "section": SECTION,
        },
    )


@login_required
@require_POST
def competition_move(request, pk: int, state: str):
    competition = queries.competition_get(user=request.user, pk=pk)
    form = forms.MoveForm(request.POST, prefix=f"m-{state}")
    call = lambda: services.competition_move(  # noqa: E731
        actor=request.user,
        competition=competition,
        version=form.cleaned_data["version"],
        state=form.cleaned_data["state"],
    )
    if form.is_valid() and run_service(form, call):
        messages.success(request, f"「{competition}」已改为{CompetitionState(state).label}。")
    else:
        form_errors_to_messages(request, form)
    return redirect("merit:competition_detail", pk)


@login_required
@require_POST
def competition_ranks(request, pk: int):
    competition = queries.competition_get(user=request.user, pk=pk)
    try:
        changed = services.ranks_compute(actor=request.user, competition=competition)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已按成绩排定名次，{changed}名选手的名次有变化。")
    return redirect("merit:competition_detail", pk)


@login_required
def competition_results(request, pk: int | None = None):
    """One competition's results (by its path, or `?competition=` as its export links back);
    without one, the competitions to choose from, and the export of all results in scope."""
    require(request.user, services.VIEW)
    filter_form = forms.ResultsFilterForm(request.GET or None, user=request.user)
    if pk is None and filter_form.is_valid():
        pk = filter_form.cleaned_data.get("competition")
    if pk is None:
        recent = queries.competition_list(user=request.user)[:50]
        return render(
            request,
            "merit/competitions/competition_results.html",
            {"competition": None, "recent": recent, "filter_form": filter_form, "section": SECTION},
        )
    competition = queries.competition_get(user=request.user, pk=pk)
    entries = queries.entries_of(user=request.user, competition=competition)
    return render(
        request,
        "merit/competitions/competition_results.html",
        {
            "competition": competition,
            "results": queries.results_by_event(user=request.user, competition=competition),
            "sent_on": queries.sent_on_of(user=request.user, competition=competition),
            "summary": queries.entry_summary(entries),
            "filter_form": forms.ResultsFilterForm(
                {"competition": competition.pk}, user=request.user
            ),
            "section": SECTION,
        },
    )


# ---- entries ------------------------------------------------------------------------------------


def _enter_check(request, competition) -> bool:
    """Whether the user may enter; says why not on the page it goes back to."""
    if services.may_enter(request.user, competition):
        return True
    messages.error(request, "只有竞赛的主办单位，或在竞赛进行中的下级单位，才能报名。")
    return False


@login_required
def entry_form(request, pk: int, entry_pk: int | None = None):
    require(request.user, services.ENTER)
    competition = queries.competition_get(user=request.user, pk=pk)
    if not _enter_check(request, competition):
        return redirect("merit:competition_detail", pk)
    entry = (
        queries.entry_get(user=request.user, competition=competition, pk=entry_pk)
        if entry_pk
        else None
    )
    initial = {f: getattr(entry, f) for f in services.ENTRY_FIELDS} if entry else {}
    form = forms.EntryForm(
        request.POST or None,
        user=request.user,
        results=services.manages(request.user, competition),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def save():
            if entry is None:
                return services.entry_add(actor=request.user, competition=competition, **data)
            return services.entry_update(actor=request.user, entry=entry, **data)

        if run_service(form, save):
            messages.success(request, f"已保存参赛单位「{data['employer']}」。")
            return redirect("merit:competition_detail", pk)
    return render(
        request,
        "merit/competitions/entry_form.html",
        {"form": form, "competition": competition, "entry": entry, "section": SECTION},
    )


@login_required
@require_POST
def entry_remove(request, pk: int, entry_pk: int):
    competition = queries.competition_get(user=request.user, pk=pk)
    entry = queries.entry_get(user=request.user, competition=competition, pk=entry_pk)
    try:
        services.entry_remove(actor=request.user, entry=entry)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已删除参赛单位「{entry}」。")
    return redirect("merit:competition_detail", pk)


# ---- contestants --------------------------------------------------------------------------------


@login_required
def contestant_form(request, pk: int, contestant_pk: int | None = None):
    require(request.user, services.ENTER)
    competition = queries.competition_get(user=request.user, pk=pk)
    if not _enter_check(request, competition):
        return redirect("merit:competition_detail", pk)
    contestant = (
        queries.contestant_get(user=request.user, competition=competition, pk=contestant_pk)
        if contestant_pk
        else None
    )
    initial = {}
    if contestant is not None:
        initial = {f: getattr(contestant, f) for f in services.RESULT_FIELDS}
        initial.update(
            event=contestant.event.name,
            member=contestant.member,
            name=contestant.name,
            employer=contestant.employer,
        )
    form = forms.ContestantForm(
        request.POST or None,
        user=request.user,
        events=competition.events.all(),
        results=services.manages(request.user, competition),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():

        def save():
            data = form.service_kwargs(editing=contestant is not None)
            if contestant is None:
                return services.contestant_add(actor=request.user, competition=competition, **data)
            return services.contestant_update(actor=request.user, contestant=contestant, **data)

        saved = run_service(form, save)
        if saved:
            messages.success(request, f"已保存参赛选手「{saved}」。")
            return redirect("merit:competition_detail", pk)
    return render(
        request,
        "merit/competitions/contestant_form.html",
        {
            "form": form,
            "competition": competition,
            "contestant": contestant,
            "section": SECTION,
        },
    )


@login_required
@require_POST
def contestant_remove(request, pk: int, contestant_pk: int):
    competition = queries.competition_get(user=request.user, pk=pk)
    contestant = queries.contestant_get(
        user=request.user, competition=competition, pk=contestant_pk
    )
    try:
        services.contestant_remove(actor=request.user, contestant=contestant)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已删除参赛选手「{contestant}」。")
    return redirect("merit:competition_detail", pk)


# ---- imports ------------------------------------------------------------------------------------


@login_required
@require_POST
def competition_import(request, pk: int, what: str):
    """A sheet of results or of entries into this competition (core.importing)."""
    competition = queries.competition_get(user=request.user, pk=pk)
    kind = {"results": RESULTS, "entries": ENTRIES}.get(what)
    if kind is None:
        raise PermissionDenied("导入类型不正确。")
    form = forms.ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return redirect("merit:competition_detail", pk)
    run = run_service(
        form,
        lambda: import_start(
            actor=request.user,
            kind=kind,
            upload=form.cleaned_data["file"],
            target=competition.pk,
            dry_run=form.cleaned_data["dry_run"],
        ),
    )
    if run is None:
        form_errors_to_messages(request, form)
        return redirect("merit:competition_detail", pk)
    return redirect("importing:import_detail", run.pk)


urlpatterns = [
    path("merit/competitions/", competition_list, name="competition_list"),
    path("merit/competitions/new/", competition_form, name="competition_create"),
    path("merit/competitions/results/", competition_results, name="results"),
    path("merit/competitions/<int:pk>/", competition_detail, name="competition_detail"),
    path("merit/competitions/<int:pk>/edit/", competition_form, name="competition_edit"),
    path(
        "merit/competitions/<int:pk>/state/<str:state>/",
        competition_move,
        name="competition_move",
    ),
    path("merit/competitions/<int:pk>/ranks/", competition_ranks, name="competition_ranks"),
    path("merit/competitions/<int:pk>/results/", competition_results, name="competition_results"),
    path(
        "merit/competitions/<int:pk>/import/<str:what>/",
        competition_import,
        name="competition_import",
    ),
    path("merit/competitions/<int:pk>/entries/new/", entry_form, name="entry_create"),
    path("merit/competitions/<int:pk>/entries/<int:entry_pk>/edit/", entry_form, name="entry_edit"),
    path(
        "merit/competitions/<int:pk>/entries/<int:entry_pk>/remove/",
        entry_remove,
        name="entry_remove",
    ),
    path("merit/competitions/<int:pk>/contestants/new/", contestant_form, name="contestant_create"),
    path(
        "merit/competitions/<int:pk>/contestants/<int:contestant_pk>/edit/",
        contestant_form,
        name="contestant_edit",
    ),
    path(
        "merit/competitions/<int:pk>/contestants/<int:contestant_pk>/remove/",
        contestant_remove,
        name="contestant_remove",
    ),
]
