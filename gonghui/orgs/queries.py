"""Reads for organizations, employers and terms. Every function starts from the user's scope."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from gonghui.core.scope import access

from .choices import HeadcountBand, OrgKind
from .models import Employer, Organization, Term


def organization_list(
    *, user: Any, q: str = "", kind: str = "", town: str = ""
) -> QuerySet[Organization]:
    qs = Organization.objects.visible_to(user).select_related("parent", "town")
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(uscc__iexact=q.strip()))
    if kind:
        qs = qs.filter(kind=kind)
    if town:
        qs = qs.filter(town_id=town)
    return qs


def organization_get(*, user: Any, pk: Any) -> Organization:
    return access(Organization.objects.select_related("parent", "town"), user, pk)


def user_root(user: Any) -> Organization:
    return Organization.objects.get(pk=user.organization_id)


@dataclass
class SubtreeCounts:
    grassroots: int
    employers: int
    employers_with_union: int
    members: int


def subtree_counts(org: Organization) -> SubtreeCounts:
    unions = Organization.objects.within(org.path).filter(kind=OrgKind.GRASSROOTS, is_active=True)
    agg = unions.aggregate(n=Count("id"), members=Sum("member_count"))
    employers = Employer.objects.within(org.path).aggregate(
        n=Count("id"), with_union=Count("id", filter=Q(union__isnull=False))
    )
    return SubtreeCounts(agg["n"], employers["n"], employers["with_union"], agg["members"] or 0)


def tree_children(*, user: Any, parent: Organization) -> list[tuple[Organization, SubtreeCounts]]:
    children = Organization.objects.visible_to(user).filter(parent=parent).order_by("kind", "name")
    return [(child, subtree_counts(child)) for child in children]


def employer_list(*, user: Any, filters: dict[str, Any] | None = None) -> QuerySet[Employer]:
    f = filters or {}
    qs = Employer.objects.visible_to(user).select_related("town", "union")
    if q := (f.get("q") or "").strip():
        qs = qs.filter(Q(name__icontains=q) | Q(uscc__iexact=q.upper()))
    if f.get("town"):
        qs = qs.filter(town_id=f["town"])
    if f.get("ownership"):
        qs = qs.filter(ownership=f["ownership"])
    if f.get("industry"):
        qs = qs.filter(industry=f["industry"])
    if f.get("band") in HeadcountBand.values:
        low, high = HeadcountBand(f["band"]).bounds()
        qs = qs.filter(headcount__gte=low)
        if high is not None:
            qs = qs.filter(headcount__lte=high)
    if f.get("has_union") in ("yes", "no"):
        qs = qs.filter(union__isnull=f["has_union"] == "no")
    return qs


def employer_get(*, user: Any, pk: Any) -> Employer:
    return access(Employer.objects.select_related("town", "union"), user, pk)


def towns_visible(user: Any) -> QuerySet[Organization]:
    return Organization.objects.visible_to(user).filter(kind=OrgKind.TOWN).order_by("pk")


def terms_due(*, user: Any, today: datetime.date, days: int) -> dict[str, QuerySet[Term]]:
    current = Term.objects.visible_to(user).filter(is_current=True).select_related("organization")
    return {
        "overdue": current.filter(ends_on__lt=today),
        "due_soon": current.filter(
            ends_on__gte=today, ends_on__lte=today + datetime.timedelta(days=days)
        ),
    }


@dataclass
class Coverage:
    town: Organization
    unions: int
    dual_display: int
    women_org: int

    @staticmethod
    def rate(part: int, whole: int) -> str:
        return f"{part * 100 / whole:.1f}%" if whole else "—"

    @property
    def dual_display_rate(self) -> str:
        return self.rate(self.dual_display, self.unions)

    @property
    def women_org_rate(self) -> str:
        return self.rate(self.women_org, self.unions)


def display_coverage(*, user: Any) -> list[Coverage]:
    """ORG-6: two-displays and women-workers' organization coverage per town."""
    rows = (
        Organization.objects.visible_to(user)
        .filter(kind=OrgKind.GRASSROOTS, is_active=True, town__isnull=False)
        .values("town")
        .annotate(
            unions=Count("id"),
            dual=Count("id", filter=Q(signboard_displayed=True, chair_identity_displayed=True)),
            women=Count("id", filter=~Q(women_org="none")),
        )
    )
    towns = {t.pk: t for t in Organization.objects.filter(kind=OrgKind.TOWN)}
    result = [Coverage(towns[r["town"]], r["unions"], r["dual"], r["women"]) for r in rows]
    return sorted(result, key=lambda c: c.town.pk)
