"""Reads of collective contracts and bargaining offers (DEMO-1), within the reader's scope.

A contract is seen by the subtree of its signing union (`org_path`); the establishment rates
count employers (their own `org_path`: their union's). "Unionized on a date" is the orgs
indicators' definition: an employer with a union founded by that day (an undated union
counts: it exists), so the rates' denominators agree with `orgs.employers.unionization_*`.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from gonghui.core.clock import today
from gonghui.core.forms import as_date, as_flag, as_int
from gonghui.core.scope import access
from gonghui.core.storable import id_in_range
from gonghui.orgs.choices import Ownership
from gonghui.orgs.models import Employer, Organization
from gonghui.orgs.queries import founded_by

from ..choices import ContractKind, ContractState, OfferAnswer, OfferOutcome
from ..models import BargainingCampaign, BargainingOffer, CollectiveContract, ContractEmployer
from ..rules import contracts as rules

VIEW = "democracy.view"
STATS = "democracy.stats"
MANAGE = "democracy.contracts.manage"
OFFERS = "democracy.offers.manage"
# the kinds whose coverage the report counts (建制率): wage, general, women's special
RATE_KINDS = (ContractKind.WAGE, ContractKind.GENERAL, ContractKind.WOMEN)
# the report's ownership groups ("国有和集体企业、世界500强企业…100%"); a Fortune 500
# employer is counted as such, not again as private
OWNERSHIP_GROUPS = {
    "state": "国有企业",
    "collective": "集体企业",
    "fortune500": "世界500强企业",
    "private": "非公有制企业（不含世界500强）",
}


def in_force_on(on: datetime.date, prefix: str = "contract__") -> Q:
    """A contract in force on a date: it took effect by then (rule 39), its term has begun
    and not ended, and it was not terminated by then (a contract terminated later was in
    force that day)."""
    p = prefix
    live = Q(**{f"{p}state": ContractState.EFFECTIVE}) | Q(
        **{f"{p}state": ContractState.TERMINATED, f"{p}terminated_on__gt": on}
    )
    return live & Q(
        **{f"{p}effective_on__lte": on, f"{p}starts_on__lte": on, f"{p}ends_on__gte": on}
    )


def employers_covered(kind: str, on: datetime.date) -> QuerySet[Employer]:
    """Employers covered on `on` by a contract of `kind` in force: their own, or an industry
    or area contract that lists them (`ContractEmployer`)."""
    cover = ContractEmployer.objects.filter(
        in_force_on(on), employer=OuterRef("pk"), contract__kind=kind
    )
    return Employer.objects.filter(Exists(cover))


# ---- the establishment rates ----------------------------------------------------------------


def unionized_q(on: datetime.date) -> Q:
    """An employer unionized on `on` (as orgs.indicators counts it)."""
    return Q(union__isnull=False) & founded_by("union__established_on", on)


def ownership_q(group: str) -> Q:
    if group == "state":
        return Q(ownership=Ownership.STATE)
    if group == "collective":
        return Q(ownership=Ownership.COLLECTIVE)
    if group == "fortune500":
        return Q(is_fortune500=True)
    if group == "private":
        return Q(ownership__in=Ownership.non_public(), is_fortune500=False)
    return Q()


def unionized_employers(on: datetime.date, ownership: str = "") -> QuerySet[Employer]:
    """The rate's denominator: unionized employers on `on` (of an ownership group)."""
    return Employer.objects.filter(unionized_q(on)).filter(ownership_q(ownership))


def covered_employers(kind: str, on: datetime.date, ownership: str = "") -> QuerySet[Employer]:
    """The rate's numerator: of those, the employers covered by `kind` in force on `on`."""
    cover = ContractEmployer.objects.filter(
        in_force_on(on), employer=OuterRef("pk"), contract__kind=kind
    )
    return unionized_employers(on, ownership).filter(Exists(cover))


def uncovered_employers(kind: str, on: datetime.date, ownership: str = "") -> QuerySet[Employer]:
    """Unionized employers with no contract of `kind` in force (the "no wage contract" list)."""
    cover = ContractEmployer.objects.filter(
        in_force_on(on), employer=OuterRef("pk"), contract__kind=kind
    )
    return unionized_employers(on, ownership).exclude(Exists(cover))


@dataclass(frozen=True)
class Establishment:
    kind: str
    on: datetime.date
    ownership: str
    numerator: int
    denominator: int

    @property
    def value(self) -> Decimal | None:
        return rules.rate(self.numerator, self.denominator)

    @property
    def uncovered(self) -> int:
        return self.denominator - self.numerator


