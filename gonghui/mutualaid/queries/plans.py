"""Reads of plan years (CARE-3). A plan year is the district's (its `org_path` the
organizer's) and every role with `mutualaid.view` under it sees it: a town's staff and a
grassroots chair enroll for it and claim under it. The counts on a plan's page are of the
user's own scope (a town sees its own enrollments and claims of the year)."""

import datetime
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from gonghui.core.forms import as_int
from gonghui.core.money import sum_money
from gonghui.core.permissions import require
from gonghui.core.scope import user_scope_path
from gonghui.core.storable import id_in_range

from ..choices import COMMITTED_CLAIM_STATES, PlanState
from ..models import BenefitItem, Claim, CriticalDisease, Enrollment, PlanYear

VIEW = "mutualaid.view"


def _ancestors(path: str) -> list[str]:
    """ "/1/5/123/" -> ["/1/", "/1/5/", "/1/5/123/"]."""
    parts = [p for p in path.split("/") if p]
    return ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def plans_visible(user: Any, action: str = VIEW) -> QuerySet[PlanYear]:
    """The plan years of the user's district (organized at or above their organization) and
    any organized inside their subtree; none without `action`."""
    if user is None or not user.can(action):
        return PlanYear.objects.none()
    path = user_scope_path(user)
    if path is None:
        return PlanYear.objects.none()
    return PlanYear.objects.filter(
        Q(org_path__startswith=path) | Q(org_path__in=_ancestors(path))
    ).select_related("organizer", "previous")


def plan_get(*, user: Any, pk: Any, action: str = VIEW) -> PlanYear:
    """One plan year the user may see (404 alike for missing and out of scope)."""
    require(user, action)
    if not id_in_range(pk):
        raise Http404("未找到该记录。")
    found = plans_visible(user, action).filter(pk=pk).first()
    if found is None:
        raise Http404("未找到该记录。")
    return found


def plan_list(*, user: Any, filters: dict[str, Any] | None = None) -> QuerySet[PlanYear]:
    filters = filters or {}
    qs = plans_visible(user)
    if year := as_int(filters.get("year")):
        qs = qs.filter(year=year)
    if (state := filters.get("state")) in PlanState.values:
        qs = qs.filter(state=state)
    return qs.order_by("-year")


def plan_items(plan: PlanYear) -> list[BenefitItem]:
    """The plan's items in order, each with its diseases."""
    diseases = Prefetch("diseases", queryset=CriticalDisease.objects.order_by("id"))
    return list(plan.items.prefetch_related(diseases).order_by("order", "id"))


def plan_disease(plan: PlanYear, pk: Any) -> CriticalDisease:
    """A disease listed under the plan (404 otherwise)."""
    if not id_in_range(pk):
        raise Http404("未找到该记录。")
    found = CriticalDisease.objects.filter(item__plan=plan, pk=pk).first()
    if found is None:
        raise Http404("未找到该记录。")
    return found


def committed_claims(plan: PlanYear) -> int:
    """The plan year's claims whose amount is committed (its figures are then frozen)."""
    return Claim.objects.filter(plan=plan, state__in=COMMITTED_CLAIM_STATES).count()


def plan_figures(*, user: Any, plan: PlanYear) -> dict[str, Any]:
    """The year's enrollments and claims within the user's scope, for the plan's page."""
    enrollments = Enrollment.objects.visible_to(user, VIEW).filter(plan=plan)
    claims = Claim.objects.visible_to(user, VIEW).filter(plan=plan)
    committed = claims.filter(state__in=COMMITTED_CLAIM_STATES)
    return {
        "enrollments": enrollments.count(),
        "renewals": enrollments.filter(is_renewal=True).count(),
        "claims": claims.count(),
        "committed": committed.count(),
        "committed_amount": committed.aggregate(total=sum_money("amount"))["total"],
    }


def plan_for_day(day: datetime.date) -> PlanYear | None:
    """The plan year whose period covers `day` (not a draft), or None. Periods never
    overlap (services.plans), so there is at most one."""
    return (
        PlanYear.objects.filter(starts_on__lte=day, ends_on__gte=day)
        .exclude(state=PlanState.DRAFT)
        .first()
    )


def open_plans(user: Any) -> QuerySet[PlanYear]:
    """The plan years the user sees that take enrollments now (接受参保), latest first."""
    return plans_visible(user).filter(state=PlanState.OPEN).order_by("-year")
