"""The congress and open-affairs figures in the catalog (section 民主管理, DEMO-2): the
report's "国有、集体及其控股企业、事业单位厂务公开和职代会实现全覆盖,已建工会的非公有制企业厂务公开
建制率达到70%、职代会建制率达到60%", and the sessions held.

The rates are over employers (their `org_path`: the union's): the denominator is the
period's unionized employers of the group (`queries.unionized_by` the period's end), the
numerator those of them that established it (`queries.congress_held` in the period,
`queries.open_affairs_done` for the period's end year). Each drills down to the employers'
work list (`democracy:congress_employers`) with the same filters, so the list's rows are
the figure's.
"""

from collections.abc import Callable
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.urls import reverse

from gonghui.core.indicators import Indicator, Kind, Measure, Period, register_indicator
from gonghui.orgs.models import Employer

from ..models import CongressSession
from ..queries import congress as queries
from ..rules import congress as rules

SECTION = "民主管理"


def _org(org_path: str) -> list[tuple[str, str]]:
    last = org_path.rstrip("/").rsplit("/", 1)[-1]
    return [("org", last)] if last.isdigit() else []


def _period(period: Period, prefix: str = "") -> list[tuple[str, str]]:
    """A whole year as `year` (the lists' own filter), else the period's two days."""
    if period == Period.year(period.start.year):
        return [("year", str(period.start.year))]
    return [(f"{prefix}from" if prefix else "start", period.start.isoformat()),
            (f"{prefix}to" if prefix else "end", period.end.isoformat())]  # fmt: skip


def unionized(group: str) -> Callable[[Period], QuerySet[Employer]]:
    kinds = rules.GROUPS[group][1]

    def rows(period: Period) -> QuerySet[Employer]:
        return queries.unionized_by(period.end).filter(ownership__in=kinds)

    return rows


def established(group: str, what: str) -> Callable[[Period], QuerySet[Employer]]:
    whole = unionized(group)

    def rows(period: Period) -> QuerySet[Employer]:
        if what == "congress":
            return whole(period).filter(queries.congress_held(period.start, period.end))
        return whole(period).filter(queries.open_affairs_done(period.end.year, period.end.year))

    return rows


def employers_url(group: str, what: str = "") -> Callable[[Period, str], str]:
    def url(period: Period, org_path: str) -> str:
        params = [("ownership", group), *_period(period)]
        if what:
            params.append((what, "yes"))
        return f"{reverse('democracy:congress_employers')}?{urlencode([*params, *_org(org_path)])}"

    return url


def sessions_held(period: Period) -> QuerySet[CongressSession]:
    return queries.quorate_sessions().filter(held_on__range=(period.start, period.end))


def sessions_url(period: Period, org_path: str) -> str:
    params = [("quorate", "yes"), *_period(period, "held_")]
    return f"{reverse('democracy:congress_list')}?{urlencode([*params, *_org(org_path)])}"


RATES = (
    ("open_affairs", "non_public", "已建工会的非公有制企业厂务公开建制率", 10),
    ("congress", "non_public", "已建工会的非公有制企业职代会建制率", 11),
    ("open_affairs", "public", "国有、集体企业和事业单位厂务公开覆盖率", 12),
    ("congress", "public", "国有、集体企业和事业单位职代会覆盖率", 13),
)
WHAT = {
    "open_affairs": "当年厂务公开记录中直接涉及职工切身利益的五项事项（招聘用工和劳动合同、集体合同和"
    "规章制度、奖惩和单方解除劳动合同、劳动安全卫生、社会保险）均已公开",
    "congress": "统计期内召开职代会（职工大会）且实到人数达到应到人数三分之二",
}
WHO = {
    "non_public": "私营、外商投资、港澳台投资企业",
    "public": "国有企业、集体企业（含其控股企业，按登记的经济类型）和事业单位",
}


def register() -> None:
    for what, group, title, order in RATES:
        register_indicator(
            Indicator(
                code=f"democracy.{what}.{group}_rate",
                title=title,
                unit="%",
                kind=Kind.RATE,
                capability="DEMO-2",
                definition=(
                    f"统计期末已建会（所属基层工会已成立，未登记成立日期的按已成立计）的{WHO[group]}"
                    f"中，{WHAT[what]}的比例；按单位所属工会计。"
                ),
                permission=queries.STATS,
                numerator=Measure(
                    query=established(group, what), list_url=employers_url(group, what)
                ),
                denominator=Measure(query=unionized(group), list_url=employers_url(group)),
                order=order,
                section=SECTION,
            )
        )
    register_indicator(
        Indicator(
            code="democracy.congress.sessions",
            title="召开职代会（职工大会）",
            unit="次",
            kind=Kind.FLOW,
            capability="DEMO-2",
            definition="统计期内召开、实到人数达到应到人数三分之二的职代会和职工大会会议次数，按单位所属工会计。",
            permission=queries.STATS,
            measure=Measure(query=sessions_held, list_url=sessions_url, date="held_on"),
            order=14,
            section=SECTION,
        )
    )
