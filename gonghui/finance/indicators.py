"""The finance figures in the indicator catalog (section 经费, FUND-1…3): what the tax bureau
collected, how it was allocated to each level, what was refunded to the grassroots unions and
what is due to them unpaid, and the report's "确保60%的工会经费按时足额返拨到缴费单位"
(`finance.refund.on_time_rate`, the 2014 target reports/demo.py sets).

- Collected: Σ `Collection.amount` of every row collected in the period (`collected_on`):
  a corrected row, its reversal (negative) and the new row all count, so a correction nets
  out to what was finally collected. By the employer's place (`org_path`).
- Allocated: Σ of each part of the allocations of the collections of the period (by
  `collected_on`, as the rule is chosen), by the paying employer's place (the collection's
  `org_path`: `Allocation.SCOPE_FIELDS`), so a town's figure is what its employers' money
  gave each level.
- Refunded: Σ `RefundLine.amount` paid in the period (`paid_on`), by the union's place.
- The on-time rate: the union fund's retained share refunded on time (Σ `share_amount` of
  the lines of the period's months paid by their `due_on`) over the union fund collected for
  those months (Σ `amount` by `period`): refunding every retained share on time gives the
  rule's union share (60 %), as the report counts it.
"""

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.db.models import ExpressionWrapper, F, Min, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse

from gonghui.core.indicators import Indicator, Kind, Measure, Period, register_indicator
from gonghui.core.money import ZERO, MoneyField
from gonghui.orgs.choices import OrgKind
from gonghui.orgs.models import Organization

from .choices import CollectionState, FundKind, RefundState
from .models import Allocation, Collection, RefundLine

STATS = "finance.stats"
SECTION = "经费"
COLLECTION, ALLOCATION, REFUND = "FUND-1", "FUND-2", "FUND-3"
_BY_PLACE = "按缴费单位所在组织统计（工会经费为其工会，筹备金为其镇街）。"


def _org(org_path: str) -> dict[str, str]:
    """The lists' `org` (the subtree's organization: the path's last id); none for "/"."""
    last = org_path.rstrip("/").rsplit("/", 1)[-1]
    return {"org": last} if last.isdigit() else {}


def _url(name: str, org_path: str, params: list[tuple[str, str]]) -> str:
    return f"{reverse(name)}?{urlencode([*params, *_org(org_path).items()])}"


def _span(prefix: str, period: Period) -> list[tuple[str, str]]:
    return [(f"{prefix}_from", period.start.isoformat()), (f"{prefix}_to", period.end.isoformat())]


def _months(period: Period) -> tuple[datetime.date, datetime.date]:
    """The months (their first days: `period` columns) the period spans."""
    return period.start.replace(day=1), period.end.replace(day=1)


# ---- collections (FUND-1) -------------------------------------------------------------------


def collected(kind: str = "") -> Callable[[Period], QuerySet[Collection]]:
    """Every row collected in the period (reversed ones and reversals too: they net out)."""

    def rows(period: Period) -> QuerySet[Collection]:
        found = Collection.objects.filter(collected_on__range=(period.start, period.end))
        return found.filter(fund_kind=kind) if kind else found

    return rows


def collected_url(kind: str = "") -> Callable[[Period, str], str]:
    def url(period: Period, org_path: str) -> str:
        params = _span("collected", period)
        if kind:
            params.append(("fund_kind", kind))
        return _url("finance:collection_list", org_path, params)

    return url


def payers_without_union(period: Period) -> QuerySet[Collection]:
    """One row per payer (USCC) with a standing (not reversed, not a reversal)
    preparation-fund row of the period's months: its first such row (the list
    `finance:payers_without_union` has a line per USCC, matched to an employer or not)."""
    paid = Collection.objects.filter(
        fund_kind=FundKind.PREPARATION, period__range=_months(period), reverses__isnull=True
    ).exclude(state=CollectionState.REVERSED)
    first = paid.order_by().values("uscc").annotate(first=Min("pk")).values("first")
    return Collection.objects.filter(pk__in=first)


def payers_without_union_url(period: Period, org_path: str) -> str:
    return _url("finance:payers_without_union", org_path, _months_span(period))


# ---- allocation (FUND-2) --------------------------------------------------------------------


def allocated(kind: str = "") -> Callable[[Period], QuerySet[Allocation]]:
    """The allocations of the collections collected in the period (of one fund kind)."""

    def rows(period: Period) -> QuerySet[Allocation]:
        found = Allocation.objects.filter(collected_on__range=(period.start, period.end))
        return found.filter(fund_kind=kind) if kind else found

    return rows


