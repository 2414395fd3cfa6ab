"""Indicators of collective contracts (DEMO-1): the establishment rates of the wage, general
and women's special contracts (the wage one also by ownership, as the report counts it),
contracts signed in the period and contracts ending within 90 days.

A rate is taken on the period's end (today for a period not yet over): unionized employers
covered by a contract of the kind in force that day ÷ unionized employers that day, over the
employers' own `org_path` (their union's). Both measures are `queries.contracts`' lists, and
each drills down to the rate page showing exactly those employers.
"""

import datetime
from typing import Any
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.urls import reverse

from gonghui.core.clock import today
from gonghui.core.indicators import Indicator, Kind, Measure, Period, register_indicator

from ..choices import ContractKind
from ..models import CollectiveContract
from ..queries.contracts import (
    OWNERSHIP_GROUPS,
    STATS,
    covered_employers,
    expiring_q,
    unionized_employers,
)

SECTION = "民主管理"
CAPABILITY = "DEMO-1"
RATES = {  # kind: (code, title)
    ContractKind.WAGE: ("democracy.wage_bargaining.rate", "工资集体协商建制率"),
    ContractKind.GENERAL: ("democracy.general_contract.rate", "综合集体合同建制率"),
    ContractKind.WOMEN: ("democracy.women_contract.rate", "女职工权益保护专项集体合同覆盖率"),
}
SIGNED = "democracy.contracts.signed"
ENDING = "democracy.contracts.ending"


def rate_day(period: Period) -> datetime.date:
    """A rate's day: the period's end, or today for a period not yet over."""
    return min(period.end, today())


def _org(org_path: str) -> dict[str, str]:
    under = org_path.rstrip("/").rpartition("/")[2]
    return {"org": under} if under.isdigit() else {}


def _url(name: str, org_path: str, **params: Any) -> str:
    given = {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in params.items()}
    return f"{reverse(name)}?{urlencode({**given, **_org(org_path)})}"


def _covered(kind: str, ownership: str = ""):
    return lambda period: covered_employers(kind, rate_day(period), ownership)


def _unionized(ownership: str = ""):
    return lambda period: unionized_employers(rate_day(period), ownership)


def _rate_url(kind: str, which: str, ownership: str = ""):
    def url(period: Period, org_path: str) -> str:
        params = {"on": rate_day(period), "kind": kind, "list": which}
        if ownership:
            params["ownership"] = ownership
        return _url("democracy:contract_rates", org_path, **params)

    return url


def contracts_signed(period: Period) -> QuerySet[CollectiveContract]:
    return CollectiveContract.objects.filter(signed_on__range=(period.start, period.end))


def contracts_ending(period: Period) -> QuerySet[CollectiveContract]:
    return CollectiveContract.objects.filter(expiring_q(rate_day(period)))


def _indicator(**fields: Any) -> None:
    register_indicator(
        Indicator(section=SECTION, capability=CAPABILITY, permission=STATS, **fields)
    )


def _rate(code: str, title: str, kind: str, order: int, definition: str, ownership: str = ""):
    _indicator(
        code=code,
        title=title,
        unit="%",
        kind=Kind.RATE,
        order=order,
        definition=definition,
        numerator=Measure(
            query=_covered(kind, ownership), list_url=_rate_url(kind, "covered", ownership)
        ),
        denominator=Measure(
            query=_unionized(ownership), list_url=_rate_url(kind, "all", ownership)
        ),
    )


DEFINITION = (
    "统计期末（本期未结束的为今天）已建会单位中，由有效的{kind}（本单位签订的，或覆盖该单位的行业性、"
    "区域性合同；已生效、在期限内、未终止）覆盖的单位数 ÷ 已建会单位数（已成立工会的单位，未登记成立日期的按已成立计）。"
)


def register() -> None:
    for order, (kind, (code, title)) in enumerate(RATES.items(), start=10):
        text = DEFINITION.format(kind=ContractKind(kind).label)
        if kind == ContractKind.WAGE:
            text += "报告“全区工资集体协商建制率达85%”；2014年目标90%以上。"
        if kind == ContractKind.WOMEN:
            text += "报告“女职工权益保护专项集体合同基本实现覆盖”。"
        _rate(code, title, kind, order, text)
    for order, (group, label) in enumerate(OWNERSHIP_GROUPS.items(), start=20):
        _rate(
            f"democracy.wage_bargaining.rate.{group}",
            f"{label}工资集体协商建制率",
            ContractKind.WAGE,
            order,
            f"同工资集体协商建制率，限于{label}"
            + (
                "（报告“国有和集体企业、世界500强企业工资集体协商100%签订”）。"
                if group != "private"
                else "。"
            ),
            ownership=group,
        )
    _indicator(
        code=SIGNED,
        title="签订集体合同",
        unit="份",
        kind=Kind.FLOW,
        order=40,
        definition="签订日期在统计期内的集体合同（各类、各状态，含续签），按签约工会计。",
        measure=Measure(
            query=contracts_signed,
            date="signed_on",
            list_url=lambda period, org_path: _url(
                "democracy:contract_list", org_path, signed_from=period.start, signed_to=period.end
            ),
        ),
    )
    _indicator(
        code=ENDING,
        title="90日内到期的集体合同",
        unit="份",
        kind=Kind.STOCK,
        order=45,
        definition="统计期末（本期未结束的为今天）已生效、在此后90日内期满、尚未续签的集体合同。",
        measure=Measure(
            query=contracts_ending,
            list_url=lambda period, org_path: _url(
                "democracy:contract_list", org_path, ending="yes", on=rate_day(period)
            ),
        ),
    )
