"""Reads of the statistics pages and API: an indicator's figure for a period and an
organization in the user's scope, with its breakdown by child organization named."""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from django.db.models import Q, QuerySet

from gonghui.core.clock import today
from gonghui.core.errors import ApplicationError
from gonghui.core.indicators import (
    OWN,
    Figure,
    Indicator,
    Kind,
    Period,
    breakdown,
    catalog,
    figure,
    indicator,
    trend,
)
from gonghui.core.permissions import require
from gonghui.core.registry import registry
from gonghui.core.scope import access
from gonghui.orgs.models import Organization

from .models import Comparison, Target

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
        for pk, f in sorted(found.parts.items())  # siblings in the order they were set up
        if pk != OWN and pk in named
    ]
    if OWN in found.parts and ind.own_meaningful:
        parts.insert(0, Part(None, f"{org.name}（本级）", found.parts[OWN]))
    return found.total, parts


def catalog_figures(
    *, user: Any, period: Period, org: Organization
) -> list[tuple[Indicator, Figure]]:
    """Every indicator the user may see, for one period and organization."""
    return [
        (ind, indicator_figure(user=user, ind=ind, period=period, org=org)) for ind in catalog(user)
    ]


# ---- the statistics pages: the catalog, an indicator's page, the home page's figures ------

# Past 24 months a trend is by year: a stock costs a query per point (core.indicators.trend).
TREND_MONTHS_MAX = 24
# The home page's figures for district and town users, by code; one not registered (yet) or
# whose permission the user lacks is left out.
DASHBOARD_CODES = (
    "orgs.unions.total",
    "members.members.total",
    "orgs.unions.new",
    "members.members.new",
    "rights.visits.batches",
    "rights.letters",
    "rights.calls",
    "rights.petitions",
    "rights.disputes",
    "rights.cases.in_time",
)
DASHBOARD_TOP = 10  # the home page's chart: the children with the largest figures


@dataclass(frozen=True)
class ChildLine:
    """A line of a breakdown: a child organization (None: the organization's own rows, 本级)
    with its figure."""

    org: Organization | None
    name: str
    figure: Figure


@dataclass(frozen=True)
class KeyFigure:
    """A figure of the home page, with its children's for the chart."""

    indicator: Indicator
    figure: Figure
    lines: list[ChildLine]


def breakdown_lines(
    *, user: Any, ind: Indicator, period: Period, org: Organization
) -> tuple[Figure, list[ChildLine]]:
    """The figure and a line per active child organization (0 without rows) and per child
    with rows, in the tree's order, 本级 first where it means something: one grouped query
    per measure and one naming the children, whatever their number."""
    found = breakdown(ind, user=user, period=period, org_path=org.path)
    children = _children(org, set(found.parts))
    return found.total, _lines(ind, org, found.parts, children)


def _children(org: Organization, keys: set[int]) -> dict[int, Organization]:
    rows = Organization.objects.filter(Q(pk__in=keys - {OWN}) | Q(parent=org, is_active=True))
    return {o.pk: o for o in rows.only("pk", "name", "path", "parent_id")}


def _nothing(ind: Indicator) -> Figure:
    """The figure of an organization without rows: 0, or a rate over nothing."""
    return Figure(None, 0, 0) if ind.kind == Kind.RATE else Figure(0)


def _lines(
    ind: Indicator, org: Organization, parts: dict[int, Figure], children: dict[int, Organization]
) -> list[ChildLine]:
    # a key under the organization's path is always its child, so one naming query serves
    # every indicator of a page; another organization's children are not this one's
    # siblings in the order they were set up (the towns as the district lists them), not
    # by path text, where "/1/10/" sorts before "/1/2/"
    mine = sorted((c for c in children.values() if c.parent_id == org.pk), key=lambda c: c.pk)
    lines = [ChildLine(c, c.name, parts.get(c.pk, _nothing(ind))) for c in mine]
    if OWN in parts and ind.own_meaningful:
        lines.insert(0, ChildLine(None, f"{org.name}（本级）", parts[OWN]))
    return lines


def trend_points(
    period: Period, *, now: datetime.date | None = None
) -> tuple[Period, list[Period]]:
    """The trend's span and points: the period up to today (no point for months to come),
    by month, or by year when that is more than TREND_MONTHS_MAX months."""
    now = now or today()
    span = Period(period.start, min(period.end, now)) if period.start <= now else period
    months = span.months()
    return span, months if len(months) <= TREND_MONTHS_MAX else span.years()


def indicator_trend(
    *, user: Any, ind: Indicator, period: Period, org: Organization
) -> list[tuple[Period, Figure]]:
    span, points = trend_points(period)
    return trend(ind, user=user, period=span, org_path=org.path, points=points)


