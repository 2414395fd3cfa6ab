"""API of the indicator catalog (REPORT-1, issue #13): the catalog with its definitions, one
indicator for a period and organization with its breakdown, the whole catalog at once."""

import datetime
from decimal import Decimal

from ninja import Field, Query, Router, Schema

from gonghui.core.clock import today
from gonghui.core.indicators import catalog
from gonghui.core.permissions import require
from gonghui.core.scope import access
from gonghui.orgs.models import Organization

from . import queries, services

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


# ---- targets (REPORT-2) ----------------------------------------------------------------------

TARGETS = ["目标管理"]


class TargetsQuery(Schema):
    year: int | None = Field(None, ge=queries.YEAR_MIN, le=queries.YEAR_MAX, description="年度")
    org_id: int | None = Field(None, description="组织编号；不填为本人所属组织")


class TargetOut(Schema):
    id: int
    code: str
    title: str | None = Field(description="指标名称；指标尚未上线时为空")
    unit: str
    pending: bool = Field(description="指标待上线：尚无实际值")
    year: int
    org_id: int
    org_name: str
    value: Decimal = Field(description="目标值；比率为百分数")
    comparison: str = Field(description="at_least：不低于；at_most：不高于")
    note: str
    actual: Decimal | int | None = Field(description="实际值（当年截至今天）")
    numerator: Decimal | int | None = None
    denominator: Decimal | int | None = None
    progress: Decimal | None = Field(description="完成进度：实际占目标的百分比")
    status: str = Field(description="behind、on_track、met、no_data、pending")
    status_label: str
    version: int
    set_by_name: str
    set_at: datetime.datetime


class TargetsOut(Schema):
    year: int
    org_id: int
    org_name: str
    targets: list[TargetOut] = Field(description="本组织及其下级组织的目标，落后的在前")


class TrendPointOut(Schema):
    month: str
    end: datetime.date
    value: Decimal | int | None
    progress: Decimal | None


class TargetDetailOut(TargetOut):
    trend: list[TrendPointOut] = Field(description="每月末（截至今天）的实际值")


class TargetIn(Schema):
    code: str = Field(max_length=80, description="指标代码")
    year: int = Field(ge=queries.YEAR_MIN, le=queries.YEAR_MAX)
    org_id: int
    value: Decimal = Field(description="目标值；比率填百分数（0–100），数量填整数")
    comparison: str = Field("at_least", max_length=10)
    note: str = Field("", max_length=300)
    version: int | None = Field(None, description="修改已有目标时，所读到的版本")


def _target(line: queries.TargetLine) -> dict:
    t, ind, actual = line.target, line.indicator, line.actual
    return {
        "id": t.pk,
        "code": t.code,
        "title": ind.title if ind else None,
        "unit": ind.unit if ind else "",
        "pending": ind is None,
        "year": t.year,
        "org_id": t.organization_id,
        "org_name": t.organization.name,
        "value": t.value,
        "comparison": t.comparison,
        "note": t.note,
        "actual": actual.value if actual else None,
        "numerator": actual.numerator if actual else None,
        "denominator": actual.denominator if actual else None,
        "progress": line.progress,
        "status": str(line.status),
        "status_label": line.status_label,
        "version": t.version,
        "set_by_name": t.set_by_name,
        "set_at": t.set_at,
    }


@router.get("/targets", response=TargetsOut, tags=TARGETS)
def list_targets(request, q: Query[TargetsQuery]):
    """The year's targets of an organization and of its children, with actual and progress."""
    require(request.user, queries.TARGETS_VIEW)
    org = queries.organization_of(user=request.user, org_id=q.org_id)
    year = q.year or today().year
    lines = queries.target_lines(user=request.user, year=year, org=org)
    return {
        "year": year,
        "org_id": org.pk,
        "org_name": org.name,
        "targets": [_target(line) for line in lines],
    }


@router.get("/targets/{target_id}", response=TargetDetailOut, tags=TARGETS)
def get_target(request, target_id: int):
    """One target with its actual and its trend through the year."""
    target = queries.target_get(user=request.user, pk=target_id)
    line = queries.target_judged(user=request.user, target=target)
    trend = []
    if line.indicator is not None:
        trend = queries.target_trend(user=request.user, target=target, ind=line.indicator)
    points = [
        {"month": p.label, "end": p.end, "value": p.figure.value, "progress": p.progress}
        for p in trend
    ]
    return {**_target(line), "trend": points}


@router.post("/targets", response={200: TargetOut, 201: TargetOut}, tags=TARGETS)
def set_target(request, payload: TargetIn):
    """Set a target (201), or change the one there is for the indicator, year and
    organization (200). The district sets its own and its towns', a town its grassroots
    unions'."""
    require(request.user, services.SET)
    org = access(Organization, request.user, payload.org_id, field="org_id")
    target = services.target_set(
        actor=request.user, organization=org, **payload.dict(exclude={"org_id"})
    )
    line = queries.target_judged(user=request.user, target=target)
    return (201 if target.version == 1 else 200), _target(line)


@router.delete("/targets/{target_id}", response={204: None}, tags=TARGETS)
def remove_target(request, target_id: int, version: int | None = None):
    """Remove a target (with `version`, only if nobody changed it since)."""
    target = queries.target_get(user=request.user, pk=target_id)
    services.target_remove(actor=request.user, target=target, version=version)
    return 204, None
