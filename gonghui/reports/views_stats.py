"""The statistics section (统计报表, REPORT-1, issue #13): the catalog page (/stats/), one
indicator's page (/stats/<code>/) and the home page's figures.

Every figure is the catalog's (core.indicators through reports.queries), for the period and
organization the form gives; the charts are ECharts (static/js/stats.js) fed by the data the
page carries as JSON, not by a script of its own (the CSP allows none inline).
"""

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from gonghui.core.clock import today
from gonghui.core.indicators import Figure, Indicator, Kind, Period
from gonghui.core.lists import EXACT
from gonghui.core.views_utils import require
from gonghui.orgs.models import Organization

from . import queries
from .forms_stats import BreakdownForm, StatsForm
from .templatetags.indicator_tags import target_text

VIEW = "reports.view"
CATALOG = "reports/stats/catalog.html"
INDICATOR = "reports/stats/indicator.html"
BARS_MAX = 20  # the breakdown chart: the largest children past that many (the table has more)
# The breakdown table: a town has up to 1,300 grassroots unions; past this many, the largest.
LINES_MAX = 200


def indicator_url(code: str, query: dict[str, str], org: Organization | None = None) -> str:
    """An indicator's page for the same period (and another organization)."""
    params = {**query, **({"org": str(org.pk)} if org is not None else {})}
    path = reverse("reports:stats_indicator", args=[code])
    return f"{path}?{urlencode(params)}" if params else path


def _org_param(form: StatsForm, org: Organization) -> Organization | None:
    """The organization to keep in links: none when it is the user's own (the default)."""
    return None if org.pk == getattr(form.user, "organization_id", None) else org


@login_required
def catalog_page(request: HttpRequest) -> HttpResponse:
    require(request.user, VIEW)
    form = StatsForm(request.GET, user=request.user)
    context: dict[str, Any] = {"form": form, "filter_form": form, "section": "stats"}
    if not form.is_valid():  # said at the fields; no figures
        return render(request, CATALOG, context, status=form.error_status())
    period, org = form.period(), form.organization()
    query, keep = form.period_query(), _org_param(form, org)
    sections = queries.catalog_sections(user=request.user, period=period, org=org)
    context.update(
        period=period,
        org=org,
        sections=[
            (name, [(ind, fig, indicator_url(ind.code, query, keep)) for ind, fig in lines])
            for name, lines in sections
        ],
    )
    return render(request, CATALOG, context)


@login_required
def indicator_page(request: HttpRequest, code: str) -> HttpResponse:
    require(request.user, VIEW)
    ind = queries.visible_indicator(user=request.user, code=code)  # 404 unknown, 403 not yours
    form = StatsForm(request.GET, user=request.user)
    # the export button posts the page's period, organization and the indicator
    exported = BreakdownForm({**request.GET.dict(), "code": ind.code}, user=request.user)
    context: dict[str, Any] = {
        "form": form,
        "filter_form": exported,
        "ind": ind,
        "section": "stats",
    }
    if not form.is_valid():
        return render(request, INDICATOR, context, status=form.error_status())
    period, org = form.period(), form.organization()
    total, lines = queries.breakdown_lines(user=request.user, ind=ind, period=period, org=org)
    targets = queries.indicator_targets(user=request.user, ind=ind, period=period, org=org)
    points = queries.indicator_trend(user=request.user, ind=ind, period=period, org=org)
    query = form.period_query()
    shown = _largest(lines, LINES_MAX)
    rows = [_line_row(ind, line, period, query, targets) for line in shown]
    context.update(
        period=period,
        org=org,
        total=total,
        drill=_drill(ind, total, period, org.path),
        target=targets.get(org.pk),
        rows=rows,
        has_targets=any(r["target"] for r in rows),
        children=sum(1 for line in lines if line.org is not None),
        cut=len(shown) < len(lines),
        up=_up(form, org, ind, query),
        trend_chart=_trend_chart(ind, points, targets.get(org.pk)),
        bars_chart=_bars_chart(ind, rows),
    )
    return render(request, INDICATOR, context)


def _largest(lines: list[queries.ChildLine], most: int) -> list[queries.ChildLine]:
    """All the lines in the tree's order, or past `most` the largest (本级 kept first)."""
    if len(lines) <= most:
        return lines
    own = [line for line in lines if line.org is None]
    children = [line for line in lines if line.org is not None]
    children.sort(key=lambda line: (line.figure.value is None, -(line.figure.value or 0)))
    return own + children[: most - len(own)]


def _drill(ind: Indicator, fig: Figure, period: Period, path: str) -> list[tuple[str, Any, str]]:
    """(what, count, list URL) for each figure that has a list of its rows: a count its list,
    a rate its numerator's and its denominator's (none when the app gives no list)."""
    if ind.kind != Kind.RATE:
        measures = [("", fig.value, ind.measure)]
    else:
        measures = [
            ("分子", fig.numerator, ind.numerator),
            ("分母", fig.denominator, ind.denominator),
        ]
    return [
        (what, count, _exact(m.list_url(period, path)) if m.list_url else "")
        for what, count, m in measures
    ]