def allocated_url(kind: str = "") -> Callable[[Period, str], str]:
    def url(period: Period, org_path: str) -> str:
        params = _span("collected", period)
        if kind:
            params.append(("fund_kind", kind))
        return _url("finance:allocation_list", org_path, params)

    return url


def _plus(*names: str) -> ExpressionWrapper:
    """Parts summed per row, as money (two places: SQLite sums them as floats)."""
    total = F(names[0])
    for name in names[1:]:
        total = total + F(name)
    return ExpressionWrapper(total, output_field=MoneyField())


# (code, title, the parts summed, fund kind, what the definition says of it)
LEVELS: list[tuple[str, str, Any, str, str]] = [
    ("total", "经费分配合计", "amount", "", "已分配的代收金额之和"),
    (
        "unions",
        "分配给基层工会（留成及额外返还）",
        _plus("union_part", "extra_refund_part"),
        FundKind.UNION_FUND,
        "工会经费分配中缴费单位工会留成与区级留成额外返还部分之和（应返拨给基层工会）",
    ),
    (
        "preparation",
        "代管工会筹备金（留成部分）",
        _plus("union_part", "extra_refund_part"),
        FundKind.PREPARATION,
        "工会筹备金分配中留成与额外返还部分之和（未建会，由镇街代管）",
    ),
    (
        "towns",
        "分配给镇街（系统）工会",
        _plus("town_part", "town_retained_part"),
        "",
        "镇街（系统）工会分成与区级留成分给镇街部分之和",
    ),
    ("district", "区总工会留成", "district_part", "", "区级留成中区总工会所得部分之和"),
    ("city", "上解市总工会", "city_part", "", "市总工会分成之和"),
    ("province", "上解省总工会", "province_part", "", "省总工会分成之和"),
    ("national", "上解全国总工会", "national_part", "", "全国总工会分成之和"),
]


# ---- refunds (FUND-3) -----------------------------------------------------------------------


def refunded(period: Period) -> QuerySet[RefundLine]:
    return RefundLine.objects.filter(
        state=RefundState.PAID, paid_on__range=(period.start, period.end)
    )


def refunded_url(period: Period, org_path: str) -> str:
    params = [("state", RefundState.PAID.value), *_span("paid", period)]
    return _url("finance:refund_list", org_path, params)


def refunded_on_time(period: Period) -> QuerySet[RefundLine]:
    """The refund lines of the period's months paid by their due date."""
    return RefundLine.objects.filter(
        state=RefundState.PAID, period__range=_months(period), paid_on__lte=F("due_on")
    )


def refunded_on_time_url(period: Period, org_path: str) -> str:
    params = [("state", RefundState.PAID.value), ("on_time", "yes"), *_months_span(period)]
    return _url("finance:refund_list", org_path, params)


def union_fund_of_months(period: Period) -> QuerySet[Collection]:
    """The union fund collected for the period's months (every row: corrections net out)."""
    return Collection.objects.filter(fund_kind=FundKind.UNION_FUND, period__range=_months(period))


def union_fund_of_months_url(period: Period, org_path: str) -> str:
    params = [("fund_kind", FundKind.UNION_FUND.value), *_months_span(period)]
    return _url("finance:collection_list", org_path, params)


def _months_span(period: Period) -> list[tuple[str, str]]:
    first, last = _months(period)
    return [("period_from", f"{first:%Y-%m}"), ("period_to", f"{last:%Y-%m}")]


HALF_FEN = Decimal("0.005")