def indicator_targets(
    *, user: Any, ind: Indicator, period: Period, org: Organization
) -> dict[int, Target]:
    """The targets of the indicator for the organization and its children, by organization
    id, when the period is a whole year (a year's target says nothing of a quarter)."""
    if period != Period.year(period.start.year):
        return {}
    rows = targets_of(user=user, year=period.start.year, org=org).filter(code=ind.code)
    return {t.organization_id: t for t in rows}


def dashboard_figures(
    *, user: Any, period: Period, org: Organization, codes: tuple[str, ...] = DASHBOARD_CODES
) -> list[KeyFigure]:
    """The home page's figures with their children's (the chart), the largest first: one
    grouped query per measure and one naming every child, whatever their number."""
    found = []
    for code in codes:
        ind = registry["indicators"].get(code)
        if ind is not None and user.can(ind.permission):
            found.append((ind, breakdown(ind, user=user, period=period, org_path=org.path)))
    children = _children(org, {k for _ind, b in found for k in b.parts})
    figures = []
    for ind, b in found:
        lines = [line for line in _lines(ind, org, b.parts, children) if line.org is not None]
        lines.sort(key=lambda line: -(line.figure.value or 0))
        figures.append(KeyFigure(ind, b.total, lines[:DASHBOARD_TOP]))
    return figures


def catalog_sections(
    *, user: Any, period: Period, org: Organization
) -> list[tuple[str, list[tuple[Indicator, Figure]]]]:
    """The catalog page: every indicator the user may see with its figure, by section."""
    sections: dict[str, list[tuple[Indicator, Figure]]] = {}
    for ind, fig in catalog_figures(user=user, period=period, org=org):
        sections.setdefault(ind.section or "其他", []).append((ind, fig))
    return list(sections.items())


# ---- targets (REPORT-2) ----------------------------------------------------------------------

TARGETS_VIEW = "reports.view"


class TargetStatus(StrEnum):
    BEHIND = "behind"  # not reached; in the current year a flow also behind the year's time
    ON_TRACK = "on_track"  # a flow of the current year ahead of the share of the year gone
    MET = "met"
    NO_DATA = "no_data"  # nothing to judge by: a rate with no denominator, a year not begun
    PENDING = "pending"  # its indicator is not registered yet (指标待上线)


STATUS_LABELS = {
    TargetStatus.BEHIND: "落后",
    TargetStatus.ON_TRACK: "进度正常",
    TargetStatus.MET: "已达标",
    TargetStatus.NO_DATA: "暂无数据",
    TargetStatus.PENDING: "指标待上线",
}
# the page's order: the organizations behind target first
STATUS_ORDER = {s: n for n, s in enumerate(STATUS_LABELS)}


@dataclass(frozen=True)
class TargetLine:
    """A target with the figure it is judged on, for the year so far."""

    target: Target
    indicator: Indicator | None  # None: not registered yet
    actual: Figure | None
    progress: Decimal | None  # the actual as a percentage of the target
    status: TargetStatus
    pace: Decimal | None = None  # a current-year flow: the share of the year gone (%)

    @property
    def status_label(self) -> str:
        if self.status == TargetStatus.BEHIND and self.target.year < today().year:
            return "未达标"
        return STATUS_LABELS[self.status]

    @property
    def bar(self) -> Decimal:
        """The progress bar's fill, 0–100."""
        return min(self.progress or Decimal(0), Decimal(100))


def target_period(year: int, *, now: datetime.date | None = None) -> Period | None:
    """The year, cut at today in the current year (the actual as of today); None for a year
    that has not begun."""
    now = now or today()
    whole = Period.year(year)
    if whole.start > now:
        return None
    return Period(whole.start, min(whole.end, now))


def year_gone(year: int, *, now: datetime.date | None = None) -> Decimal:
    """The share of the year gone by `now`, a percentage with one decimal."""
    now = now or today()
    whole = Period.year(year)
    if now >= whole.end:
        return Decimal(100)
    if now < whole.start:
        return Decimal(0)
    days = (whole.end - whole.start).days + 1
    return (Decimal((now - whole.start).days + 1) * 100 / days).quantize(Decimal("0.1"))


def target_get(*, user: Any, pk: Any) -> Target:
    """One target in the user's scope; 404 alike for missing, not yours, and for a role
    that sees no targets (as the other domains' rows)."""
    rows = Target.objects.visible_to(user, TARGETS_VIEW).select_related("organization")
    return access(rows, user, pk)


def targets_of(*, user: Any, year: int, org: Organization) -> QuerySet[Target]:
    """The targets of the organization and of its children for the year."""
    rows = Target.objects.visible_to(user, TARGETS_VIEW).filter(year=year)
    mine = rows.filter(Q(organization=org) | Q(organization__parent=org))
    return mine.select_related("organization")


