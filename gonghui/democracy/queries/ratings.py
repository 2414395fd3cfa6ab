"""Reads of the harmonious-relations rating (DEMO-3), within the user's scope (core.scope): a
round is seen by whoever's subtree holds its organizer and by the unions under it (they
apply to it); an application, objection and award by the applying union's subtree. The
public notice (`notice_rounds`) is open to anyone and shows no phone or objection.

`facts_for` reads what the records say of employers for the record-read criteria: a union,
a wage contract in force, a congress and open affairs in the year, the union's two
displays, the rights cases about wage arrears received in the year."""

import datetime
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404

from gonghui.core.clock import today
from gonghui.core.forms import as_date, as_int
from gonghui.core.permissions import require
from gonghui.core.scope import NOT_FOUND, access, user_scope_path
from gonghui.orgs.models import Employer, Organization
from gonghui.rights.choices import CaseKind
from gonghui.rights.choices import Subject as CaseSubject
from gonghui.rights.models import Case

from ..choices import (
    ApplicationState,
    AwardState,
    ContractKind,
    ObjectionState,
    RatingRoundState,
)
from ..models import AwardNomination, RatingApplication, RatingObjection, RatingRound
from ..rules.ratings import Facts
from .congress import employers_with_congress, employers_with_open_affairs
from .contracts import employers_covered

VIEW = "democracy.view"


def _ancestors(path: str) -> list[str]:
    parts = [p for p in path.split("/") if p]
    return ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def _within(qs: QuerySet, user: Any, org: Any) -> QuerySet:
    if org := as_int(org):
        found = Organization.objects.visible_to(user).filter(pk=org).values_list("path", flat=True)
        return qs.within(found[0]) if found else qs.none()
    return qs


def _town(qs: QuerySet, town: Any, field: str = "employer__town_id") -> QuerySet:
    return qs.filter(**{field: town}) if (town := as_int(town)) else qs


# ---- rounds ----------------------------------------------------------------------------------


def rounds_visible(user: Any) -> QuerySet[RatingRound]:
    """The rounds organized in the user's subtree, and those organized above it (a union
    applies to its district's and its town's rounds)."""
    inside = RatingRound.objects.visible_to(user, VIEW)
    path = user_scope_path(user)
    if not path or not user.can(VIEW):
        return inside
    return RatingRound.objects.filter(
        Q(pk__in=inside.values("pk")) | Q(org_path__in=_ancestors(path))
    )


def round_list(*, user: Any, filters: dict[str, Any] | None = None) -> QuerySet[RatingRound]:
    filters = filters or {}
    qs = rounds_visible(user)
    if year := as_int(filters.get("year")):
        qs = qs.filter(year=year)
    if state := filters.get("state"):
        qs = qs.filter(state=state)
    if organizer := as_int(filters.get("organizer")):
        qs = qs.filter(organizer_id=organizer)
    return (
        qs.select_related("organizer")
        .annotate(application_count=Count("applications", distinct=True))
        .order_by("-year", "pk")
    )


def round_get(*, user: Any, pk: Any, action: str = VIEW) -> RatingRound:
    """A round the user sees (also those above); any action other than viewing needs the
    round inside the user's subtree."""
    if action != VIEW:
        return access(RatingRound.objects.select_related("organizer"), user, pk, action)
    require(user, VIEW)
    row = rounds_visible(user).select_related("organizer").filter(pk=as_int(pk) or 0).first()
    if row is None:
        raise Http404(NOT_FOUND)
    return row


def round_criteria(round: RatingRound) -> list:
    return list(round.criteria.order_by("order", "pk"))


def round_applications(*, user: Any, round: RatingRound) -> QuerySet[RatingApplication]:
    return (
        RatingApplication.objects.visible_to(user, VIEW)
        .filter(round=round)
        .select_related("employer", "union")
        .order_by("pk")
    )


def round_awards(*, user: Any, round: RatingRound) -> QuerySet[AwardNomination]:
    return (
        AwardNomination.objects.visible_to(user, VIEW)
        .filter(round=round)
        .select_related("employer", "union")
        .order_by("kind", "pk")
    )


def round_objections(*, user: Any, round: RatingRound) -> QuerySet[RatingObjection]:
    return (
        RatingObjection.objects.visible_to(user, VIEW)
        .filter(application__round=round)
        .select_related("application__employer")
        .order_by("state", "pk")
    )


# ---- applications ----------------------------------------------------------------------------


