"""Staff pages of delegations (MERIT-4): the list (filters, export), the form, a delegation's
page (its counts, events, athletes, prizes, and the forms that change them), delete. Thin:
forms, queries, one service call each; a form posted from the page comes back to it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from gonghui.core.forms import VersionForm
from gonghui.core.views_utils import (
    form_errors_to_messages,
    paginate,
    query_without_page,
    require,
    run_service,
)

from ..forms import delegations as forms
from ..queries import delegations as queries
from ..services import delegations as services

SECTION = "delegations"
TABS = ("events", "athletes", "prizes")
TAB_LABELS = (("events", "比赛项目"), ("athletes", "运动员"), ("prizes", "获奖"))


@login_required
def delegation_list(request):
    require(request.user, queries.VIEW)
    filter_form = forms.DelegationFilterForm(request.GET or None, user=request.user)
    qs = queries.delegation_list(user=request.user, filters=filter_form.filters())
    return render(
        request,
        "activities/delegations/delegation_list.html",
        {
            "filter_form": filter_form,
            "page": paginate(request, qs),
            "query": query_without_page(request),
            "may_manage": request.user.can(services.MANAGE),
            "section": SECTION,
        },
    )


def _manage_forms(delegation) -> dict:
    """The page's forms, each with the version the page was read at."""
    v = {"version": delegation.version}
    return {
        "events_form": forms.EventsForm(initial=v, auto_id="events_%s"),
        "athletes_form": forms.AthletesForm(initial=v, delegation=delegation, auto_id="ath_%s"),
        "prize_form": forms.PrizeForm(initial=v, delegation=delegation, auto_id="prize_%s"),
        "version_form": VersionForm(initial=v),
    }


FILTERS = {
    "events": forms.EventFilterForm,
    "athletes": forms.AthleteFilterForm,
    "prizes": forms.PrizeFilterForm,
}


def _tab_filter(request, delegation, tab: str):
    form_class = FILTERS[tab]
    extra = {} if tab == "events" else {"delegation": delegation}
    return form_class(request.GET or None, user=request.user, **extra)


def _tab_rows(request, delegation, tab: str, filters: dict):
    """The tab's rows: those the user sees, as its filters say."""
    user = request.user
    if tab == "athletes":
        return queries.athlete_rows(user=user, delegation=delegation, filters=filters)
    if tab == "prizes":
        return queries.prize_rows(user=user, delegation=delegation, filters=filters)
    return queries.events(delegation, user=user, q=filters.get("q", ""))


def _with_forms(rows, delegation, tab: str, may_manage: bool) -> list[tuple]:
    """Each event or athlete of the page with the form that changes it (for who may
    manage); prizes are only removed (a plain form in the row)."""
    v = delegation.version
    if not may_manage or tab == "prizes":
        return [(row, None) for row in rows]
    if tab == "events":
        return [
            (e, forms.EventRenameForm(initial={"version": v, "name": e.name}, prefix=f"e{e.pk}"))
            for e in rows
        ]
    choices = list(delegation.events.order_by("pk").values_list("pk", "name"))
    return [
        (
            a,
            forms.AthleteEventsForm(
                initial={"version": v, "events": [x.pk for x in a.events.all()]},
                delegation=delegation,
                choices=choices,
                prefix=f"a{a.pk}",
            ),
        )
        for a in rows
    ]


