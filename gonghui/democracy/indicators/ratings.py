"""The rating's figures in the indicator catalog (section 民主管理, DEMO-3): the report's
"评选出和谐劳动关系A级企业208家、2A级企业14家、3A级企业8家，表扬了89名'关爱员工的优秀企业家'和
195名'热爱企业的优秀员工'", for any period and subtree.

- Employers rated A / 2A / 3A: applications rated in rounds whose results were published
  (`decided_on`) in the period — a year's round is published in its year.
- Employers holding a valid rating at the period's end (one per employer).
- Caring-employer and devoted-employee awards given in rounds published in the period.

A row's place is its `org_path`: the applying (nominating) union's.
"""

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.urls import reverse

from gonghui.core.indicators import Indicator, Kind, Measure, Period, register_indicator

from ..choices import ApplicationState, AwardKind, AwardState, RatingLevel
from ..models import AwardNomination, RatingApplication
from ..queries.ratings import valid_ratings

STATS = "democracy.stats"
SECTION = "民主管理"
LEVEL_CODES = ((RatingLevel.A, "a"), (RatingLevel.AA, "aa"), (RatingLevel.AAA, "aaa"))
REPORT = {
    "a": 208,
    "aa": 14,
    "aaa": 8,
    AwardKind.CARING_EMPLOYER: 89,
    AwardKind.DEVOTED_EMPLOYEE: 195,
}


def _org(org_path: str) -> list[tuple[str, str]]:
    last = org_path.rstrip("/").rsplit("/", 1)[-1]
    return [("org", last)] if last.isdigit() else []


def _url(name: str, org_path: str, params: list[tuple[str, str]]) -> str:
    return f"{reverse(name)}?{urlencode([*params, *_org(org_path)])}"


def _period(period: Period) -> list[tuple[str, str]]:
    """The lists' period: the published dates (a round's year is the year it is published)."""
    return [("decided_from", period.start.isoformat()), ("decided_to", period.end.isoformat())]


def _published(period: Period) -> dict[str, Any]:
    return {"round__decided_on__range": (period.start, period.end)}


def rated(level: str) -> Callable[[Period], QuerySet[RatingApplication]]:
    def rows(period: Period) -> QuerySet[RatingApplication]:
        return RatingApplication.objects.filter(
            state=ApplicationState.RATED, level=level, **_published(period)
        )

    return rows


def rated_url(level: str) -> Callable[[Period, str], str]:
    def url(period: Period, org_path: str) -> str:
        params = [("state", ApplicationState.RATED.value), ("level", level), *_period(period)]
        return _url("democracy:application_list", org_path, params)

    return url


def valid(period: Period) -> QuerySet[RatingApplication]:
    return valid_ratings(period.end)


def valid_url(period: Period, org_path: str) -> str:
    return _url("democracy:rated_list", org_path, [("on", period.end.isoformat())])


def awarded(kind: str) -> Callable[[Period], QuerySet[AwardNomination]]:
    def rows(period: Period) -> QuerySet[AwardNomination]:
        return AwardNomination.objects.filter(
            state=AwardState.AWARDED, kind=kind, **_published(period)
        )

    return rows


def awarded_url(kind: str) -> Callable[[Period, str], str]:
    def url(period: Period, org_path: str) -> str:
        params = [("state", AwardState.AWARDED.value), ("kind", kind), *_period(period)]
        return _url("democracy:award_list", org_path, params)

    return url


def _indicator(**fields: Any) -> None:
    register_indicator(Indicator(section=SECTION, permission=STATS, own_meaningful=True, **fields))


def register() -> None:
    for i, (level, code) in enumerate(LEVEL_CODES):
        _indicator(
            code=f"democracy.ratings.{code}",
            title=f"和谐劳动关系{level.label}企业",
            unit="家",
            kind=Kind.FLOW,
            capability="DEMO-3",
            order=350 + i,
            definition=(
                f"评定结果公布日期在统计期内、评定为{level.label}的企业（按申报工会统计）；"
                f"报告“评选出和谐劳动关系{level.label}企业{REPORT[code]}家”。"
            ),
            measure=Measure(
                query=rated(level), list_url=rated_url(level), date="round__decided_on"
            ),
        )
    _indicator(
        code="democracy.ratings.valid",
        title="和谐劳动关系企业（有效期内）",
        unit="家",
        kind=Kind.STOCK,
        capability="DEMO-3",
        order=353,
        definition="统计期末评定结果仍在有效期内的企业，每家企业按最近一次评定计一次。",
        measure=Measure(query=valid, list_url=valid_url),
    )
    for i, kind in enumerate(AwardKind):
        _indicator(
            code=f"democracy.awards.{kind.value}",
            title=f"表扬“{kind.label}”",
            unit="名",
            kind=Kind.FLOW,
            capability="DEMO-3",
            order=355 + i,
            definition=(
                f"评定结果公布日期在统计期内、获表扬的“{kind.label}”（按推荐工会统计）；"
                f"报告“表扬了{REPORT[kind]}名‘{kind.label}’”。"
            ),
            measure=Measure(
                query=awarded(kind), list_url=awarded_url(kind), date="round__decided_on"
            ),
        )
