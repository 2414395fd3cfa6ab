"""Reads of competitions (MERIT-3) for the pages, the API, the exports and the importers.

A competition is seen by whoever sees its organizer's subtree (merit.view), and also by
those below its organizer who may enter (a chair sees the district's competitions, to enter
its teams and contestants). Entries and contestants are always read through their own
scope: a chair sees its own employer's, the organizer everyone's."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.http import Http404

from gonghui.core.forms import as_date, as_flag, as_int
from gonghui.core.scope import NOT_FOUND
from gonghui.core.storable import id_in_range
from gonghui.orgs.models import Employer

from ..models import Competition, CompetitionEntry, CompetitionEvent, Contestant
from ..services.competitions import ENTER, MANAGE, VIEW, may_enter
from .workers import _org_path

__all__ = ["MANAGE", "ENTER", "VIEW"]


def ancestor_paths(path: str) -> list[str]:
    """ "/1/5/9/" → ["/1/", "/1/5/", "/1/5/9/"]: the organizations at or above it."""
    parts = [p for p in path.split("/") if p]
    return ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def competitions_visible(user: Any) -> QuerySet[Competition]:
    """What `user` may open: their scope's competitions (merit.view), and those organized at
    or above their organization when they may enter (merit.competitions.enter)."""
    own = Competition.objects.visible_to(user, VIEW)
    organization = getattr(user, "organization", None)
    if organization is None or not user.can(ENTER) or not user.can(VIEW):
        return own
    above = Competition.objects.filter(org_path__in=ancestor_paths(organization.path))
    return (own | above).distinct()


def competition_list(*, user: Any, filters: dict[str, Any] | None = None) -> QuerySet[Competition]:
    f = filters or {}
    qs = competitions_visible(user).select_related("organizer")
    if year := as_int(f.get("year")):
        qs = qs.filter(year=year)
    for name in ("kind", "level", "state"):
        if f.get(name):
            qs = qs.filter(**{name: f[name]})
    if town := as_int(f.get("town")):
        qs = qs.filter(Q(organizer_id=town) | Q(organizer__town_id=town))
    if text := (f.get("q") or "").strip():
        qs = qs.filter(Q(name__contains=text) | Q(industry__contains=text))
    qs = _within(qs, user, f.get("org"))
    if day := as_date(f.get("starts_from")):
        qs = qs.filter(starts_on__gte=day)
    if day := as_date(f.get("starts_to")):
        qs = qs.filter(starts_on__lte=day)
    return qs.annotate(
        entry_count=Count("entries", distinct=True),
        contestant_count=Count("contestants", distinct=True),
    ).order_by("-year", "-starts_on", "id")


def _within(qs: QuerySet, user: Any, org: Any) -> QuerySet:
    """`org`: the subtree of that organization (one the user sees; else no rows)."""
    if pk := as_int(org):
        path = _org_path(user, pk)
        return qs.within(path) if path else qs.none()
    return qs


def competition_get(*, user: Any, pk: Any, field: str | None = None) -> Competition:
    """One competition `user` may open; 404 alike for missing and not theirs."""
    from gonghui.core.permissions import require

    require(user, VIEW)
    found = None
    if id_in_range(pk):
        try:
            found = competitions_visible(user).select_related("organizer").filter(pk=pk).first()
        except (ValueError, TypeError):
            found = None
    if found is None:
        if field is not None:
            from gonghui.core.scope import NotInScope

            raise NotInScope(f"{field} 所指的记录不存在或不在您的管理范围内。", field=field)
        raise Http404(NOT_FOUND)
    return found


def entries_of(*, user: Any, competition: Competition) -> QuerySet[CompetitionEntry]:
    return (
        CompetitionEntry.objects.visible_to(user, VIEW)
        .filter(competition=competition)
        .select_related("employer")
        .order_by("employer__name", "team", "id")
    )


def entry_get(*, user: Any, competition: Competition, pk: Any) -> CompetitionEntry:
    found = (
        entries_of(user=user, competition=competition).filter(pk=pk).first()
        if id_in_range(pk)
        else None
    )
    if found is None:
        raise Http404(NOT_FOUND)
    return found


@dataclass
class EntrySummary:
    employers: int = 0
    teams: int = 0
    workers: int = 0


def entry_summary(entries: QuerySet[CompetitionEntry]) -> EntrySummary:
    """Employers (each once), teams (entries naming a team) and workers taking part: the
    Ankang Cup's "2000多个企业（班组）、4.5万多名员工"."""
    figures = entries.aggregate(
        employers=Count("employer", distinct=True),
        teams=Count("id", filter=~Q(team="")),
        workers=Sum("workers"),
    )
    return EntrySummary(figures["employers"], figures["teams"], figures["workers"] or 0)


