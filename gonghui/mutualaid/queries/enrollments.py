"""Reads of enrollments, batches and contributions (CARE-3), each within the user's scope.

A plan year is seen by everyone under its organizer (the district's plan by every union)
and by whoever's subtree holds the organizer; an enrollment, a batch or a payment by whoever's
subtree holds its union (core.scope).

"Counted on day d" (`standing_q`, the list's `standing_on`, `enrolled_count`, the summary and
the indicators): effective_on ≤ d, not cancelled by d (cancelled_on > d or none), and d inside
the plan year's period.
"""

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Count, ExpressionWrapper, F, Q, QuerySet, Sum
from django.http import Http404

from gonghui.core.forms import as_date, as_flag, as_int
from gonghui.core.money import ZERO, MoneyField, money, sum_money
from gonghui.core.permissions import require
from gonghui.core.scope import access
from gonghui.core.storable import id_in_range
from gonghui.orgs.choices import OrgKind
from gonghui.orgs.models import Organization

from ..choices import EnrollmentState, PlanState
from ..models import ContributionPayment, Enrollment, EnrollmentBatch, PlanYear
from .plans import plans_visible

VIEW = "mutualaid.view"
ENROLL = "mutualaid.enroll"
RECORD = "mutualaid.contributions.record"
STATS = "mutualaid.stats"


# ---- plan years as enrollment sees them -------------------------------------------------------


def open_plans(user: Any) -> QuerySet[PlanYear]:
    """The plan years a union may enroll in now: open ones it sees."""
    return plans_visible(user, ENROLL).filter(state=PlanState.OPEN).order_by("-year")


def plan_get(*, user: Any, pk: Any, action: str = VIEW, field: str | None = None) -> PlanYear:
    require(user, action)
    found = plans_visible(user, action).filter(pk=pk).first() if id_in_range(pk) else None
    if found is None:
        if field:
            from gonghui.core.scope import NotInScope

            raise NotInScope(f"{field} 所指的记录不存在或不在您的管理范围内。", field=field)
        raise Http404("未找到该记录。")
    return found


def enroll_orgs(user: Any) -> QuerySet[Organization]:
    """The organizations whose members a user may enroll: any of their scope with members
    under it (a grassroots union, a town, the district)."""
    if user is None or not user.can(ENROLL):
        return Organization.objects.none()
    return Organization.objects.visible_to(user).filter(is_active=True)


# ---- enrollments ------------------------------------------------------------------------------


def standing_q(day: datetime.date, prefix: str = "") -> Q:
    """Counted on `day` (see the module's doc)."""
    p = prefix
    return (
        Q(**{f"{p}effective_on__lte": day})
        & (Q(**{f"{p}cancelled_on__isnull": True}) | Q(**{f"{p}cancelled_on__gt": day}))
        & Q(**{f"{p}plan__starts_on__lte": day, f"{p}plan__ends_on__gte": day})
    )


def _org_path(user: Any, pk: Any) -> str | None:
    if not id_in_range(pk):
        return None
    return (
        Organization.objects.visible_to(user).filter(pk=pk).values_list("path", flat=True).first()
    )


def enrollment_filter(qs: QuerySet, user: Any, f: dict[str, Any]) -> QuerySet:
    """The list's filters (the names are the indicator catalog's: org, plan, year, town,
    state, renewal, standing_on, enrolled_from, enrolled_to, effective_from, effective_to), given
    as values or text."""
    if org := as_int(f.get("org")):
        path = _org_path(user, org)
        qs = qs.within(path) if path else qs.none()
    if plan := as_int(f.get("plan")):
        qs = qs.filter(plan_id=plan)
    if year := as_int(f.get("year")):
        qs = qs.filter(plan__year=year)
    if town := as_int(f.get("town")):
        qs = qs.filter(town_id=town)
    if union := as_int(f.get("union")):
        qs = qs.filter(union_id=union)
    if batch := as_int(f.get("batch")):
        qs = qs.filter(batch_id=batch)
    if state := f.get("state"):
        qs = qs.filter(state=state)
    if (renewal := as_flag(f.get("renewal"))) is not None:
        qs = qs.filter(is_renewal=renewal)
    if day := as_date(f.get("standing_on")):
        qs = qs.filter(standing_q(day))
    if day := as_date(f.get("enrolled_from")):
        qs = qs.filter(enrolled_on__gte=day)
    if day := as_date(f.get("enrolled_to")):
        qs = qs.filter(enrolled_on__lte=day)
    if day := as_date(f.get("effective_from")):
        qs = qs.filter(effective_on__gte=day)
    if day := as_date(f.get("effective_to")):
        qs = qs.filter(effective_on__lte=day)
    if q := str(f.get("q") or "").strip():
        qs = qs.filter(Q(member__name=q) | Q(member__ric_last4=q.upper()))
    return qs


