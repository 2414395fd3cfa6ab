"""Reads of payout lists (CARE-3): every one starts from `visible_to`."""

from typing import Any

from django.db.models import Count, Q, QuerySet

from gonghui.core.forms import as_int
from gonghui.core.money import sum_money
from gonghui.core.scope import access
from gonghui.orgs.models import Organization

from ..choices import ClaimState, PayoutState
from ..models import Claim, Payout, PlanYear
from .plans import plans_visible

PAY = "mutualaid.payouts.manage"
VIEW = "mutualaid.view"
BANK_RETURN = "mutualaid.bank_return"


def payout_list(*, user: Any, filters: dict[str, Any] | None = None) -> QuerySet[Payout]:
    """The lists the user sees, filtered as the list page's form gives (text accepted)."""
    filters = filters or {}
    rows = Payout.objects.visible_to(user, VIEW).select_related("plan", "town")
    if plan := as_int(filters.get("plan")):
        rows = rows.filter(plan_id=plan)
    if year := as_int(filters.get("year")):
        rows = rows.filter(plan__year=year)
    if town := as_int(filters.get("town")):
        rows = rows.filter(town_id=town)
    if (state := filters.get("state")) in PayoutState.values:
        rows = rows.filter(state=state)
    if org := as_int(filters.get("org")):
        found = Organization.objects.visible_to(user).filter(pk=org).first()
        rows = rows.within(found.path) if found is not None else rows.none()
    return rows.order_by("-issued_on", "-id")


def payout_get(*, user: Any, pk: Any) -> Payout:
    return access(Payout.objects.select_related("plan", "town", "created_by"), user, pk, VIEW)


def payout_claims(*, user: Any, payout: Payout) -> QuerySet[Claim]:
    return (
        Claim.objects.visible_to(user, VIEW)
        .filter(payout=payout)
        .select_related("union")
        .order_by("number")
    )


def payout_failures(*, user: Any, payout: Payout) -> QuerySet[Claim]:
    return payout_claims(user=user, payout=payout).filter(state=ClaimState.PAYMENT_FAILED)


def claim_counts(*, payout: Payout) -> dict[str, int]:
    return payout.claims.aggregate(
        waiting=Count("id", filter=Q(state=ClaimState.APPROVED)),
        paid=Count("id", filter=Q(state=ClaimState.PAID)),
        failed=Count("id", filter=Q(state=ClaimState.PAYMENT_FAILED)),
    )


def _waiting(user: Any) -> QuerySet[Claim]:
    return Claim.objects.visible_to(user, PAY).filter(
        state=ClaimState.APPROVED, payout__isnull=True
    )


def waiting_summary(
    *, user: Any, plan: PlanYear | None = None, town: Organization | None = None
) -> list[dict[str, Any]]:
    """What a new list would take: approved claims on no list yet, in scope, per plan year
    (of `plan` and `town` if given): [{plan, count, total}], the newest year first."""
    rows = _waiting(user)
    if plan is not None:
        rows = rows.filter(plan=plan)
    if town is not None:
        rows = rows.within(town.path)
    figures = {
        r["plan_id"]: r
        for r in rows.values("plan_id").annotate(count=Count("id"), total=sum_money("amount"))
    }
    plans = PlanYear.objects.filter(pk__in=list(figures)).order_by("-year")
    return [
        {"plan": p, "count": figures[p.pk]["count"], "total": figures[p.pk]["total"]} for p in plans
    ]


def waiting_count(user: Any) -> int:
    """Approved claims on no list yet (the district's to-do)."""
    return _waiting(user).count()


def failed_count(user: Any) -> int:
    """Claims whose payment failed and that wait to be reissued (the district's to-do)."""
    return Claim.objects.visible_to(user, PAY).filter(state=ClaimState.PAYMENT_FAILED).count()


def payable_plans(user: Any) -> QuerySet[PlanYear]:
    """Plan years a list may be made for: those the user sees."""
    return plans_visible(user).order_by("-year")


def return_runs(*, user: Any, payout: Payout) -> QuerySet:
    """The bank-return imports of this list that the user sees."""
    from gonghui.core.importing.models import ImportRun

    return (
        ImportRun.objects.visible_to(user)
        .filter(kind=BANK_RETURN, target_id=payout.pk)
        .order_by("-created_at")
    )
