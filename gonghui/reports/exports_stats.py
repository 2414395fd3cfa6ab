"""The catalog page's table as .xlsx (core.exports: the one list export, in the background,
audited with its filters, every cell formula-safe): each indicator the user may see with its
figure for the page's period and organization, and its definition."""

from typing import Any

from gonghui.core.exports import Column, ListExport
from gonghui.core.indicators import Kind

from . import queries
from .forms_stats import StatsForm


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
