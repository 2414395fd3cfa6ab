"""The statistics pages' tables as .xlsx (core.exports: the one list export, in the
background, audited with its filters, every cell formula-safe): the catalog (each indicator
the user may see with its figure for the page's period and organization, and its
definition) and an indicator's breakdown by child organization."""

from typing import Any

from gonghui.core.exports import Column, ListExport
from gonghui.core.indicators import Figure, Kind, indicator

from . import queries
from .forms_stats import BreakdownForm, StatsForm


def catalog_rows(user: Any, filters: dict[str, Any]) -> list[tuple]:
    """The rows the catalog page shows for these filters (the page's own defaults when they
    are none or no longer valid: the current year, the user's organization)."""
    form = StatsForm(filters, user=user)
    if not form.is_valid():
        form = StatsForm({}, user=user)
        form.is_valid()
    period, org = form.period(), form.organization()
    rows = []
    for section, lines in queries.catalog_sections(user=user, period=period, org=org):
        for ind, fig in lines:
            rate = ind.kind == Kind.RATE
            rows.append(
                (
                    period.label,
                    org.name,
                    section,
                    ind.title,
                    fig.value,
                    ind.unit,
                    fig.numerator if rate else None,
                    fig.denominator if rate else None,
                    ind.definition,
                    ind.code,
                )
            )
    return rows


HEADERS = ("统计期", "组织", "分类", "指标", "数值", "单位", "分子", "分母", "口径", "指标代码")

CATALOG = ListExport(
    name="reports.stats",
    label="统计指标",
    permission="reports.view",
    filter_form=StatsForm,
    rows=catalog_rows,
    columns=tuple(
        Column(header, (lambda r, i=i: r[i]), text=header == "指标代码")
        for i, header in enumerate(HEADERS)
    ),
    list_url="reports:stats",
    audit_action="reports.stats.exported",
)


def breakdown_rows(user: Any, filters: dict[str, Any]) -> list[tuple]:
    """The indicator page's table for these filters: the organization's figure, then one
    line per child (本级 first where it means something); none for a code no longer valid."""
    form = BreakdownForm(filters, user=user)
    if not form.is_valid():
        return []
    ind, period, org = indicator(form.cleaned_data["code"]), form.period(), form.organization()
    total, lines = queries.breakdown_lines(user=user, ind=ind, period=period, org=org)
    named = [(f"{org.name}（合计）", total)] + [(line.name, line.figure) for line in lines]
    return [_breakdown_row(ind, period.label, name, fig) for name, fig in named]


def _breakdown_row(ind: Any, period: str, name: str, fig: Figure) -> tuple:
    rate = ind.kind == Kind.RATE
    numerator, denominator = (fig.numerator, fig.denominator) if rate else (None, None)
    return (period, ind.title, name, fig.value, ind.unit, numerator, denominator, ind.code)


BREAKDOWN_HEADERS = ("统计期", "指标", "组织", "数值", "单位", "分子", "分母", "指标代码")

BREAKDOWN = ListExport(
    name="reports.stats.breakdown",
    label="指标下级分布",
    permission="reports.view",
    filter_form=BreakdownForm,
    rows=breakdown_rows,
    columns=tuple(
        Column(header, (lambda r, i=i: r[i]), text=header == "指标代码")
        for i, header in enumerate(BREAKDOWN_HEADERS)
    ),
    list_url="reports:stats_indicator",
    list_url_args=("code",),
    audit_action="reports.stats.exported",
)
