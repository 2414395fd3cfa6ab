"""Reads of honors (MERIT-1), within the user's scope (core.scope): a round is seen by whoever's
subtree holds its organizer, and by the unions under it (they nominate to it); a nomination
and an objection by the nominating union's subtree; an honor by its holder's union's. The
public notice (`notice_rounds`) is open to anyone and shows no RIC, phone or objection."""

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from gonghui.core.clock import today
from gonghui.core.forms import as_date, as_int, flag_q
from gonghui.core.permissions import require
from gonghui.core.scope import NOT_FOUND, access, scope_covers_everything, user_scope_path
from gonghui.orgs.models import Organization

from ..choices import NominationState, ObjectionState, RoundState
from ..models import Honor, HonorRound, HonorType, Nomination, Objection
from ..rules import honors as rules

VIEW = "merit.view"


def _ancestors(path: str) -> list[str]:
    parts = [p for p in path.split("/") if p]
    return ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def rounds_visible(user: Any) -> QuerySet[HonorRound]:
    """The rounds organized in the user's subtree, and those organized above it (a union
    nominates to its district's and its town's rounds)."""
    inside = HonorRound.objects.visible_to(user, VIEW)
    path = user_scope_path(user)
    if not path or not user.can(VIEW):
        return inside
    return HonorRound.objects.filter(
        Q(pk__in=inside.values("pk")) | Q(org_path__in=_ancestors(path))
    )


def _within(qs: QuerySet, user: Any, org: Any) -> QuerySet:
    if org := as_int(org):
        found = Organization.objects.visible_to(user).filter(pk=org).values_list("path", flat=True)
        return qs.within(found[0]) if found else qs.none()
    return qs


def round_list(*, user: Any, filters: dict[str, Any] | None = None) -> QuerySet[HonorRound]:
    filters = filters or {}
    qs = rounds_visible(user)
    if year := as_int(filters.get("year")):
        qs = qs.filter(year=year)
    if honor_type := as_int(filters.get("honor_type")):
        qs = qs.filter(honor_type_id=honor_type)
    if level := filters.get("level"):
        qs = qs.filter(honor_type__level=level)
    if state := filters.get("state"):
        qs = qs.filter(state=state)
    if organizer := as_int(filters.get("organizer")):
        qs = qs.filter(organizer_id=organizer)
    return (
        qs.select_related("honor_type", "organizer")
        .annotate(nominee_count=Count("nominations", distinct=True))
        .order_by("-year", "honor_type__order", "pk")
    )


def round_get(*, user: Any, pk: Any, action: str = VIEW) -> HonorRound:
    """A round the user sees (rounds_visible: also those above); `action` other than
    viewing needs the round inside the user's subtree (access)."""
    if action != VIEW:
        return access(
            HonorRound.objects.select_related("honor_type", "organizer"), user, pk, action
        )
    require(user, VIEW)
    found = (
        rounds_visible(user).select_related("honor_type", "organizer").filter(pk=as_int(pk) or 0)
    )
    row = found.first()
    if row is None:
        raise Http404(NOT_FOUND)
    return row


def round_nominations(*, user: Any, round: HonorRound) -> QuerySet[Nomination]:
    return (
        Nomination.objects.visible_to(user, VIEW)
        .filter(round=round)
        .select_related("union", "employer", "member", "organization")
        .order_by("pk")
    )


# The nominees the share check counts: those still in the running.
COUNTED = (
    NominationState.SUBMITTED,
    NominationState.TOWN_REVIEWED,
    NominationState.APPROVED,
    NominationState.NOTICE,
    NominationState.AWARDED,
    NominationState.RECOMMENDED,
)


def share_check(round: HonorRound) -> list[rules.ShareResult]:
    """The type's shares against all the round's nominees still in the running (the whole
    round, whatever the reader's scope: the share is the round's)."""
    shares = [
        rules.ShareRule(s.category, s.bound, s.percent) for s in round.honor_type.shares.all()
    ]
    categories = Nomination.objects.filter(round=round, state__in=COUNTED).values_list(
        "categories", flat=True
    )
    return rules.check_shares(shares, list(categories))


