"""Reads of delegations (MERIT-4), within the user's data scope (the delegation's organizer,
the district): the list, one delegation, its events, athletes and prizes, and its counts
(athletes, events entered, prizes — the report's 130多名 · 13个比赛项目 · 38项奖励)."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from gonghui.core.forms import as_date, as_int
from gonghui.core.permissions import require
from gonghui.core.scope import NOT_FOUND, access
from gonghui.core.storable import id_in_range
from gonghui.orgs.models import Organization

from ..models import Delegation, DelegationAthlete, DelegationEvent, DelegationPrize
from .activities import within_org

VIEW = "activities.view"


def delegation_list(*, user: Any, filters: dict[str, Any] | None = None) -> QuerySet[Delegation]:
    """The list as its page filters it: year, q (name or event), starts_from / starts_to,
    org (organized in the subtree or with an athlete of it) and organized_in (organized in
    the subtree only: the events figure's rows), the indicator catalog's drill-downs."""
    filters = filters or {}
    whole = Delegation.objects.visible_to(user, VIEW).values("pk")
    qs = Delegation.objects.filter(Q(pk__in=whole) | Q(pk__in=_theirs(user)))
    if year := as_int(filters.get("year")):
        qs = qs.filter(year=year)
    if since := as_date(filters.get("starts_from")):
        qs = qs.filter(starts_on__gte=since)
    if until := as_date(filters.get("starts_to")):
        qs = qs.filter(starts_on__lte=until)
    if org := as_int(filters.get("org")):
        qs = _with_org(user, qs, org)
    if organized_in := as_int(filters.get("organized_in")):
        qs = within_org(user, qs, organized_in)
    if q := (filters.get("q") or "").strip():
        qs = qs.filter(Q(name__icontains=q) | Q(event_name__icontains=q))
    return (
        qs.select_related("organizer")
        .annotate(
            athlete_count=Count("athletes", filter=_seen(user, whole, "athletes"), distinct=True),
            event_count=Count("events", distinct=True),
            prize_count=Count("prizes", filter=_seen(user, whole, "prizes"), distinct=True),
        )
        .order_by("-year", "-starts_on", "-pk")
    )


def _theirs(user: Any) -> QuerySet:
    """The delegations with athletes of the user's scope (a town's members on the district's
    delegation: its page shows them, and the list lists it)."""
    return DelegationAthlete.objects.visible_to(user, VIEW).values("delegation_id")


def _seen(user: Any, whole: QuerySet, rows: str) -> Q:
    """A delegation's athletes or prizes the user sees: all of one seen whole, else their
    own (counted as the delegation's page counts them)."""
    model = DelegationAthlete if rows == "athletes" else DelegationPrize
    own = model.objects.visible_to(user, VIEW).values("pk")
    return Q(pk__in=whole) | Q(**{f"{rows}__in": own})


def _with_org(user: Any, qs: QuerySet[Delegation], org: int) -> QuerySet[Delegation]:
    """Delegations organized in the subtree of `org` or with an athlete of it (a town's
    figure counts its members on the district's delegation)."""
    found = Organization.objects.visible_to(user).filter(pk=org).values_list("path", flat=True)
    if not found:
        return qs.none()
    members_of = DelegationAthlete.objects.within(found[0]).values("delegation_id")
    return qs.filter(Q(pk__in=qs.within(found[0]).values("pk")) | Q(pk__in=members_of))


def delegation_page(*, user: Any, pk: Any) -> tuple[Delegation, bool]:
    """The delegation of its page and whether the user sees it whole: one organized in their
    scope; else one with athletes of theirs (a town's members on the district's delegation,
    which its figures count): then only those athletes and their prizes (False)."""
    require(user, VIEW)
    try:
        return delegation_get(user=user, pk=pk), True
    except Http404:
        if not id_in_range(pk):
            raise
    theirs = DelegationAthlete.objects.visible_to(user, VIEW).values("delegation_id")
    found = Delegation.objects.select_related("organizer").filter(pk=pk, pk__in=theirs).first()
    if found is None:
        raise Http404(NOT_FOUND)
    return found, False


def delegation_get(*, user: Any, pk: Any, action: str = VIEW) -> Delegation:
    return access(Delegation.objects.select_related("organizer"), user, pk, action)


def delegation_event(delegation: Delegation, pk: Any) -> DelegationEvent:
    """One of the delegation's events (the delegation came through the scope)."""
    return get_object_or_404(DelegationEvent, delegation=delegation, pk=as_int(pk) or 0)


def delegation_athlete(delegation: Delegation, pk: Any) -> DelegationAthlete:
    return get_object_or_404(
        DelegationAthlete.objects.select_related("member"),
        delegation=delegation,
        pk=as_int(pk) or 0,
    )


def delegation_prize(delegation: Delegation, pk: Any) -> DelegationPrize:
    return get_object_or_404(DelegationPrize, delegation=delegation, pk=as_int(pk) or 0)


def events(delegation: Delegation, *, user: Any = None, q: str = "") -> QuerySet[DelegationEvent]:
    """The delegation's events with their athletes and prizes counted (with `user`, only
    those the user sees); `q`: part of the event's name."""
    athletes_q, prizes_q = Q(), Q()
    if user is not None:
        athletes_q = Q(athletes__in=DelegationAthlete.objects.visible_to(user, VIEW))
        prizes_q = Q(prizes__in=DelegationPrize.objects.visible_to(user, VIEW))
    qs = delegation.events.annotate(
        athlete_count=Count("athletes", filter=athletes_q, distinct=True),
        prize_count=Count("prizes", filter=prizes_q, distinct=True),
    )
    if q := (q or "").strip():
        qs = qs.filter(name__icontains=q)
    return qs.order_by("pk")


def athletes(delegation: Delegation) -> QuerySet[DelegationAthlete]:
    return (
        delegation.athletes.select_related("member", "member__union", "member__employer")
        .prefetch_related(
            Prefetch("events", queryset=DelegationEvent.objects.order_by("pk")), "prizes"
        )
        .order_by("pk")
    )


def prizes(delegation: Delegation) -> QuerySet[DelegationPrize]:
    return delegation.prizes.select_related("event", "athlete__member").order_by("event", "pk")


def athlete_rows(
    *, user: Any, delegation: Delegation, filters: dict[str, Any]
) -> QuerySet[DelegationAthlete]:
    """The athletes tab (forms.delegations.AthleteFilterForm): those the user sees, by q
    (part of the name), event entered, org (their union's subtree: the drill-down)."""
    qs = athletes(delegation).visible_to(user, VIEW)
    if q := (filters.get("q") or "").strip():
        qs = qs.filter(member__name__contains=q)
    if event := as_int(filters.get("event")):
        qs = qs.filter(events__pk=event)
    if org := as_int(filters.get("org")):
        qs = within_org(user, qs, org)
    return qs


def prize_rows(
    *, user: Any, delegation: Delegation, filters: dict[str, Any]
) -> QuerySet[DelegationPrize]:
    """The prizes tab (forms.delegations.PrizeFilterForm): those the user sees, by q (the
    prize or the athlete's name), event, org (the athlete's union's subtree; the
    delegation's for a team prize)."""
    qs = prizes(delegation).visible_to(user, VIEW)
    if q := (filters.get("q") or "").strip():
        qs = qs.filter(Q(prize__contains=q) | Q(athlete__member__name__contains=q))
    if event := as_int(filters.get("event")):
        qs = qs.filter(event_id=event)
    if org := as_int(filters.get("org")):
        qs = within_org(user, qs, org)
    return qs


@dataclass(frozen=True)
class Figures:
    athletes: int
    events: int
    events_entered: int  # events at least one athlete entered
    prizes: int
    team_prizes: int
    athlete_prizes: int


def delegation_figures(delegation: Delegation, user: Any = None) -> Figures:
    """The delegation's counts; with `user`, of the athletes and prizes the user sees (a
    town on the district's delegation: its own)."""
    athletes_qs, prizes_qs = delegation.athletes.all(), delegation.prizes.all()
    if user is not None:
        athletes_qs = athletes_qs.visible_to(user, VIEW)
        prizes_qs = prizes_qs.visible_to(user, VIEW)
    counted = prizes_qs.aggregate(all=Count("pk"), team=Count("pk", filter=Q(athlete__isnull=True)))
    entered = delegation.events.filter(athletes__in=athletes_qs).distinct().count()
    return Figures(
        athletes=athletes_qs.count(),
        events=delegation.events.count(),
        events_entered=entered,
        prizes=counted["all"],
        team_prizes=counted["team"],
        athlete_prizes=counted["all"] - counted["team"],
    )


def year_figures(*, user: Any, year: int) -> dict[str, int]:
    """A year's delegations the user sees, summed: distinct athletes (a member on two
    delegations counts once), events entered, prizes (indicators read this)."""
    seen = Delegation.objects.visible_to(user, VIEW).filter(year=year)
    athletes_q = DelegationAthlete.objects.filter(delegation__in=seen)
    return {
        "delegations": seen.count(),
        "athletes": athletes_q.values("member_id").distinct().count(),
        "events": DelegationEvent.objects.filter(delegation__in=seen, athletes__isnull=False)
        .distinct()
        .count(),
        "prizes": DelegationPrize.objects.filter(delegation__in=seen).count(),
    }


def athletes_export(*, user: Any, filters: dict[str, Any]) -> QuerySet[DelegationAthlete]:
    """The athletes of the delegations the list shows (the export)."""
    shown = delegation_list(user=user, filters=filters).values("pk")
    return (
        _exported(DelegationAthlete, user, shown)
        .select_related("delegation", "member", "member__union", "member__employer")
        .prefetch_related("events", "prizes__event")
        .order_by("delegation_id", "pk")
    )


def prizes_export(*, user: Any, filters: dict[str, Any]) -> QuerySet[DelegationPrize]:
    shown = delegation_list(user=user, filters=filters).values("pk")
    return (
        _exported(DelegationPrize, user, shown)
        .select_related("delegation", "event", "athlete__member", "athlete__member__union")
        .order_by("delegation_id", "event_id", "pk")
    )


def _exported(model: type, user: Any, shown: QuerySet) -> QuerySet:
    """The rows of the delegations shown that the user sees: all of one seen whole, else
    their own (a town on the district's delegation)."""
    whole = Delegation.objects.visible_to(user, VIEW).values("pk")
    own = model.objects.visible_to(user, VIEW).values("pk")
    return model.objects.filter(delegation__in=shown).filter(
        Q(delegation__in=whole) | Q(pk__in=own)
    )