def _employers_in(user: Any, qs: QuerySet, org_path: str | None) -> QuerySet:
    qs = qs.filter(pk__in=Employer.objects.visible_to(user, STATS).values("pk"))
    return qs.within(org_path) if org_path else qs


def establishment(
    *, user: Any, kind: str, on: datetime.date, org_path: str | None = None, ownership: str = ""
) -> Establishment:
    """The establishment rate of `kind` on `on` in the reader's scope (and a subtree)."""
    base = Employer.objects.visible_to(user, STATS)
    if org_path:
        base = base.within(org_path)
    cover = ContractEmployer.objects.filter(
        in_force_on(on), employer=OuterRef("pk"), contract__kind=kind
    )
    counts = (
        base.filter(unionized_q(on))
        .filter(ownership_q(ownership))
        .aggregate(
            denominator=Count("pk"),
            numerator=Count("pk", filter=Q(Exists(cover))),
        )
    )
    return Establishment(kind, on, ownership, counts["numerator"], counts["denominator"])


def by_ownership(
    *, user: Any, kind: str, on: datetime.date, org_path: str | None = None
) -> list[Establishment]:
    return [
        establishment(user=user, kind=kind, on=on, org_path=org_path, ownership=group)
        for group in OWNERSHIP_GROUPS
    ]


def rate_employers(
    *,
    user: Any,
    kind: str,
    on: datetime.date,
    which: str = "uncovered",
    org_path: str | None = None,
    ownership: str = "",
    q: str = "",
) -> QuerySet[Employer]:
    """One list of the rate page: `covered` (numerator), `uncovered` or `all` (denominator)."""
    pick = {"covered": covered_employers, "uncovered": uncovered_employers}.get(which)
    rows = pick(kind, on, ownership) if pick else unionized_employers(on, ownership)
    rows = rows.filter(pk__in=Employer.objects.visible_to(user, STATS).values("pk"))
    if org_path:
        rows = rows.within(org_path)
    if q:
        rows = rows.filter(Q(name__contains=q) | Q(uscc__startswith=q.upper()))
    return rows.select_related("union", "town").order_by("name", "pk")


def org_path_of(user: Any, pk: Any) -> str | None:
    """The path of an organization the user may see (a town filter, a drill-down's `org`)."""
    if not id_in_range(pk):
        return None
    return (
        Organization.objects.visible_to(user).filter(pk=pk).values_list("path", flat=True).first()
    )


def rate_page_filters(user: Any, f: dict[str, Any]) -> dict[str, Any]:
    """The rate page's values from its form's filters: the day, kind, subtree, group, list."""
    path = None
    for key in ("org", "town"):
        if pk := as_int(f.get(key)):
            path = org_path_of(user, pk) or "/none/"
    kind = f.get("kind") or ContractKind.WAGE
    return {
        "kind": kind if kind in RATE_KINDS else ContractKind.WAGE,
        "on": as_date(f.get("on")) or today(),
        "org_path": path,
        "ownership": f.get("ownership") if f.get("ownership") in OWNERSHIP_GROUPS else "",
        "which": f.get("list") if f.get("list") in ("covered", "uncovered", "all") else "uncovered",
        "q": str(f.get("q") or "").strip(),
    }


def rate_list(*, user: Any, filters: dict[str, Any]) -> QuerySet[Employer]:
    """The rate page's list with the page's filters (the export's rows)."""
    v = rate_page_filters(user, filters)
    return rate_employers(
        user=user,
        kind=v["kind"],
        on=v["on"],
        which=v["which"],
        org_path=v["org_path"],
        ownership=v["ownership"],
        q=v["q"],
    )


# ---- contracts --------------------------------------------------------------------------------


def expiring_q(on: datetime.date, days: int = rules.EXPIRING_DAYS) -> Q:
    """In force and ending within `days` of `on`, not yet renewed."""
    return Q(
        state=ContractState.EFFECTIVE,
        ends_on__gte=on,
        ends_on__lte=on + datetime.timedelta(days=days),
        renewed_by__isnull=True,
    )


def expired_q(on: datetime.date) -> Q:
    """Ended before `on` after taking effect, not terminated, and not renewed."""
    return Q(state=ContractState.EFFECTIVE, ends_on__lt=on, renewed_by__isnull=True)


