"""Reads of innovation studios and their results (MERIT-2), within the user's scope: a
studio is seen by whoever's subtree holds its union."""

from typing import Any

from django.db.models import Count, QuerySet

from gonghui.core.forms import as_date, as_flag, as_int
from gonghui.core.money import money, sum_money
from gonghui.core.scope import access

from ..models import InnovationStudio, StudioResult
from .workers import VIEW, _org_path

MANAGE = "merit.studios.manage"


def studio_filter(qs: QuerySet, user: Any, f: dict[str, Any]) -> QuerySet:
    """org (an indicator's drill-down), town, level, active, year (founded), founded_from /
    founded_to, q (name)."""
    for key in ("org", "town"):
        if pk := as_int(f.get(key)):
            path = _org_path(user, pk)
            qs = qs.within(path) if path else qs.none()
    if level := f.get("level"):
        qs = qs.filter(level=level)
    if (active := as_flag(f.get("active"))) is not None:
        qs = qs.filter(is_active=active)
    if year := as_int(f.get("year")):
        qs = qs.filter(founded_on__year=year)
    if day := as_date(f.get("founded_from")):
        qs = qs.filter(founded_on__gte=day)
    if day := as_date(f.get("founded_to")):
        qs = qs.filter(founded_on__lte=day)
    if leader := as_int(f.get("leader")):
        qs = qs.filter(leader_id=leader)
    if q := str(f.get("q") or "").strip():
        qs = qs.filter(name__contains=q)
    return qs


def studio_list(*, user: Any, filters: dict[str, Any] | None = None) -> QuerySet[InnovationStudio]:
    qs = studio_filter(InnovationStudio.objects.visible_to(user, VIEW), user, filters or {})
    return (
        qs.select_related("employer", "union", "leader")
        .annotate(result_count=Count("results", distinct=True))
        .order_by("-founded_on", "pk")
    )


def studio_get(*, user: Any, pk: Any) -> InnovationStudio:
    return access(
        InnovationStudio.objects.select_related("employer", "union", "leader"), user, pk, VIEW
    )


def studio_results(studio: InnovationStudio) -> QuerySet[StudioResult]:
    return studio.results.order_by("-achieved_on", "-pk")


def result_get(studio: InnovationStudio, pk: Any) -> StudioResult:
    from django.http import Http404

    found = studio.results.filter(pk=as_int(pk) or 0).first()
    if found is None:
        raise Http404("未找到该成果。")
    return found


def results_total(studio: InnovationStudio) -> Any:
    return money(studio.results.aggregate(total=sum_money("benefit"))["total"])


def studios_led(user: Any, worker: Any) -> QuerySet[InnovationStudio]:
    return InnovationStudio.objects.visible_to(user, VIEW).filter(leader=worker).order_by("pk")