@login_required
def delegation_detail(request, pk: int):
    """The delegation's counts and one tab (events, athletes, prizes) as a paged list with
    its filters: what an indicator's drill-down opens (`?tab=athletes&org=…`). A town on
    the district's delegation sees its own athletes and prizes only, and changes nothing."""
    delegation, whole = queries.delegation_page(user=request.user, pk=pk)
    may_manage = whole and request.user.can(services.MANAGE)
    tab = request.GET.get("tab") if request.GET.get("tab") in TABS else TABS[0]
    filter_form = _tab_filter(request, delegation, tab)
    page = paginate(request, _tab_rows(request, delegation, tab, filter_form.filters()))
    context = {
        "delegation": delegation,
        "whole": whole,
        "figures": queries.delegation_figures(delegation, request.user),
        "tab": tab,
        "tabs": TAB_LABELS,
        "filter_form": filter_form,
        "page": page,
        "rows": _with_forms(page.object_list, delegation, tab, may_manage),
        "query": query_without_page(request),
        "may_manage": may_manage,
        "delete_confirm": f"确定删除「{delegation}」吗？其比赛项目、运动员和获奖记录将一并删除，不能恢复。",
        "section": SECTION,
    }
    if may_manage:
        context |= _manage_forms(delegation)
    return render(request, "activities/delegations/delegation_detail.html", context)


@login_required
def delegation_form(request, pk: int | None = None):
    require(request.user, services.MANAGE)
    delegation = queries.delegation_get(user=request.user, pk=pk) if pk else None
    initial = (
        {name: getattr(delegation, name) for name in services.FIELDS}
        | {"version": delegation.version}
        if delegation
        else {}
    )
    form = forms.DelegationForm(request.POST or None, initial=initial, editing=bool(delegation))
    if request.method == "POST" and form.is_valid():

        def save():
            data = form.service_kwargs()
            if delegation is None:
                return services.delegation_create(actor=request.user, **data)
            version = form.cleaned_data["version"]
            return services.delegation_update(
                actor=request.user, delegation=delegation, version=version, **data
            )

        saved = run_service(form, save)
        if saved:
            messages.success(request, f"已保存「{saved}」。")
            return redirect("activities:delegation_detail", saved.pk)
    return render(
        request,
        "activities/delegations/delegation_form.html",
        {"form": form, "delegation": delegation, "section": SECTION},
    )


def _managed(request, pk: int):
    require(request.user, services.MANAGE)
    return queries.delegation_get(user=request.user, pk=pk, action=services.MANAGE)


def _posted(request, form, call, done: str, pk: int, tab: str):
    """Run a service for a form posted from the delegation's page; back to the page."""
    if form.is_valid() and run_service(form, call):
        messages.success(request, done)
    else:
        form_errors_to_messages(request, form)
    return redirect(f"{reverse('activities:delegation_detail', args=[pk])}?tab={tab}#{tab}")


@login_required
@require_POST
def delegation_delete(request, pk: int):
    delegation = _managed(request, pk)
    form = VersionForm(request.POST)

    def call():
        v = form.cleaned_data["version"]
        services.delegation_delete(actor=request.user, delegation=delegation, version=v)
        return True

    if form.is_valid() and run_service(form, call):
        messages.success(request, f"已删除「{delegation}」。")
        return redirect("activities:delegation_list")
    form_errors_to_messages(request, form)
    return redirect("activities:delegation_detail", pk)


@login_required
@require_POST
def events_add(request, pk: int):
    delegation = _managed(request, pk)
    form = forms.EventsForm(request.POST, auto_id="events_%s")

    def call():
        d = form.cleaned_data
        return services.events_add(
            actor=request.user, delegation=delegation, version=d["version"], names=d["names"]
        )

    return _posted(request, form, call, "已添加比赛项目。", pk, "events")


@login_required
@require_POST
def event_rename(request, pk: int, event_pk: int):
    delegation = _managed(request, pk)
    event = queries.delegation_event(delegation, event_pk)
    form = forms.EventRenameForm(request.POST, prefix=f"e{event.pk}")

    def call():
        d = form.cleaned_data
        return services.event_rename(
            actor=request.user, event=event, version=d["version"], name=d["name"]
        )

    return _posted(request, form, call, "已修改项目名称。", pk, "events")