def enrollment_list(*, user: Any, filters: dict[str, Any] | None = None) -> QuerySet[Enrollment]:
    qs = enrollment_filter(Enrollment.objects.visible_to(user, VIEW), user, filters or {})
    # the newest first, from the primary key (a district's 123,000 rows are never sorted)
    return qs.select_related("plan", "member", "union", "town", "batch").order_by("-pk")


def enrollment_get(*, user: Any, pk: Any) -> Enrollment:
    return access(
        Enrollment.objects.select_related("plan", "member", "union", "town", "batch"),
        user,
        pk,
        VIEW,
    )


def enrolled_count(user: Any, day: datetime.date, org: Any = None) -> int:
    """How many enrollments of the user's scope (of `org`'s subtree) count on `day`."""
    filters: dict[str, Any] = {"standing_on": day}
    if org is not None:
        filters["org"] = getattr(org, "pk", org)
    qs = enrollment_filter(Enrollment.objects.visible_to(user, VIEW), user, filters)
    return qs.count()


# ---- batches and payments ---------------------------------------------------------------------


def batch_list(*, user: Any, filters: dict[str, Any] | None = None) -> QuerySet[EnrollmentBatch]:
    f = filters or {}
    qs = EnrollmentBatch.objects.visible_to(user, VIEW)
    if org := as_int(f.get("org")):
        path = _org_path(user, org)
        qs = qs.within(path) if path else qs.none()
    if plan := as_int(f.get("plan")):
        qs = qs.filter(plan_id=plan)
    if year := as_int(f.get("year")):
        qs = qs.filter(plan__year=year)
    if town := as_int(f.get("town")):
        qs = qs.filter(town_id=town)
    if source := f.get("source"):
        qs = qs.filter(source=source)
    if (outstanding := as_flag(f.get("outstanding"))) is not None:
        unpaid = Q(amount_paid__lt=F("amount_due"))
        qs = qs.filter(unpaid) if outstanding else qs.exclude(unpaid)
    if number := str(f.get("number") or "").strip():
        qs = qs.filter(number=number.upper())
    owed = ExpressionWrapper(F("amount_due") - F("amount_paid"), output_field=MoneyField())
    return (
        qs.select_related("plan", "union", "town")
        .annotate(outstanding=owed)
        .order_by("-enrolled_on", "-pk")
    )


def batch_totals(qs: QuerySet[EnrollmentBatch]) -> dict[str, Any]:
    found = qs.order_by().aggregate(
        enrolled=Sum("enrolled_count"), due=sum_money("amount_due"), paid=sum_money("amount_paid")
    )
    due, paid = money(found["due"]), money(found["paid"])
    return {"enrolled": found["enrolled"] or 0, "due": due, "paid": paid, "outstanding": due - paid}


def batch_get(*, user: Any, pk: Any) -> EnrollmentBatch:
    return access(
        EnrollmentBatch.objects.select_related("plan", "union", "town", "created_by"),
        user,
        pk,
        VIEW,
    )


def batch_payments(*, user: Any, batch: EnrollmentBatch) -> QuerySet[ContributionPayment]:
    return (
        ContributionPayment.objects.visible_to(user, VIEW)
        .filter(batch=batch)
        .select_related("recorded_by")
        .order_by("paid_on", "pk")
    )


def batches_outstanding(user: Any, action: str = VIEW) -> QuerySet[EnrollmentBatch]:
    return EnrollmentBatch.objects.visible_to(user, action).filter(amount_paid__lt=F("amount_due"))