def contract_filter(qs: QuerySet, user: Any, f: dict[str, Any]) -> QuerySet:
    """The list's filters: org (drill-down), town, kind, scope, state, year (signed),
    signed_from / signed_to, ending (within 90 days of today), expired (not renewed),
    employer (covered), union, q (title or an employer's name)."""
    for key in ("org", "town"):
        if pk := as_int(f.get(key)):
            path = org_path_of(user, pk)
            qs = qs.within(path) if path else qs.none()
    for key in ("kind", "scope", "state"):
        if value := f.get(key):
            qs = qs.filter(**{key: value})
    if year := as_int(f.get("year")):
        qs = qs.filter(signed_on__year=year)
    if day := as_date(f.get("signed_from")):
        qs = qs.filter(signed_on__gte=day)
    if day := as_date(f.get("signed_to")):
        qs = qs.filter(signed_on__lte=day)
    on = as_date(f.get("on")) or today()
    if as_flag(f.get("ending")):
        qs = qs.filter(expiring_q(on))
    if as_flag(f.get("expired")):
        qs = qs.filter(expired_q(on))
    if employer := as_int(f.get("employer")):
        qs = qs.filter(coverage__employer_id=employer).distinct()
    if union := as_int(f.get("union")):
        qs = qs.filter(union_id=union)
    if q := str(f.get("q") or "").strip():
        qs = qs.filter(Q(title__contains=q) | Q(employer__name__contains=q))
    return qs


def contract_list(
    *, user: Any, filters: dict[str, Any] | None = None
) -> QuerySet[CollectiveContract]:
    qs = contract_filter(CollectiveContract.objects.visible_to(user, VIEW), user, filters or {})
    return (
        qs.select_related("union", "union__town", "employer", "renews")
        .annotate(covered_count=Count("coverage", distinct=True))
        .order_by("-signed_on", "-pk")
    )


def contract_get(*, user: Any, pk: Any) -> CollectiveContract:
    return access(
        CollectiveContract.objects.select_related("union", "employer", "renews", "created_by"),
        user,
        pk,
        VIEW,
    )


def renewal_of(contract: CollectiveContract) -> CollectiveContract | None:
    return CollectiveContract.objects.filter(renews=contract).first()


def coverage_of(contract: CollectiveContract) -> QuerySet[Employer]:
    return (
        Employer.objects.filter(contract_coverage__contract=contract)
        .select_related("union", "town")
        .order_by("name", "pk")
    )


def contracts_of(
    *, user: Any, employer: Employer | None = None, union: Organization | None = None
) -> QuerySet[CollectiveContract]:
    """The contracts covering an employer (own, industry, area) or signed by a union."""
    qs = CollectiveContract.objects.visible_to(user, VIEW)
    if employer is not None:
        qs = qs.filter(coverage__employer=employer)
    if union is not None:
        qs = qs.filter(union=union)
    return qs.select_related("union").distinct().order_by("-signed_on", "-pk")


def expiring_count(user: Any) -> int:
    """The to-do: contracts in force ending within 90 days, not renewed."""
    return CollectiveContract.objects.visible_to(user, VIEW).filter(expiring_q(today())).count()


def expiring_by_town(*, user: Any, on: datetime.date) -> list[dict[str, Any]]:
    """Per town: contracts ending within 90 days and expired ones not renewed (one query)."""
    rows = (
        CollectiveContract.objects.visible_to(user, VIEW)
        .values("union__town_id", "union__town__name")
        .annotate(
            ending=Count("pk", filter=expiring_q(on)),
            expired=Count("pk", filter=expired_q(on)),
        )
        .filter(Q(ending__gt=0) | Q(expired__gt=0))
        .order_by("union__town_id")
    )
    return [
        {
            "town_id": r["union__town_id"],
            "town": r["union__town__name"] or "区本级",
            "ending": r["ending"],
            "expired": r["expired"],
        }
        for r in rows
    ]


def due_to_take_effect(on: datetime.date) -> QuerySet[CollectiveContract]:
    """Submitted with no objection and past the 15 days (rule 39): the periodic job's."""
    return CollectiveContract.objects.filter(
        state=ContractState.SUBMITTED,
        submitted_on__lte=on - datetime.timedelta(days=rules.REVIEW_DAYS),
    ).order_by("pk")


def awaiting_review_count(user: Any) -> int:
    return (
        CollectiveContract.objects.visible_to(user, VIEW)
        .filter(state__in=(ContractState.SIGNED, ContractState.OBJECTED))
        .count()
    )


