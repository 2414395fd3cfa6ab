"""Reads of mutual-aid claims (CARE-3), every one within the user's data scope: a claim is
seen by whoever's subtree holds its union (core.scope)."""

from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from gonghui.core.forms import as_date, as_int
from gonghui.core.scope import access
from gonghui.orgs.models import Organization

from ..choices import ClaimState
from ..models import Claim, ClaimBenefit, CriticalDisease, PlanYear
from .plans import plans_visible

VIEW = "mutualaid.view"


def claim_list(*, user: Any, filters: dict[str, Any] | None = None) -> QuerySet[Claim]:
    """The claim list as its page filters it (forms.claims.ClaimFilterForm; the names are
    the indicator catalog's drill-down: org, plan, year, town, state, kind, event_kind,
    paid_from, paid_to, number). `kind`: claims with a benefit of that kind above 0."""
    filters = filters or {}
    qs = Claim.objects.visible_to(user, VIEW)
    if org := as_int(filters.get("org")):
        found = Organization.objects.visible_to(user).filter(pk=org).values_list("path", flat=True)
        qs = qs.within(found[0]) if found else qs.none()
    if plan := as_int(filters.get("plan")):
        qs = qs.filter(plan_id=plan)
    if year := as_int(filters.get("year")):
        qs = qs.filter(plan__year=year)
    if town := as_int(filters.get("town")):
        qs = qs.filter(town_id=town)
    if state := filters.get("state"):
        qs = qs.filter(state=state)
    if kind := filters.get("kind"):
        paid = ClaimBenefit.objects.filter(claim=OuterRef("pk"), kind=kind, amount__gt=0)
        qs = qs.filter(Exists(paid))
    if event_kind := filters.get("event_kind"):
        qs = qs.filter(event_kind=event_kind)
    if paid_from := as_date(filters.get("paid_from")):
        qs = qs.filter(paid_on__gte=paid_from)
    if paid_to := as_date(filters.get("paid_to")):
        qs = qs.filter(paid_on__lte=paid_to)
    if number := (filters.get("number") or "").strip():
        qs = qs.filter(number=number.upper())
    return qs.select_related("plan", "union", "town").order_by("-submitted_on", "-pk")


def claim_get(*, user: Any, pk: Any, action: str = VIEW) -> Claim:
    return access(
        Claim.objects.select_related(
            "plan", "enrollment", "member", "union", "town", "disease", "payout"
        ),
        user,
        pk,
        action,
    )


def claim_benefits(claim: Claim) -> QuerySet[ClaimBenefit]:
    return claim.benefits.select_related("item").order_by("item__order", "pk")


def claims_to_review(user: Any) -> QuerySet[Claim]:
    return claim_list(user=user, filters={"state": ClaimState.SUBMITTED})


def claims_to_approve(user: Any) -> QuerySet[Claim]:
    return claim_list(user=user, filters={"state": ClaimState.REVIEWED})


def plan_choices(user: Any) -> QuerySet[PlanYear]:
    """The plan years the user sees (queries.plans: organized at or above them, or inside)."""
    return plans_visible(user).order_by("-year")


def disease_choices(user: Any) -> list[tuple[str, str]]:
    """The listed diseases of the plan years the user sees, by code (a claim's plan year is
    found from its date; the service checks the code is listed in that year)."""
    seen: dict[str, str] = {}
    rows = CriticalDisease.objects.filter(item__plan__in=plans_visible(user).values("pk"))
    for code, name in rows.order_by("-item__plan__year", "pk").values_list("code", "name"):
        seen.setdefault(code, name)
    return list(seen.items())