def round_objections(*, user: Any, round: HonorRound) -> QuerySet[Objection]:
    return (
        Objection.objects.visible_to(user, VIEW)
        .filter(nomination__round=round)
        .select_related("nomination")
        .order_by("state", "pk")
    )


def nomination_list(*, user: Any, filters: dict[str, Any] | None = None) -> QuerySet[Nomination]:
    filters = filters or {}
    qs = _within(Nomination.objects.visible_to(user, VIEW), user, filters.get("org"))
    if round_id := as_int(filters.get("round")):
        qs = qs.filter(round_id=round_id)
    if year := as_int(filters.get("year")):
        qs = qs.filter(round__year=year)
    if state := filters.get("state"):
        qs = qs.filter(state=state)
    if union := as_int(filters.get("union")):
        qs = qs.filter(union_id=union)
    if category := filters.get("category"):
        # the JSON list as text: `contains` on a JSON array is not on every backend (SQLite)
        qs = qs.filter(categories__icontains=f'"{category}"')
    if name := (filters.get("name") or "").strip():
        qs = qs.filter(name__contains=name)
    return qs.select_related("round__honor_type", "union", "employer").order_by("-pk")


def nomination_get(*, user: Any, pk: Any, action: str = VIEW) -> Nomination:
    return access(
        Nomination.objects.select_related(
            "round__honor_type", "round__organizer", "union", "employer", "member", "organization"
        ),
        user,
        pk,
        action,
    )


def objection_list(*, user: Any, filters: dict[str, Any] | None = None) -> QuerySet[Objection]:
    filters = filters or {}
    qs = Objection.objects.visible_to(user, VIEW)
    if state := filters.get("state"):
        qs = qs.filter(state=state)
    if round_id := as_int(filters.get("round")):
        qs = qs.filter(nomination__round_id=round_id)
    return qs.select_related("nomination__round").order_by("-received_on", "-pk")


def objection_get(*, user: Any, pk: Any, action: str = VIEW) -> Objection:
    return access(Objection.objects.select_related("nomination__round"), user, pk, action)


def honor_list(*, user: Any, filters: dict[str, Any] | None = None) -> QuerySet[Honor]:
    """荣誉名录: year, type, level, subject, commendation, title (a part of the type's
    name), awarded_from / awarded_to, town, org (a subtree), name."""
    filters = filters or {}
    qs = _within(Honor.objects.visible_to(user, VIEW), user, filters.get("org"))
    if year := as_int(filters.get("year")):
        qs = qs.filter(year=year)
    if honor_type := as_int(filters.get("honor_type")):
        qs = qs.filter(honor_type_id=honor_type)
    if level := filters.get("level"):
        qs = qs.filter(honor_type__level=level)
    if subject := filters.get("subject"):
        qs = qs.filter(honor_type__subject=subject)
    qs = qs.filter(flag_q("honor_type__is_commendation", filters.get("commendation")))
    if title := str(filters.get("title") or "").strip():
        qs = qs.filter(honor_type__name__contains=title)
    qs = _awarded_between(qs, filters.get("awarded_from"), filters.get("awarded_to"))
    if town := as_int(filters.get("town")):
        found = Organization.objects.filter(pk=town).values_list("path", flat=True)
        qs = qs.within(found[0]) if found else qs.none()
    if name := (filters.get("name") or "").strip():
        qs = qs.filter(name__contains=name)
    qs = qs.filter(is_revoked=False) if not filters.get("revoked") else qs
    return qs.select_related("honor_type", "union", "employer").order_by(
        "-year", "honor_type__order", "pk"
    )


def _awarded_between(qs: QuerySet[Honor], start: Any, end: Any) -> QuerySet[Honor]:
    """A date bound leaves out the honors without a date (entered only by their year)."""
    if day := as_date(start):
        qs = qs.filter(awarded_on__gte=day)
    if day := as_date(end):
        qs = qs.filter(awarded_on__lte=day)
    return qs