def target_lines(
    *, user: Any, year: int, org: Organization, now: datetime.date | None = None
) -> list[TargetLine]:
    """The targets of the organization and its children with their actuals, behind target
    first. One breakdown per indicator (one grouped query per measure) whatever the number
    of organizations."""
    now = now or today()
    period = target_period(year, now=now)
    targets = list(targets_of(user=user, year=year, org=org))
    by_code: dict[str, list[Target]] = {}
    for target in targets:
        by_code.setdefault(target.code, []).append(target)
    lines = []
    for code, group in by_code.items():
        ind = registry["indicators"].get(code)
        actuals = _actuals(user=user, ind=ind, period=period, org=org, group=group)
        lines.extend(target_line(t, ind, actuals.get(t.pk), now=now) for t in group)
    return sorted(lines, key=_urgency)


def _actuals(
    *, user: Any, ind: Indicator | None, period: Period | None, org: Organization, group: list
) -> dict[int, Figure]:
    if ind is None or period is None or not user.can(ind.permission):
        return {}
    children = any(t.organization_id != org.pk for t in group)
    found = breakdown(ind, user=user, period=period, org_path=org.path, by_child=children)
    nothing = Figure(None, 0, 0) if ind.kind == Kind.RATE else Figure(0)  # a child without rows
    own = {org.pk: found.total}
    return {
        t.pk: own.get(t.organization_id) or found.parts.get(t.organization_id, nothing)
        for t in group
    }


def target_line(
    target: Target,
    ind: Indicator | None,
    actual: Figure | None,
    *,
    now: datetime.date | None = None,
) -> TargetLine:
    """Judge the target by its actual: reached, ahead of the year's time, or behind."""
    now = now or today()
    if ind is None:
        return TargetLine(target, None, None, None, TargetStatus.PENDING)
    if actual is None or actual.value is None:
        return TargetLine(target, ind, actual, None, TargetStatus.NO_DATA)
    value, goal = Decimal(actual.value), target.value
    progress = _progress(value, goal)
    at_least = target.comparison == Comparison.AT_LEAST
    pace = year_gone(target.year, now=now) if ind.kind == Kind.FLOW and at_least else None
    if (value >= goal) if at_least else (value <= goal):
        status = TargetStatus.MET
    elif pace is not None and pace < 100 and progress is not None and progress >= pace:
        status = TargetStatus.ON_TRACK  # e.g. 60% of the unions by mid-year
    else:
        status = TargetStatus.BEHIND
    return TargetLine(target, ind, actual, progress, status, pace)


def _progress(value: Any, goal: Decimal) -> Decimal | None:
    """The actual as a percentage of the target, one decimal; None for no actual or target 0."""
    if value is None or not goal:
        return None
    return (Decimal(value) * 100 / goal).quantize(Decimal("0.1"))


def _urgency(line: TargetLine) -> tuple:
    # worst first among the behind: the least done of an "at least", the most over an "at most"
    progress = line.progress if line.progress is not None else Decimal(0)
    if line.target.comparison == Comparison.AT_MOST:
        progress = -progress
    return (STATUS_ORDER[line.status], progress, line.target.org_path, line.target.code)


@dataclass(frozen=True)
class TrendPoint:
    label: str  # "3月"
    end: datetime.date
    figure: Figure
    progress: Decimal | None  # of the target


def target_trend(
    *, user: Any, target: Target, ind: Indicator, now: datetime.date | None = None
) -> list[TrendPoint]:
    """The actual at the end of each month of the year up to today (a flow from 1 January,
    a stock at the month's end, a rate of the two), against the target line."""
    period = target_period(target.year, now=now)
    if period is None or not user.can(ind.permission):
        return []
    points = []
    for month in period.months():
        upto = Period(period.start, month.end)
        found = figure(ind, user=user, period=upto, org_path=target.organization.path)
        progress = _progress(found.value, target.value)
        points.append(TrendPoint(f"{month.start.month}月", month.end, found, progress))
    return points


def target_organizations(*, user: Any, org: Organization) -> QuerySet[Organization]:
    """The organization and its active children, in the tree's order: those whose targets
    the page shows (the services say which of them the user may set)."""
    rows = Organization.objects.visible_to(user).filter(Q(pk=org.pk) | Q(parent=org))
    return rows.filter(is_active=True).order_by("depth", "pk")  # not path text: "/1/10/" < "/1/2/"


def target_judged(*, user: Any, target: Target, now: datetime.date | None = None) -> TargetLine:
    """One target with its actual for the year so far (its detail page)."""
    ind = registry["indicators"].get(target.code)
    period = target_period(target.year, now=now)
    actual = None
    if ind is not None and period is not None and user.can(ind.permission):
        actual = figure(ind, user=user, period=period, org_path=target.organization.path)
    return target_line(target, ind, actual, now=now)