def due_unpaid(period: Period) -> QuerySet[Organization]:
    """The grassroots unions owed money at the period's end, each annotated with what
    (`owed`): Σ union part + extra refund of their union-fund allocations collected by
    then − Σ their refund lines paid by then (a failed line is not paid)."""
    end = period.end
    allocated = (
        Allocation.objects.filter(
            union=OuterRef("pk"), fund_kind=FundKind.UNION_FUND, collected_on__lte=end
        )
        .order_by()
        .values("union")
        .annotate(total=Sum(F("union_part") + F("extra_refund_part")))
        .values("total")
    )
    paid = (
        RefundLine.objects.filter(union=OuterRef("pk"), state=RefundState.PAID, paid_on__lte=end)
        .order_by()
        .values("union")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    owed = Coalesce(Subquery(allocated), ZERO) - Coalesce(Subquery(paid), ZERO)
    return (
        Organization.objects.filter(kind=OrgKind.GRASSROOTS)
        .annotate(owed=ExpressionWrapper(owed, output_field=MoneyField()))
        .filter(owed__gt=HALF_FEN)  # SQLite sums in floating point: 0 may come back 1e-12
    )


def due_unpaid_url(period: Period, org_path: str) -> str:
    return _url("finance:due_unpaid", org_path, [("on", period.end.isoformat())])


# ---- the catalog ----------------------------------------------------------------------------


def _indicator(**fields: Any) -> None:
    register_indicator(Indicator(section=SECTION, permission=STATS, own_meaningful=True, **fields))


def _register_collections() -> None:
    for order, (kind, what, title) in enumerate(
        (
            (FundKind.UNION_FUND, "union_fund", "税务代收工会经费"),
            (FundKind.PREPARATION, "preparation", "税务代收工会筹备金"),
            ("", "total", "税务代收经费合计"),
        ),
        start=700,
    ):
        label = {"": "工会经费与工会筹备金"}.get(kind, FundKind(kind).label if kind else "")
        _indicator(
            code=f"finance.collected.{what}",
            title=title,
            unit="元",
            kind=Kind.FLOW,
            capability=COLLECTION,
            order=order,
            definition=(
                f"代收日期在统计期内的税务代收{label}金额之和（元）；更正的记录、其冲销（负数）与"
                f"更正后的记录都计入，相抵后为实收。{_BY_PLACE}"
            ),
            measure=Measure(
                query=collected(kind),
                value="amount",
                list_url=collected_url(kind),
                date="collected_on",
            ),
        )
    _indicator(
        code="finance.payers_without_union",
        title="未建会缴费单位",
        unit="家",
        kind=Kind.FLOW,
        capability=COLLECTION,
        order=705,
        definition=(
            "所属期在统计期内有工会筹备金代收（未冲销）的缴费单位数（按统一社会信用代码，含尚未"
            "匹配到单位库的）：已缴费而未建工会，是组建工会的线索。"
        ),
        measure=Measure(query=payers_without_union, list_url=payers_without_union_url),
    )


def _register_allocation() -> None:
    for order, (code, title, value, kind, what) in enumerate(LEVELS, start=710):
        _indicator(
            code=f"finance.allocated.{code}",
            title=title,
            unit="元",
            kind=Kind.FLOW,
            capability=ALLOCATION,
            order=order,
            definition=(
                f"代收日期在统计期内的代收记录按其代收日期适用的分配方案分配后，{what}（元）。"
                f"{_BY_PLACE}"
            ),
            measure=Measure(
                query=allocated(kind),
                value=value,
                path="collection__org_path",
                list_url=allocated_url(kind),
                date="collected_on",
            ),
        )


def _register_refunds() -> None:
    _indicator(
        code="finance.refunded",
        title="已返拨基层工会经费",
        unit="元",
        kind=Kind.FLOW,
        capability=REFUND,
        order=730,
        definition="返拨日期在统计期内、银行回盘成功的返拨金额之和（元；留成与额外返还），按工会统计。",
        measure=Measure(query=refunded, value="amount", list_url=refunded_url, date="paid_on"),
    )
    _indicator(
        code="finance.refund.due_unpaid",
        title="应返未返基层工会经费",
        unit="元",
        kind=Kind.STOCK,
        capability=REFUND,
        order=731,
        definition=(
            "统计期末已分配给基层工会（留成与额外返还）而到期末尚未返拨成功的金额（元）：期末"
            "前分配的减去期末前已返拨的，按工会统计。"
        ),
        measure=Measure(query=due_unpaid, value="owed", path="path", list_url=due_unpaid_url),
    )
    _indicator(
        code="finance.refund.on_time_rate",
        title="工会经费按时足额返拨比例",
        unit="%",
        kind=Kind.RATE,
        capability=REFUND,
        order=732,
        definition=(
            "所属期在统计期内的工会经费中，在返拨期限内返拨成功的缴费单位工会留成部分之和，占"
            "同期代收工会经费之和的百分比；留成部分全部按时返拨即为方案的留成比例（60%）。报告"
            "“确保60%的工会经费按时足额返拨到缴费单位”。"
        ),
        numerator=Measure(
            query=refunded_on_time,
            value="share_amount",
            list_url=refunded_on_time_url,
            date="period",
        ),
        denominator=Measure(
            query=union_fund_of_months,
            value="amount",
            list_url=union_fund_of_months_url,
            date="period",
        ),
    )


def register() -> None:
    _register_collections()
    _register_allocation()
    _register_refunds()