def application_list(
    *, user: Any, filters: dict[str, Any] | None = None
) -> QuerySet[RatingApplication]:
    """Applications: round, year, state, level, town (the employer's), org (a subtree),
    name (a part of the employer's)."""
    filters = filters or {}
    qs = _within(RatingApplication.objects.visible_to(user, VIEW), user, filters.get("org"))
    if round_id := as_int(filters.get("round")):
        qs = qs.filter(round_id=round_id)
    if year := as_int(filters.get("year")):
        qs = qs.filter(round__year=year)
    if state := filters.get("state"):
        qs = qs.filter(state=state)
    if level := filters.get("level"):
        qs = qs.filter(level=level)
    qs = _decided(qs, filters)
    qs = _town(qs, filters.get("town"))
    if name := (filters.get("name") or "").strip():
        qs = qs.filter(employer__name__contains=name)
    return qs.select_related("round", "employer__town", "union").order_by("-round__year", "pk")


def _decided(qs: QuerySet, filters: dict[str, Any]) -> QuerySet:
    """The round's results published from / to a day (an indicator's period)."""
    if day := as_date(filters.get("decided_from")):
        qs = qs.filter(round__decided_on__gte=day)
    if day := as_date(filters.get("decided_to")):
        qs = qs.filter(round__decided_on__lte=day)
    return qs


def application_get(*, user: Any, pk: Any, action: str = VIEW) -> RatingApplication:
    return access(
        RatingApplication.objects.select_related(
            "round__organizer", "employer__town", "employer__union", "union"
        ),
        user,
        pk,
        action,
    )


def application_scores(application: RatingApplication) -> list:
    return list(application.scores.select_related("criterion").order_by("criterion__order", "pk"))


def rated_list(*, user: Any, filters: dict[str, Any] | None = None) -> QuerySet[RatingApplication]:
    """Employers holding a valid rating on a day (`on`, today by default): rated, valid
    until that day or later; level, town, org, name, and `year` (the round's)."""
    filters = filters or {}
    on = as_date(filters.get("on")) or today()
    qs = _within(valid_ratings(on).visible_to(user, VIEW), user, filters.get("org"))
    if level := filters.get("level"):
        qs = qs.filter(level=level)
    if year := as_int(filters.get("year")):
        qs = qs.filter(round__year=year)
    qs = _town(qs, filters.get("town"))
    if name := (filters.get("name") or "").strip():
        qs = qs.filter(employer__name__contains=name)
    return qs.select_related("round", "employer__town", "union").order_by(
        "-level", "valid_until", "pk"
    )


def valid_q(on: datetime.date, prefix: str = "") -> Q:
    """A rating in force on `on`: rated, decided by then, valid until then or later."""
    return Q(
        **{
            f"{prefix}state": ApplicationState.RATED,
            f"{prefix}round__decided_on__lte": on,
            f"{prefix}valid_until__gte": on,
        }
    )


def valid_ratings(on: datetime.date) -> QuerySet[RatingApplication]:
    """Each employer's rating in force on `on`, one per employer: the latest round's when
    two overlap (a 2013 rating still valid when the 2014 one is decided)."""
    later = RatingApplication.objects.filter(
        valid_q(on),
        employer_id=OuterRef("employer_id"),
        round__decided_on__gt=OuterRef("round__decided_on"),
    )
    return RatingApplication.objects.filter(valid_q(on)).exclude(Exists(later))


def ratings_of(*, user: Any, employer: Employer) -> QuerySet[RatingApplication]:
    """An employer's ratings over the years, in scope (the employer page's panel)."""
    if not user.can(VIEW):
        return RatingApplication.objects.none()
    return (
        RatingApplication.objects.visible_to(user, VIEW)
        .filter(employer=employer)
        .select_related("round")
        .order_by("-round__year")
    )


# ---- awards and objections -------------------------------------------------------------------


def award_list(*, user: Any, filters: dict[str, Any] | None = None) -> QuerySet[AwardNomination]:
    """Awards: round, year, kind, state, town (the employer's), org, name."""
    filters = filters or {}
    qs = _within(AwardNomination.objects.visible_to(user, VIEW), user, filters.get("org"))
    if round_id := as_int(filters.get("round")):
        qs = qs.filter(round_id=round_id)
    if year := as_int(filters.get("year")):
        qs = qs.filter(round__year=year)
    if kind := filters.get("kind"):
        qs = qs.filter(kind=kind)
    if state := filters.get("state"):
        qs = qs.filter(state=state)
    qs = _decided(qs, filters)
    qs = _town(qs, filters.get("town"))
    if name := (filters.get("name") or "").strip():
        qs = qs.filter(name__contains=name)
    return qs.select_related("round", "employer", "union").order_by("-round__year", "kind", "pk")


def award_get(*, user: Any, pk: Any, action: str = VIEW) -> AwardNomination:
    return access(
        AwardNomination.objects.select_related("round", "employer", "union"), user, pk, action
    )