def outstanding_count(user: Any) -> int:
    """Batches whose contribution is not paid in full (the district's to-do)."""
    return batches_outstanding(user, RECORD).count()


def own_unpaid_count(user: Any) -> int:
    """A union's own unpaid batches (its to-do; the district has its own line)."""
    if user.can(RECORD):
        return 0
    return batches_outstanding(user, ENROLL).count()


def payment_runs(*, user: Any) -> QuerySet:
    from gonghui.core.importing.models import ImportRun

    return (
        ImportRun.objects.visible_to(user)
        .filter(kind="mutualaid.contributions")
        .order_by("-created_at")
    )


# ---- counts by town and union -----------------------------------------------------------------


def summary_rows(
    *, user: Any, plan: PlanYear, day: datetime.date, by: str = "town", org: Any = None
) -> list[dict[str, Any]]:
    """Per town (or per grassroots union) of the user's scope, for one plan year: counted on
    `day`, of which new and renewed, enrolled (not cancelled), contributions due and paid;
    the last row is the total. Three grouped queries, whatever the number of rows."""
    key = "town_id" if by == "town" else "union_id"
    base = enrollment_filter(
        Enrollment.objects.visible_to(user, VIEW).filter(plan=plan),
        user,
        {"org": org} if org else {},
    )
    counted = {
        (r[key], r["is_renewal"]): r["n"]
        for r in base.filter(standing_q(day))
        .order_by()
        .values(key, "is_renewal")
        .annotate(n=Count("id"))
    }
    enrolled = dict(
        base.exclude(state=EnrollmentState.CANCELLED)
        .order_by()
        .values(key)
        .annotate(n=Count("id"))
        .values_list(key, "n")
    )
    batches = EnrollmentBatch.objects.visible_to(user, VIEW).filter(plan=plan)
    if org:
        path = _org_path(user, org)
        batches = batches.within(path) if path else batches.none()
    money_rows = {
        r[key]: r
        for r in batches.order_by()
        .values(key)
        .annotate(due=sum_money("amount_due"), paid=sum_money("amount_paid"))
    }
    keys = {k for k, _r in counted} | set(enrolled) | set(money_rows)
    names = dict(
        Organization.objects.filter(pk__in=[k for k in keys if k]).values_list("pk", "name")
    )
    rows = []
    for k in sorted(keys, key=lambda k: (k is None, names.get(k, ""), k or 0)):
        new, renewed = counted.get((k, False), 0), counted.get((k, True), 0)
        due = money(money_rows.get(k, {}).get("due") or ZERO)
        paid = money(money_rows.get(k, {}).get("paid") or ZERO)
        rows.append(
            {
                "org_id": k,
                "name": names.get(k, "（未归属镇街）"),
                "counted": new + renewed,
                "new": new,
                "renewed": renewed,
                "enrolled": enrolled.get(k, 0),
                "due": due,
                "paid": paid,
                "outstanding": due - paid,
            }
        )
    rows.append(_total(rows))
    return rows


def _total(rows: list[dict[str, Any]]) -> dict[str, Any]:
    total: dict[str, Any] = {"org_id": None, "name": "合计", "total": True}
    for name in ("counted", "new", "renewed", "enrolled"):
        total[name] = sum(r[name] for r in rows)
    for name in ("due", "paid", "outstanding"):
        total[name] = sum((r[name] for r in rows), Decimal("0.00"))
    return total


def summary_plan(user: Any, pk: Any = None, year: Any = None) -> PlanYear | None:
    """The plan year a summary is of: the one asked for, else the newest the user sees."""
    plans = plans_visible(user).order_by("-year")
    if (pk := as_int(pk)) and id_in_range(pk):
        return plans.filter(pk=pk).first()
    if year := as_int(year):
        return plans.filter(year=year).first()
    return plans.first()


def town_orgs(user: Any) -> QuerySet[Organization]:
    return Organization.objects.visible_to(user).filter(kind=OrgKind.TOWN).order_by("pk")


def batches_visible_for_payment(user: Any) -> QuerySet[EnrollmentBatch]:
    """The batches a payment may be recorded for (the bank statement's rows)."""
    return EnrollmentBatch.objects.visible_to(user, RECORD)