# ---- campaigns and offers ------------------------------------------------------------------


def campaign_list(
    *, user: Any, filters: dict[str, Any] | None = None
) -> QuerySet[BargainingCampaign]:
    f = filters or {}
    qs = BargainingCampaign.objects.visible_to(user, VIEW)
    for key in ("org", "town"):
        if pk := as_int(f.get(key)):
            path = org_path_of(user, pk)
            qs = qs.within(path) if path else qs.none()
    if year := as_int(f.get("year")):
        qs = qs.filter(year=year)
    if state := f.get("state"):
        qs = qs.filter(state=state)
    return (
        qs.select_related("organizer")
        .annotate(offer_count=Count("offers", distinct=True))
        .order_by("-year", "-started_on", "-pk")
    )


def campaign_get(*, user: Any, pk: Any) -> BargainingCampaign:
    return access(BargainingCampaign.objects.select_related("organizer"), user, pk, VIEW)


def offer_filter(qs: QuerySet, f: dict[str, Any]) -> QuerySet:
    if "answer" in f and f["answer"] is not None and f["answer"] != "all":
        qs = qs.filter(answer=f["answer"])
    if "outcome" in f and f["outcome"] is not None and f["outcome"] != "all":
        qs = qs.filter(outcome=f["outcome"])
    if q := str(f.get("q") or "").strip():
        qs = qs.filter(employer__name__contains=q)
    return qs


def offers_of(
    *, user: Any, campaign: BargainingCampaign, filters: dict[str, Any] | None = None
) -> QuerySet[BargainingOffer]:
    qs = BargainingOffer.objects.visible_to(user, VIEW).filter(campaign=campaign)
    return (
        offer_filter(qs, filters or {})
        .select_related("employer", "union", "contract")
        .order_by("employer__name", "pk")
    )


def offer_list(*, user: Any, filters: dict[str, Any]) -> QuerySet[BargainingOffer]:
    """The offers list (of one campaign with `campaign`; a town with `town`): the export's."""
    qs = BargainingOffer.objects.visible_to(user, VIEW)
    if campaign := as_int(filters.get("campaign")):
        qs = qs.filter(campaign_id=campaign)
    for key in ("org", "town"):
        if pk := as_int(filters.get(key)):
            path = org_path_of(user, pk)
            qs = qs.within(path) if path else qs.none()
    return (
        offer_filter(qs, filters)
        .select_related("employer", "union", "contract", "campaign")
        .order_by("-campaign__started_on", "employer__name", "pk")
    )


def offer_get(*, user: Any, pk: Any) -> BargainingOffer:
    return access(
        BargainingOffer.objects.select_related("campaign", "employer", "contract"), user, pk, VIEW
    )


@dataclass(frozen=True)
class CampaignCounts:
    offers: int
    accepted: int
    refused: int
    no_reply: int
    pending: int
    signed: int
    failed: int


def campaign_counts(*, user: Any, campaign: BargainingCampaign) -> CampaignCounts:
    """The campaign page's counts in one query (answers, overdue, outcomes)."""
    c = (
        BargainingOffer.objects.visible_to(user, VIEW)
        .filter(campaign=campaign)
        .aggregate(
            offers=Count("pk"),
            accepted=Count("pk", filter=Q(answer=OfferAnswer.ACCEPTED)),
            refused=Count("pk", filter=Q(answer=OfferAnswer.REFUSED)),
            no_reply=Count("pk", filter=Q(answer=OfferAnswer.NO_REPLY)),
            pending=Count("pk", filter=Q(answer=OfferAnswer.PENDING)),
            signed=Count("pk", filter=Q(outcome=OfferOutcome.SIGNED)),
            failed=Count("pk", filter=Q(outcome=OfferOutcome.FAILED)),
        )
    )
    return CampaignCounts(**c)


def offers_overdue(on: datetime.date) -> QuerySet[BargainingOffer]:
    """Offers still waiting for an answer past their due day (the periodic job's)."""
    return BargainingOffer.objects.filter(answer=OfferAnswer.PENDING, answer_due__lt=on)


def offer_targets(organizer: Organization, kind: str, on: datetime.date) -> QuerySet[Employer]:
    """A campaign's employers: the organizer's unionized employers with no contract of
    `kind` in force on `on`."""
    return uncovered_employers(kind, on).within(organizer.path).select_related("union")