def contestants_of(*, user: Any, competition: Competition) -> QuerySet[Contestant]:
    return (
        Contestant.objects.visible_to(user, VIEW)
        .filter(competition=competition)
        .select_related("event", "employer", "member")
        .order_by(
            "event_id", F("rank").asc(nulls_last=True), F("score").desc(nulls_last=True), "id"
        )
    )


def entry_rows(
    *, user: Any, competition: Competition, filters: dict[str, Any] | None = None
) -> QuerySet[CompetitionEntry]:
    """The competition page's entries: `org` (the entry's union's subtree)."""
    f = filters or {}
    return _within(entries_of(user=user, competition=competition), user, f.get("org"))


def contestant_rows(
    *, user: Any, competition: Competition, filters: dict[str, Any] | None = None
) -> QuerySet[Contestant]:
    """The competition page's contestants: `sent_on`, `next_rank`, `org` (the
    contestant's union's subtree)."""
    f = filters or {}
    qs = _within(contestants_of(user=user, competition=competition), user, f.get("org"))
    if (sent_on := as_flag(f.get("sent_on"))) is not None:
        qs = qs.filter(sent_on=sent_on)
    if next_rank := as_int(f.get("next_rank")):
        qs = qs.filter(next_rank=next_rank)
    return qs


def contestant_get(*, user: Any, competition: Competition, pk: Any) -> Contestant:
    found = (
        contestants_of(user=user, competition=competition).filter(pk=pk).first()
        if id_in_range(pk)
        else None
    )
    if found is None:
        raise Http404(NOT_FOUND)
    return found


@dataclass
class EventResults:
    event: CompetitionEvent
    contestants: list[Contestant] = field(default_factory=list)


def results_by_event(*, user: Any, competition: Competition) -> list[EventResults]:
    """Each event with its contestants, ranked (no rank last, by score)."""
    groups = {e.pk: EventResults(e) for e in competition.events.all()}
    for row in contestants_of(user=user, competition=competition):
        groups[row.event_id].contestants.append(row)
    return list(groups.values())


def sent_on_of(*, user: Any, competition: Competition) -> QuerySet[Contestant]:
    return contestants_of(user=user, competition=competition).filter(sent_on=True)


def result_rows(user: Any, filters: dict[str, Any]) -> Any:
    """The results page's rows, for its export: every contestant of the competition named by
    `filters["competition"]`, ranked per event; without one, every result in scope."""
    pk = as_int(filters.get("competition"))
    if pk is None:
        rows = Contestant.objects.visible_to(user, VIEW).select_related("event", "employer")
        return rows.order_by(
            "-competition__year", "competition_id", "event_id", F("rank").asc(nulls_last=True)
        )
    competition = competitions_visible(user).filter(pk=pk).first()
    if competition is None:
        return []
    return list(contestants_of(user=user, competition=competition))


def competitions_for_entry(user: Any) -> QuerySet[Competition]:
    """The competitions `user` may enter into or import for (the import page's choices)."""
    rows = competitions_visible(user)
    return rows.filter(pk__in=[c.pk for c in rows if may_enter(user, c)])


def employers_for(user: Any) -> QuerySet[Employer]:
    return Employer.objects.visible_to(user, "employers.view")


def figures(*, user: Any, year: int | None = None) -> dict[str, int]:
    """Contestants, trades, those sent on and winners at the next level, in the user's scope."""
    rows = Contestant.objects.visible_to(user, VIEW)
    if year:
        rows = rows.filter(competition__year=year)
    return rows.aggregate(
        contestants=Count("id"),
        events=Count("event", distinct=True),
        sent_on=Count("id", filter=Q(sent_on=True)),
        winners=Count("id", filter=Q(sent_on=True, next_rank=1)),
    )
