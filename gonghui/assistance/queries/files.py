"""Reads of hardship files (CARE-1): the list and its filters (the indicator catalog's
drill-down names them: org, state, category, town, opened_from, opened_to, standing_on,
due), one file by scope, living standards, the to-dos' counts."""

import datetime
from typing import Any

from django.db.models import Q, QuerySet

from gonghui.core.clock import today as local_today
from gonghui.core.forms import as_int
from gonghui.core.scope import access
from gonghui.orgs.choices import OrgKind
from gonghui.orgs.models import Organization

from ..choices import FileState
from ..models import HardshipFile, LivingStandard

VIEW = "assistance.view"
# A file is on the register (在档) while approved or in its exit notice.
STANDING_STATES = (FileState.APPROVED, FileState.EXIT_NOTICE)


def _date(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def standing_q(day: datetime.date) -> Q:
    """Files on the register on `day`: approved by then and not exited by then (a file
    exited since was standing then too)."""
    return (
        Q(state__in=[*STANDING_STATES, FileState.EXITED])
        & Q(approved_on__lte=day)
        & (Q(exited_on__isnull=True) | Q(exited_on__gt=day))
    )


def due_q(which: str, day: datetime.date) -> Q:
    """visit: a standing file whose 6-monthly visit is due (by `day`); review: one whose
    yearly review is overdue (before `day`)."""
    if which == "visit":
        return Q(state__in=STANDING_STATES, visit_due__lte=day)
    if which == "review":
        return Q(state__in=STANDING_STATES, review_due__lt=day)
    return Q()


def file_where(f: dict[str, Any], day: datetime.date | None = None) -> Q:
    """The list's filters as one condition (the export's and the to-dos' too)."""
    where = Q()
    if f.get("state"):
        where &= Q(state=f["state"])
    if f.get("category"):
        where &= Q(category=f["category"])
    if town := as_int(f.get("town")):
        where &= Q(town_id=town)
    if start := _date(f.get("opened_from")):
        where &= Q(opened_on__gte=start)
    if end := _date(f.get("opened_to")):
        where &= Q(opened_on__lte=end)
    if standing := _date(f.get("standing_on")):
        where &= standing_q(standing)
    if f.get("due") in ("visit", "review"):
        # as of the day the list stands on (the catalog's stock at a period's end)
        where &= due_q(f["due"], day or standing or local_today())
    if q := str(f.get("q") or "").strip():
        where &= Q(number__iexact=q) | Q(name__contains=q) | Q(ric_last4=q)
    return where


def _within_org(qs: QuerySet, user: Any, org: Any) -> QuerySet:
    """`org`: an organization's subtree (the drill-down), if the user sees it; else none."""
    pk = as_int(org)
    if pk is None:
        return qs
    found = Organization.objects.visible_to(user).filter(pk=pk).first()
    return qs.within(found.path) if found else qs.none()


def file_list(*, user: Any, filters: dict[str, Any] | None = None) -> QuerySet[HardshipFile]:
    f = filters or {}
    qs = HardshipFile.objects.visible_to(user, VIEW).select_related("union", "town")
    qs = _within_org(qs.filter(file_where(f)), user, f.get("org"))
    if f.get("due") == "visit":
        return qs.order_by("visit_due", "pk")
    if f.get("due") == "review":
        return qs.order_by("review_due", "pk")
    return qs


def file_get(*, user: Any, pk: Any, action: str = VIEW) -> HardshipFile:
    """The file if the user may see it and do `action`; 404 otherwise (town B's for town A)."""
    related = ("union", "town", "member", "previous", "opened_by")
    return access(HardshipFile.objects.visible_to(user, action).select_related(*related), user, pk)


def file_history(*, user: Any, file: HardshipFile) -> list[HardshipFile]:
    """The person's earlier files the user may see, newest first (re-registration)."""
    return list(
        HardshipFile.objects.visible_to(user, VIEW)
        .filter(ric_hash=file.ric_hash)
        .exclude(pk=file.pk)
        .order_by("-opened_on", "-pk")
    )


def standard_list(*, user: Any, town: Any = None) -> QuerySet[LivingStandard]:
    qs = LivingStandard.objects.visible_to(user, VIEW).select_related("town")
    if pk := as_int(town):
        qs = qs.filter(town_id=pk)
    return qs.order_by("town__path", "-effective_from")


def towns_visible(user: Any) -> QuerySet[Organization]:
    return Organization.objects.visible_to(user).filter(kind=OrgKind.TOWN).order_by("pk")


def todo_count(user: Any, permission: str, filters: dict[str, Any]) -> int:
    """A to-do's count: the list's own query under the to-do's permission."""
    if not user.can(permission):
        return 0
    return file_list(user=user, filters=filters).count()
