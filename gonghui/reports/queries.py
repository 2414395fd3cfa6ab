"""Reads of the statistics pages and API: an indicator's figure for a period and an
organization in the user's scope, with its breakdown by child organization named."""

import datetime
from dataclasses import dataclass
from typing import Any

from gonghui.core.clock import today
from gonghui.core.errors import ApplicationError
from gonghui.core.indicators import (
    OWN,
    Figure,
    Indicator,
    Period,
    breakdown,
    catalog,
    figure,
    indicator,
)
from gonghui.core.permissions import require
from gonghui.core.scope import access
from gonghui.orgs.models import Organization

YEAR_MIN, YEAR_MAX = 2000, 2100


@dataclass(frozen=True)
class Part:
    """One line of a breakdown: a child organization, or the organization's own rows."""

    org_id: int | None  # None: 本级
    name: str
    figure: Figure


def period_of(
    *, year: int | None = None, start: datetime.date | None = None, end: datetime.date | None = None
) -> Period:
    """A year, or a date range (both ends); the current year when neither is given."""
    if start is not None or end is not None:
        if start is None or end is None:
            raise ApplicationError("按日期统计时，开始和结束日期都要填写。", field="start")
        return Period(start, end)
    year = year or today().year
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise ApplicationError(f"年份应在{YEAR_MIN}–{YEAR_MAX}之间。", field="year")
    return Period.year(year)


def organization_of(*, user: Any, org_id: int | None) -> Organization:
    """The organization asked for (in the user's scope, else 404 naming org_id), or the
    user's own."""
    if org_id is None:
        if user.organization_id is None:
            raise ApplicationError("您的账号没有所属组织，请指定组织。", field="org_id")
        return user.organization
    return access(Organization, user, org_id, field="org_id")


def visible_indicator(*, user: Any, code: str) -> Indicator:
    found = indicator(code)
    require(user, found.permission)
    return found


def indicator_figure(*, user: Any, ind: Indicator, period: Period, org: Organization) -> Figure:
    return figure(ind, user=user, period=period, org_path=org.path)


def indicator_parts(
    *, user: Any, ind: Indicator, period: Period, org: Organization
) -> tuple[Figure, list[Part]]:
    """The figure and one part per child organization that has rows (and 本级), named, in
    the tree's order."""
    found = breakdown(ind, user=user, period=period, org_path=org.path)
    children = Organization.objects.filter(pk__in=[k for k in found.parts if k != OWN])
    named = {o.pk: o for o in children.only("pk", "name", "path")}
    parts = [
        Part(pk, named[pk].name, f)
        for pk, f in sorted(found.parts.items(), key=lambda kv: _order(named, kv[0]))
        if pk != OWN and pk in named
    ]
    if OWN in found.parts and ind.own_meaningful:
        parts.insert(0, Part(None, f"{org.name}（本级）", found.parts[OWN]))
    return found.total, parts


def _order(named: dict[int, Organization], pk: int) -> str:
    return named[pk].path if pk in named else ""


def catalog_figures(
    *, user: Any, period: Period, org: Organization
) -> list[tuple[Indicator, Figure]]:
    """Every indicator the user may see, for one period and organization."""
    return [
        (ind, indicator_figure(user=user, ind=ind, period=period, org=org)) for ind in catalog(user)
    ]