@login_required
@require_POST
def event_remove(request, pk: int, event_pk: int):
    delegation = _managed(request, pk)
    event = queries.delegation_event(delegation, event_pk)
    form = VersionForm(request.POST)

    def call():
        services.event_remove(actor=request.user, event=event, version=form.cleaned_data["version"])
        return True

    return _posted(request, form, call, f"已删除比赛项目「{event.name}」。", pk, "events")


@login_required
@require_POST
def athletes_add(request, pk: int):
    delegation = _managed(request, pk)
    form = forms.AthletesForm(
        request.POST, user=request.user, delegation=delegation, auto_id="ath_%s"
    )

    def call():
        d = form.cleaned_data
        return services.athletes_add(
            actor=request.user,
            delegation=delegation,
            version=d["version"],
            members=d["members"],
            events=d["events"],
        )

    return _posted(request, form, call, "已添加运动员。", pk, "athletes")


@login_required
@require_POST
def athlete_events(request, pk: int, athlete_pk: int):
    delegation = _managed(request, pk)
    athlete = queries.delegation_athlete(delegation, athlete_pk)
    form = forms.AthleteEventsForm(request.POST, delegation=delegation, prefix=f"a{athlete.pk}")

    def call():
        d = form.cleaned_data
        return services.athlete_set_events(
            actor=request.user, athlete=athlete, version=d["version"], events=d["events"]
        )

    return _posted(request, form, call, f"已修改{athlete.member.name}的参加项目。", pk, "athletes")


@login_required
@require_POST
def athlete_remove(request, pk: int, athlete_pk: int):
    delegation = _managed(request, pk)
    athlete = queries.delegation_athlete(delegation, athlete_pk)
    form = VersionForm(request.POST)

    def call():
        v = form.cleaned_data["version"]
        services.athlete_remove(actor=request.user, athlete=athlete, version=v)
        return True

    return _posted(request, form, call, f"已将{athlete.member.name}移出代表团。", pk, "athletes")


@login_required
@require_POST
def prize_add(request, pk: int):
    delegation = _managed(request, pk)
    form = forms.PrizeForm(request.POST, delegation=delegation, auto_id="prize_%s")

    def call():
        d = form.cleaned_data
        return services.prize_add(
            actor=request.user,
            delegation=delegation,
            version=d["version"],
            event=d["event"],
            athlete=d["athlete"],
            prize=d["prize"],
        )

    return _posted(request, form, call, "已登记获奖。", pk, "prizes")


@login_required
@require_POST
def prize_remove(request, pk: int, prize_pk: int):
    delegation = _managed(request, pk)
    prize = queries.delegation_prize(delegation, prize_pk)
    form = VersionForm(request.POST)

    def call():
        services.prize_remove(actor=request.user, prize=prize, version=form.cleaned_data["version"])
        return True

    return _posted(request, form, call, f"已删除获奖「{prize.prize}」。", pk, "prizes")


P = "activities/delegations/<int:pk>/"
urlpatterns = [
    path("activities/delegations/", delegation_list, name="delegation_list"),
    path("activities/delegations/new/", delegation_form, name="delegation_create"),
    path(P, delegation_detail, name="delegation_detail"),
    path(P + "edit/", delegation_form, name="delegation_edit"),
    path(P + "delete/", delegation_delete, name="delegation_delete"),
    path(P + "events/", events_add, name="delegation_events_add"),
    path(P + "events/<int:event_pk>/", event_rename, name="delegation_event_rename"),
    path(P + "events/<int:event_pk>/remove/", event_remove, name="delegation_event_remove"),
    path(P + "athletes/", athletes_add, name="delegation_athletes_add"),
    path(P + "athletes/<int:athlete_pk>/", athlete_events, name="delegation_athlete_events"),
    path(P + "athletes/<int:athlete_pk>/remove/", athlete_remove, name="delegation_athlete_remove"),
    path(P + "prizes/", prize_add, name="delegation_prize_add"),
    path(P + "prizes/<int:prize_pk>/remove/", prize_remove, name="delegation_prize_remove"),
]
