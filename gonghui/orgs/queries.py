"""Reads for organizations, employers and terms. Every function starts from the user's scope."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Count, Q, QuerySet, Sum, When

from gonghui.core.scope import access

from .choices import HeadcountBand, OrgKind
from .models import Employer, Organization, Term
from .rules import EmployerContext

VIEW = "orgs.view"


def organization_list(
    *, user: Any, q: str = "", kind: str = "", town: str = "", parent: str = ""
) -> QuerySet[Organization]:
    qs = Organization.objects.visible_to(user, VIEW).select_related("parent", "town")
    if str(parent).isdigit():
        qs = qs.filter(parent_id=parent)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(uscc__iexact=q.strip()))
    if kind:
        qs = qs.filter(kind=kind)
    if str(town).isdigit():
        qs = qs.filter(town_id=town)
    return qs


def organization_get(*, user: Any, pk: Any) -> Organization:
    return access(Organization.objects.select_related("parent", "town"), user, pk, VIEW)


def user_root(user: Any) -> Organization:
    return Organization.objects.get(pk=user.organization_id)


def dashboard_counts(user: Any) -> dict[str, Any]:
    """The home page's figures of the user's subtree (the widget needs `orgs.view`)."""
    root = access(Organization, user, user.organization_id, "orgs.view")
    towns = town_counts(user=user)
    top = max((c.grassroots for _, c in towns), default=0) or 1
    return {"root": root, "counts": subtree_counts(root), "towns": towns, "top": top}


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


TREE_PAGE = 200


def _leaf_counts(unions: list[Organization]) -> dict[int, SubtreeCounts]:
    """Counts for grassroots children in two queries, not four per union."""
    rows = Employer.objects.filter(union__in=unions).values("union").annotate(n=Count("id"))
    employers = {r["union"]: r["n"] for r in rows}
    return {
        u.pk: SubtreeCounts(
            1 if u.is_active else 0, employers.get(u.pk, 0), employers.get(u.pk, 0), u.member_count
        )
        for u in unions
    }


def tree_children(*, user: Any, parent: Organization) -> list[tuple[Organization, SubtreeCounts]]:
    """The first TREE_PAGE children (federations before unions) with their subtree counts."""
    children = list(
        Organization.objects.visible_to(user, VIEW)
        .filter(parent=parent)
        .order_by(Case(When(kind=OrgKind.GRASSROOTS, then=1), default=0), "name")[:TREE_PAGE]
    )
    known = _leaf_counts([c for c in children if c.kind == OrgKind.GRASSROOTS])
    towns = _counts_for_towns([c for c in children if c.kind == OrgKind.TOWN])
    known |= {town.pk: counts for town, counts in towns}
    return [(c, known[c.pk] if c.pk in known else subtree_counts(c)) for c in children]


def children_count(*, user: Any, parent: Organization) -> int:
    return Organization.objects.visible_to(user, VIEW).filter(parent=parent).count()


def town_counts(*, user: Any) -> list[tuple[Organization, SubtreeCounts]]:
    """Per-town subtree counts for the dashboard in a few grouped queries.

    An employer is in a town's subtree through its union's town, or, without a union,
    through its own town (that is how `org_path` is set).
    """
    return _counts_for_towns(list(towns_visible(user)))


def _counts_for_towns(towns: list[Organization]) -> list[tuple[Organization, SubtreeCounts]]:
    if not towns:
        return []
    unions = (
        Organization.objects.filter(kind=OrgKind.GRASSROOTS, is_active=True, town__in=towns)
        .values("town")
        .annotate(n=Count("id"), members=Sum("member_count"))
    )
    by_union = (
        Employer.objects.filter(union__town__in=towns).values("union__town").annotate(n=Count("id"))
    )
    without = (
        Employer.objects.filter(union__isnull=True, town__in=towns)
        .values("town")
        .annotate(n=Count("id"))
    )
    u = {r["town"]: r for r in unions}
    e_union = {r["union__town"]: r["n"] for r in by_union}
    e_none = {r["town"]: r["n"] for r in without}
    return [
        (
            t,
            SubtreeCounts(
                u.get(t.pk, {}).get("n", 0),
                e_union.get(t.pk, 0) + e_none.get(t.pk, 0),
                e_union.get(t.pk, 0),
                u.get(t.pk, {}).get("members") or 0,
            ),
        )
        for t in towns
    ]


def employer_list(*, user: Any, filters: dict[str, Any] | None = None) -> QuerySet[Employer]:
    f = filters or {}
    qs = Employer.objects.visible_to(user, "employers.view").select_related("town", "union")
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
    return access(Employer.objects.select_related("town", "union"), user, pk, "employers.view")


def towns_visible(user: Any) -> QuerySet[Organization]:
    return Organization.objects.visible_to(user).filter(kind=OrgKind.TOWN).order_by("pk")


def terms_due(*, user: Any, today: datetime.date, days: int) -> dict[str, QuerySet[Term]]:
    current = (
        Term.objects.visible_to(user, VIEW).filter(is_current=True).select_related("organization")
    )
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
        Organization.objects.visible_to(user, VIEW)
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


def employer_rule_context(usccs: list[str], union_ids: list[int | None]) -> EmployerContext:
    """What orgs.rules checks a batch of employer rows against, in two queries."""
    holders = {
        uscc: (pk, name)
        for pk, uscc, name in Employer.objects.filter(uscc__in=usccs).values_list(
            "pk", "uscc", "name"
        )
    }
    covered: dict[int, set[int]] = {}
    unions = [pk for pk in union_ids if pk is not None]
    for pk, union_id in Employer.objects.filter(union_id__in=unions).values_list("pk", "union_id"):
        covered.setdefault(union_id, set()).add(pk)
    return EmployerContext(holders=holders, covered=covered)