def objection_list(
    *, user: Any, filters: dict[str, Any] | None = None
) -> QuerySet[RatingObjection]:
    filters = filters or {}
    qs = RatingObjection.objects.visible_to(user, VIEW)
    if state := filters.get("state"):
        qs = qs.filter(state=state)
    if round_id := as_int(filters.get("round")):
        qs = qs.filter(application__round_id=round_id)
    return qs.select_related("application__round", "application__employer").order_by(
        "-received_on", "-pk"
    )


def objection_get(*, user: Any, pk: Any, action: str = VIEW) -> RatingObjection:
    return access(RatingObjection.objects.select_related("application__round"), user, pk, action)


# ---- what the records say --------------------------------------------------------------------


def record_day(year: int) -> datetime.date:
    """The day a round's records are read on: today within the round's year, else its end."""
    return min(today(), datetime.date(year, 12, 31))


def arrears_disputes(employer_ids: list[int], year: int) -> dict[int, int]:
    """Rights cases about wage arrears (a labor dispute, or a case about wages) received in
    `year`, per employer."""
    rows = (
        Case.objects.filter(employer_id__in=employer_ids, received_on__year=year)
        .filter(Q(kind=CaseKind.LABOR_DISPUTE) | Q(subject=CaseSubject.WAGES))
        .values("employer_id")
        .annotate(n=Count("pk"))
    )
    return {r["employer_id"]: r["n"] for r in rows}


def facts_for(employer_ids: list[int], year: int) -> dict[int, Facts]:
    """What the records say of each employer in `year` (a few queries, whatever the count)."""
    on = record_day(year)
    ids = list(employer_ids)
    wage = set(
        employers_covered(ContractKind.WAGE, on).filter(pk__in=ids).values_list("pk", flat=True)
    )
    congress = set(employers_with_congress(year).filter(pk__in=ids).values_list("pk", flat=True))
    affairs = set(employers_with_open_affairs(year).filter(pk__in=ids).values_list("pk", flat=True))
    disputes = arrears_disputes(ids, year)
    found = {}
    rows = Employer.objects.filter(pk__in=ids).select_related("union")
    for e in rows:
        union = e.union if e.union_id and e.union.is_active else None
        found[e.pk] = Facts(
            has_union=union is not None,
            wage_contract=e.pk in wage,
            congress=e.pk in congress,
            open_affairs=e.pk in affairs,
            dual_display=bool(union and union.dual_display),
            arrears_disputes=disputes.get(e.pk, 0),
        )
    return found


# ---- the public notice (no account) ----------------------------------------------------------


def notice_rounds() -> QuerySet[RatingRound]:
    """The rounds in public notice now (their notice has begun)."""
    return (
        RatingRound.objects.filter(state=RatingRoundState.NOTICE, notice_from__lte=today())
        .select_related("organizer")
        .order_by("notice_until", "pk")
    )


def notice_applications(round: RatingRound) -> QuerySet[RatingApplication]:
    """The employers in notice with the level proposed; nothing else of the file."""
    return (
        RatingApplication.objects.filter(round=round, state=ApplicationState.NOTICE)
        .select_related("employer__town")
        .only("level", "total_score", "round_id", "employer__name", "employer__town__name")
        .order_by("-level", "pk")
    )


def notice_awards(round: RatingRound) -> QuerySet[AwardNomination]:
    return (
        AwardNomination.objects.filter(round=round, state=AwardState.APPROVED)
        .select_related("employer")
        .only("kind", "name", "position", "round_id", "employer__name")
        .order_by("kind", "pk")
    )


def notice_application(pk: Any) -> RatingApplication | None:
    if not as_int(pk):
        return None
    return (
        RatingApplication.objects.filter(pk=as_int(pk), state=ApplicationState.NOTICE)
        .select_related("round", "employer")
        .first()
    )


# ---- to-dos ----------------------------------------------------------------------------------


def town_review_count(user: Any) -> int:
    return (
        RatingApplication.objects.visible_to(user, "democracy.ratings.review.town")
        .filter(state=ApplicationState.APPLIED)
        .exclude(union__kind__in=("town", "district"))
        .count()
    )


def district_review_count(user: Any) -> int:
    qs = RatingApplication.objects.visible_to(user, "democracy.ratings.review.district")
    return (
        qs.filter(round__organizer__kind="district")
        .filter(
            Q(state=ApplicationState.TOWN_REVIEWED)
            | Q(state=ApplicationState.APPLIED, union__kind__in=("town", "district"))
        )
        .count()
    )


def open_objection_count(user: Any) -> int:
    return (
        RatingObjection.objects.visible_to(user, "democracy.objections.manage")
        .filter(state=ObjectionState.OPEN)
        .count()
    )


def rounds_to_close_count(user: Any) -> int:
    return (
        RatingRound.objects.visible_to(user, "democracy.ratings.manage")
        .filter(state=RatingRoundState.NOTICE, notice_until__lt=today())
        .count()
    )