def _exact(url: str) -> str:
    """The list counts all its rows (core.lists: ?count=exact), so it says as many as the
    figure, past the cap too."""
    return f"{url}{'&' if '?' in url else '?'}count={EXACT}"


def _line_row(
    ind: Indicator,
    line: queries.ChildLine,
    period: Period,
    query: dict[str, str],
    targets: dict[int, Any],
) -> dict[str, Any]:
    child = line.org
    return {
        "name": line.name,
        "figure": line.figure,
        "url": indicator_url(ind.code, query, child) if child is not None else "",
        "lists": _drill(ind, line.figure, period, child.path) if child is not None else [],
        "target": targets.get(child.pk) if child is not None else None,
    }


def _up(form: StatsForm, org: Organization, ind: Indicator, query: dict[str, str]) -> dict | None:
    """The organization above, when it is in the user's scope (back up the drill-down)."""
    if org.pk == getattr(form.user, "organization_id", None) or org.parent_id is None:
        return None
    parent = Organization.objects.only("pk", "name").get(pk=org.parent_id)
    return {"name": parent.name, "url": indicator_url(ind.code, query, _org_param(form, parent))}


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def _point_labels(points: list[tuple[Period, Figure]]) -> list[str]:
    """ "3月" within one year, "2013-03" across years, "2013年" for a long range's years."""
    periods = [p for p, _f in points]
    if any((p.start.year, p.start.month) != (p.end.year, p.end.month) for p in periods):
        return [f"{p.start.year}年" for p in periods]
    if periods and periods[0].start.year == periods[-1].end.year:
        return [f"{p.start.month}月" for p in periods]
    return [f"{p.start.year}-{p.start.month:02d}" for p in periods]


def _trend_chart(ind: Indicator, points: list[tuple[Period, Figure]], target: Any) -> dict:
    """The monthly trend: a flow's months as bars with its running total as a line, a stock's
    month ends and a rate's months as a line; a target drawn across."""
    return {
        "type": "trend",
        "kind": str(ind.kind),
        "title": ind.title,
        "unit": ind.unit,
        "labels": _point_labels(points),
        "values": [_number(f.value) for _p, f in points],
        "target": _number(target.value) if target is not None else None,
        "target_label": f"目标 {target.sign} {target_text(target.value, ind.unit)}"
        if target is not None
        else "",
    }


def _bars_chart(ind: Indicator, rows: list[dict[str, Any]]) -> dict:
    shown = rows
    if len(rows) > BARS_MAX:
        shown = sorted(rows, key=lambda r: -(r["figure"].value or 0))[:BARS_MAX]
    return {
        "type": "bars",
        "sets": [
            {
                "title": ind.title,
                "unit": ind.unit,
                "labels": [r["name"] for r in shown],
                "values": [_number(r["figure"].value) for r in shown],
                "urls": [r["url"] for r in shown],
            }
        ],
        "cut": len(rows) > BARS_MAX,
        "height": max(160, 34 * len(shown) + 40),  # a bar per name of two lines at most
    }


# ---- the home page (core.registry Widget "reports.figures") ---------------------------------
# The home page shows a slot that loads the figures after the page (htmx), as the top bar's
# to-do badge does: the page costs no figure query, its to-dos come first, and a slow
# figure never holds it up.


def dashboard_widget(user: Any) -> dict[str, Any] | None:
    """The slot of the year's key figures; none for a user of no organization."""
    if getattr(user, "organization_id", None) is None:
        return None
    return {"year": today().year}


@login_required
def home_figures(request: HttpRequest) -> HttpResponse:
    """The year's key figures of the user's organization, each linking to its page, and a
    chart of its children's largest; a bar opens that child's page."""
    require(request.user, VIEW)
    context = _home_figures(request.user)
    if context is None:  # no organization: nothing to count
        return HttpResponse("")
    return render(request, "reports/widgets/figures_body.html", {"w": context})


def _home_figures(user: Any) -> dict[str, Any] | None:
    org = getattr(user, "organization", None)
    if org is None:
        return None
    year = today().year
    figures = queries.dashboard_figures(user=user, period=Period.year(year), org=org)
    query = {"year": str(year)}
    cards = [(f.indicator, f.figure, indicator_url(f.indicator.code, query)) for f in figures]
    charted = [f for f in figures if f.lines]
    chart = {
        "type": "bars",
        "sets": [
            {
                "title": f.indicator.title,
                "unit": f.indicator.unit,
                "labels": [line.name for line in f.lines],
                "values": [_number(line.figure.value) for line in f.lines],
                "urls": [indicator_url(f.indicator.code, query, line.org) for line in f.lines],
            }
            for f in charted
        ],
    }
    return {"year": year, "org": org, "cards": cards, "chart": chart, "charted": charted}
