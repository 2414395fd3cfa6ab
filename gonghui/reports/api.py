"""API of the indicator catalog (REPORT-1, issue #13): the catalog with its definitions, one
indicator for a period and organization with its breakdown, the whole catalog at once."""

import datetime
from decimal import Decimal

from ninja import Field, Query, Router, Schema

from gonghui.core.indicators import catalog

from . import queries

router = Router(tags=["统计指标"])


class IndicatorOut(Schema):
    code: str
    title: str
    unit: str
    kind: str = Field(description="flow：期间发生数；stock：期末数；rate：比率（%）")
    section: str
    capability: str
    definition: str = Field(description="口径")


class PeriodQuery(Schema):
    year: int | None = Field(None, ge=queries.YEAR_MIN, le=queries.YEAR_MAX, description="年份")
    start: datetime.date | None = Field(None, description="开始日期（与结束日期一起，代替年份）")
    end: datetime.date | None = Field(None, description="结束日期（期末数按此日计）")
    org_id: int | None = Field(None, description="组织编号；不填为本人所属组织")


class PeriodOut(Schema):
    start: datetime.date
    end: datetime.date
    label: str


class FigureOut(Schema):
    value: Decimal | int | None = Field(description="比率为百分数（一位小数），分母为0时为空")
    numerator: Decimal | int | None = None
    denominator: Decimal | int | None = None


class PartOut(FigureOut):
    org_id: int | None = Field(description="下级组织编号；空为本级")
    name: str


class IndicatorValueOut(FigureOut):
    code: str
    title: str
    unit: str


class IndicatorFigureOut(IndicatorValueOut):
    period: PeriodOut
    org_id: int
    org_name: str
    breakdown: list[PartOut]


class CatalogFiguresOut(Schema):
    period: PeriodOut
    org_id: int
    org_name: str
    indicators: list[IndicatorValueOut]


def _figure(f) -> dict:
    return {"value": f.value, "numerator": f.numerator, "denominator": f.denominator}


def _period(p) -> dict:
    return {"start": p.start, "end": p.end, "label": p.label}


def _resolve(request, q: PeriodQuery):
    period = queries.period_of(year=q.year, start=q.start, end=q.end)
    return period, queries.organization_of(user=request.user, org_id=q.org_id)


@router.get("/indicators", response=list[IndicatorOut])
def list_indicators(request):
    """The indicators you may see, with their definitions (口径)."""
    return [{**i.__dict__, "kind": str(i.kind)} for i in catalog(request.user)]


@router.get("/indicators/values", response=CatalogFiguresOut)
def catalog_values(request, q: Query[PeriodQuery]):
    """Every indicator you may see, for one period and organization."""
    period, org = _resolve(request, q)
    figures = queries.catalog_figures(user=request.user, period=period, org=org)
    return {
        "period": _period(period),
        "org_id": org.pk,
        "org_name": org.name,
        "indicators": [
            {"code": i.code, "title": i.title, "unit": i.unit, **_figure(f)} for i, f in figures
        ],
    }


@router.get("/indicators/{code}", response=IndicatorFigureOut)
def indicator_value(request, code: str, q: Query[PeriodQuery]):
    """One indicator for a period and organization, with one line per child organization."""
    ind = queries.visible_indicator(user=request.user, code=code)
    period, org = _resolve(request, q)
    total, parts = queries.indicator_parts(user=request.user, ind=ind, period=period, org=org)
    return {
        "code": ind.code,
        "title": ind.title,
        "unit": ind.unit,
        **_figure(total),
        "period": _period(period),
        "org_id": org.pk,
        "org_name": org.name,
        "breakdown": [{"org_id": p.org_id, "name": p.name, **_figure(p.figure)} for p in parts],
    }