def honor_get(*, user: Any, pk: Any) -> Honor:
    return access(Honor.objects.select_related("honor_type", "union", "employer"), user, pk, VIEW)


def honors_of(*, user: Any, **holder: Any) -> QuerySet[Honor]:
    """A member's, an employer's or an organization's honors over the years, in scope."""
    if not user.can(VIEW):
        return Honor.objects.none()
    return (
        Honor.objects.visible_to(user, VIEW)
        .filter(**holder, is_revoked=False)
        .select_related("honor_type")
        .order_by("-year", "honor_type__order")
    )


def type_list() -> QuerySet[HonorType]:
    return HonorType.objects.prefetch_related("shares").order_by("order", "pk")


def type_choices() -> QuerySet[HonorType]:
    return HonorType.objects.order_by("order", "pk")


def types_visible(user: Any) -> QuerySet[HonorType]:
    """The titles a user is offered: all for a user who sees the whole district; else those
    of the rounds and honors in the user's scope (and the rounds above it), and those no
    round or honor uses yet. A title only another town's rows use stays that town's."""
    types = type_choices()
    if scope_covers_everything(user):
        return types
    used_here = HonorType.objects.filter(
        Q(pk__in=rounds_visible(user).values("honor_type_id"))
        | Q(pk__in=Honor.objects.visible_to(user, VIEW).values("honor_type_id"))
    )
    unused = HonorType.objects.filter(rounds__isnull=True, honors__isnull=True)
    return types.filter(Q(pk__in=used_here.values("pk")) | Q(pk__in=unused.values("pk")))


def round_type_choices(user: Any) -> QuerySet[HonorType]:
    """The types of the rounds the user sees (a filter offers what is there)."""
    return type_choices().filter(pk__in=rounds_visible(user).values("honor_type_id"))


def honor_type_choices(user: Any) -> QuerySet[HonorType]:
    """The types of the honors the user sees."""
    visible = Honor.objects.visible_to(user, VIEW).values("honor_type_id")
    return type_choices().filter(pk__in=visible)


# ---- the public notice (no account) ----------------------------------------------------------


def notice_rounds() -> QuerySet[HonorRound]:
    """The rounds in public notice now (their notice has begun), with their nominees."""
    return (
        HonorRound.objects.filter(state=RoundState.NOTICE, notice_from__lte=today())
        .select_related("honor_type", "organizer")
        .order_by("notice_until", "pk")
    )


def notice_nominees(round: HonorRound) -> QuerySet[Nomination]:
    """Name, employer or union, position and deeds only: never the RIC."""
    return (
        Nomination.objects.filter(round=round, state=NominationState.NOTICE)
        .select_related("employer", "union", "organization")
        .only(
            "name",
            "position",
            "deeds",
            "round_id",
            "employer__name",
            "union__name",
            "organization__name",
        )
        .order_by("pk")
    )


def notice_nominee(pk: Any) -> Nomination | None:
    if not as_int(pk):
        return None
    return (
        Nomination.objects.filter(pk=as_int(pk), state=NominationState.NOTICE)
        .select_related("round")
        .first()
    )


# ---- to-dos ----------------------------------------------------------------------------------


def town_review_count(user: Any) -> int:
    return (
        Nomination.objects.visible_to(user, "merit.review.town")
        .filter(state=NominationState.SUBMITTED)
        .exclude(union__kind__in=("town", "district"))
        .count()
    )


def district_review_count(user: Any) -> int:
    qs = Nomination.objects.visible_to(user, "merit.review.district")
    return qs.filter(
        Q(state=NominationState.TOWN_REVIEWED)
        | Q(state=NominationState.SUBMITTED, union__kind__in=("town", "district"))
    ).count()


def open_objection_count(user: Any) -> int:
    return (
        Objection.objects.visible_to(user, "merit.objections.manage")
        .filter(state=ObjectionState.OPEN)
        .count()
    )


def rounds_to_award_count(user: Any) -> int:
    return (
        HonorRound.objects.visible_to(user, "merit.rounds.manage")
        .filter(state=RoundState.NOTICE, notice_until__lt=today())
        .count()
    )
