"""The merit app's figures in the indicator catalog (section 建功立业, MERIT-1…3): the report's
"王锐祥荣获全国五一劳动奖章，东塑石油钻采公司技术研发中心荣获广东省'工人先锋号'，12个单位被授予广州市
巾帼文明岗。创建了2个劳模创新工作室", the district's commendations ("15个模范职工之家、85个先进职工
之家、14名优秀工会之友、80名优秀工会工作者和101名工会积极分子通报表扬"), the skills competition
("共290人参加，并选派了3名选手参加省市职业技能大赛，1人获得省职业技能大赛冠军"), the industry
competitions and the Ankang Cup ("2000多个企业（班组）、4.5万多名员工参与"), for any period and subtree.

- Honors: titles held (not revoked) whose `awarded_on` is in the period, by level (the
  commendations apart), by the three titles the report names (all levels of a title whose
  name holds it: 工人先锋号 is conferred at every level), and the commendations by title.
- Studios founded in the period; studios and model workers on the registry at its end.
- Competitions starting in the period, by kind; their contestants, trades, those sent on to
  the next level and those who won it (`next_rank` 1); the Ankang Cup's entries (employers
  or their teams) and the workers they enrolled (Σ `workers`).

A row's place is its `org_path`: an honor's holder's union, a competition's organizer, an
entry's or a contestant's union; so a town's breakdown counts the honors of its unions and
the contestants they sent to the district's competition.
"""

import datetime
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse

from gonghui.core.indicators import Indicator, Kind, Measure, Period, register_indicator

from .choices import CompetitionKind, Level
from .models import (
    Competition,
    CompetitionEntry,
    CompetitionEvent,
    Contestant,
    Honor,
    HonorType,
    InnovationStudio,
    ModelWorker,
)
from .services.workers import STANDING

STATS = "merit.stats"
SECTION = "建功立业"

# The titles the report names, matched by a part of the type's name (types are data).
TITLES = (
    ("may_day_medal", "五一劳动奖章", "枚", "person"),
    ("workers_pioneer", "工人先锋号", "个", "team"),
    ("women_post", "巾帼文明岗", "个", "team"),
)
# The district's commendations (通报表扬) by title, as the demo and the report name them.
COMMENDATIONS = (
    ("model_home", "番禺区模范职工之家", "个"),
    ("advanced_home", "番禺区先进职工之家", "个"),
    ("union_friend", "番禺区优秀工会之友", "名"),
    ("union_worker", "番禺区优秀工会工作者", "名"),
    ("activist", "番禺区工会积极分子", "名"),
)
LEVELS = (Level.NATIONAL, Level.PROVINCIAL, Level.CITY, Level.DISTRICT)


def _org(org_path: str) -> list[tuple[str, str]]:
    """The lists' `org` (the subtree's organization: the path's last id); none for "/"."""
    last = org_path.rstrip("/").rsplit("/", 1)[-1]
    return [("org", last)] if last.isdigit() else []


def _url(name: str, org_path: str, params: list[tuple[str, str]], *args: Any) -> str:
    return f"{reverse(name, args=args)}?{urlencode([*params, *_org(org_path)])}"


def _in(period: Period, field: str) -> dict[str, Any]:
    return {f"{field}__range": (period.start, period.end)}


def _period(period: Period, prefix: str) -> list[tuple[str, str]]:
    """The lists' period: `year` for one calendar year (the lists' own filter: a row's year
    is its date's), else the dates (`<prefix>_from`, `<prefix>_to`)."""
    if period == Period.year(period.start.year):
        return [("year", str(period.start.year))]
    return [(f"{prefix}_from", period.start.isoformat()), (f"{prefix}_to", period.end.isoformat())]


# ---- honors ---------------------------------------------------------------------------------


def _awarded_in(period: Period) -> Q:
    """Dated honors by their date; an undated one (entered from the years before the
    platform) by its year, when the period holds that whole year."""
    first = period.start.year + (period.start != datetime.date(period.start.year, 1, 1))
    last = period.end.year - (period.end != datetime.date(period.end.year, 12, 31))
    undated = Q(awarded_on__isnull=True, year__gte=first, year__lte=last)
    return Q(**_in(period, "awarded_on")) | undated


def honors(
    *, level: str = "", title: str = "", type_name: str = "", commendation: bool | None = False
) -> Callable[[Period], QuerySet[Honor]]:
    """Honors awarded in the period, not revoked; narrowed by level, a part of the type's
    name or the type's whole name; `commendation` None takes both kinds."""

    def rows(period: Period) -> QuerySet[Honor]:
        found = Honor.objects.filter(_awarded_in(period), is_revoked=False)
        if commendation is not None:
            found = found.filter(honor_type__is_commendation=commendation)
        if level:
            found = found.filter(honor_type__level=level)
        if title:
            found = found.filter(honor_type__name__contains=title)
        if type_name:
            found = found.filter(honor_type__name=type_name)
        return found

    return rows


def honors_url(
    *, level: str = "", title: str = "", type_name: str = "", commendation: bool | None = False
) -> Callable[[Period, str], str]:
    def url(period: Period, org_path: str) -> str:
        params = _period(period, "awarded")  # the list leaves revoked honors out
        if commendation is not None:
            params.append(("commendation", "yes" if commendation else "no"))
        if level:
            params.append(("level", level))
        if title:
            params.append(("title", title))
        if type_name:
            # the type's id when it exists (the list's type picker), else its name
            pk = HonorType.objects.filter(name=type_name).values_list("pk", flat=True).first()
            params.append(("honor_type", str(pk)) if pk else ("title", type_name))
        return _url("merit:honor_list", org_path, params)

    return url


# ---- model workers and studios --------------------------------------------------------------


def model_workers(level: str = "") -> Callable[[Period], QuerySet[ModelWorker]]:
    """On the registry at the period's end: a title of that year or before, standing now
    (in the registry, retired ones too; the state is as recorded today)."""

    def rows(period: Period) -> QuerySet[ModelWorker]:
        found = ModelWorker.objects.filter(state__in=STANDING, year__lte=period.end.year)
        return found.filter(level=level) if level else found

    return rows


def model_workers_url(level: str = "") -> Callable[[Period, str], str]:
    def url(period: Period, org_path: str) -> str:
        params = [("standing", "yes"), ("year_to", str(period.end.year))]
        if level:
            params.append(("level", level))
        return _url("merit:model_worker_list", org_path, params)

    return url


def studios_founded(period: Period) -> QuerySet[InnovationStudio]:
    return InnovationStudio.objects.filter(**_in(period, "founded_on"))


def studios_founded_url(period: Period, org_path: str) -> str:
    return _url("merit:studio_list", org_path, _period(period, "founded"))


def studios_running(period: Period) -> QuerySet[InnovationStudio]:
    """Running studios (as recorded now) founded by the period's end."""
    return InnovationStudio.objects.filter(is_active=True, founded_on__lte=period.end)


def studios_running_url(period: Period, org_path: str) -> str:
    params = [("active", "yes"), ("founded_to", period.end.isoformat())]
    return _url("merit:studio_list", org_path, params)


# ---- competitions ---------------------------------------------------------------------------


def competitions(kind: str = "") -> Callable[[Period], QuerySet[Competition]]:
    """Competitions that started in the period (a competition's year is its start's)."""

    def rows(period: Period) -> QuerySet[Competition]:
        found = Competition.objects.filter(**_in(period, "starts_on"))
        return found.filter(kind=kind) if kind else found

    return rows


def _competition_params(period: Period, kind: str) -> list[tuple[str, str]]:
    params = _period(period, "starts")
    return [("kind", kind), *params] if kind else params


def competitions_url(kind: str = "") -> Callable[[Period, str], str]:
    def url(period: Period, org_path: str) -> str:
        return _url("merit:competition_list", org_path, _competition_params(period, kind))

    return url


def trades(period: Period) -> QuerySet[Competition]:
    """The skills competitions of the period, each with its number of trades (`trades`):
    the events are the competition's, in its organizer's place."""
    per = (
        CompetitionEvent.objects.filter(competition=OuterRef("pk"))
        .order_by()
        .values("competition")
        .annotate(n=Count("pk"))
        .values("n")
    )
    found = competitions(CompetitionKind.SKILLS)(period)
    return found.annotate(trades=Coalesce(Subquery(per, output_field=IntegerField()), 0))


def contestants(
    kind: str = "", *, sent_on: bool = False, champions: bool = False
) -> Callable[[Period], QuerySet[Contestant]]:
    """Contestants of the competitions that started in the period; those sent on to the
    next level; those who won it (first at the next level)."""

    def rows(period: Period) -> QuerySet[Contestant]:
        found = Contestant.objects.filter(**_in(period, "competition__starts_on"))
        if kind:
            found = found.filter(competition__kind=kind)
        if sent_on or champions:
            found = found.filter(sent_on=True)
        if champions:
            found = found.filter(next_rank=1)
        return found

    return rows


def contestants_url(
    kind: str = "", *, sent_on: bool = False, champions: bool = False
) -> Callable[[Period, str], str]:
    """The results page of the period's one competition of the kind (its contestants, with
    `sent_on` / `next_rank`), or the competitions' list when there are several or none."""

    def url(period: Period, org_path: str) -> str:
        params: list[tuple[str, str]] = []
        if sent_on or champions:
            params.append(("sent_on", "yes"))
        if champions:
            params.append(("next_rank", "1"))
        ids = list(competitions(kind)(period).values_list("pk", flat=True)[:2])
        if len(ids) == 1:
            return _url("merit:competition_detail", org_path, params, ids[0])
        return _url("merit:competition_list", org_path, _competition_params(period, kind))

    return url


def ankang_entries(period: Period) -> QuerySet[CompetitionEntry]:
    return CompetitionEntry.objects.filter(
        competition__kind=CompetitionKind.ANKANG, **_in(period, "competition__starts_on")
    )


def ankang_entries_url(period: Period, org_path: str) -> str:
    ids = list(competitions(CompetitionKind.ANKANG)(period).values_list("pk", flat=True)[:2])
    if len(ids) == 1:
        return _url("merit:competition_detail", org_path, [("tab", "entries")], ids[0])
    return competitions_url(CompetitionKind.ANKANG)(period, org_path)


# ---- the catalog ----------------------------------------------------------------------------

AWARDED = "授予日期在统计期内（未填授予日期的按其年度，统计期含该整年时）、未撤销的荣誉"


def _indicator(**fields: Any) -> None:
    register_indicator(Indicator(section=SECTION, permission=STATS, own_meaningful=True, **fields))


def _register_honors() -> None:
    _indicator(
        code="merit.honors.total",
        title="获得荣誉",
        unit="项",
        kind=Kind.FLOW,
        capability="MERIT-1",
        order=600,
        definition=f"{AWARDED}（不含通报表扬），各级合计；集体、单位荣誉一项计一个。",
        measure=Measure(query=honors(), list_url=honors_url()),
    )
    for i, level in enumerate(LEVELS):
        _indicator(
            code=f"merit.honors.{level.value}",
            title=f"获得{level.label}荣誉",
            unit="项",
            kind=Kind.FLOW,
            capability="MERIT-1",
            order=601 + i,
            definition=f"{AWARDED}中荣誉类型级别为{level.label}的（不含通报表扬）。",
            measure=Measure(query=honors(level=level), list_url=honors_url(level=level)),
        )
    for i, (key, title, unit, _subject) in enumerate(TITLES):
        _indicator(
            code=f"merit.honors.{key}",
            title=f"获{title}",
            unit=unit,
            kind=Kind.FLOW,
            capability="MERIT-1",
            order=610 + i,
            definition=(
                f"{AWARDED}中荣誉名称含“{title}”的（各级合计，级别见按级别的指标）；"
                "报告“王锐祥荣获全国五一劳动奖章…工人先锋号…12个单位被授予广州市巾帼文明岗”。"
            ),
            measure=Measure(query=honors(title=title), list_url=honors_url(title=title)),
        )
    _indicator(
        code="merit.commendations.total",
        title="通报表扬",
        unit="个（名）",
        kind=Kind.FLOW,
        capability="MERIT-1",
        order=620,
        definition="表彰日期在统计期内、未撤销的通报表扬（荣誉类型标为通报表扬），单位与个人合计。",
        measure=Measure(
            query=honors(commendation=True),
            list_url=honors_url(commendation=True),
        ),
    )
    for i, (key, name, unit) in enumerate(COMMENDATIONS):
        _indicator(
            code=f"merit.commendations.{key}",
            title=f"通报表扬{name.removeprefix('番禺区')}",
            unit=unit,
            kind=Kind.FLOW,
            capability="MERIT-1",
            order=621 + i,
            definition=f"表彰日期在统计期内、未撤销的“{name}”（荣誉类型名称完全相同）。",
            measure=Measure(
                query=honors(type_name=name, commendation=None),
                list_url=honors_url(type_name=name, commendation=None),
            ),
        )


def _register_workers() -> None:
    _indicator(
        code="merit.model_workers.total",
        title="劳模名册在册人数",
        unit="人",
        kind=Kind.STOCK,
        capability="MERIT-2",
        order=640,
        definition=(
            "统计期末年度及以前获评、现仍在册（在册或已退休）的劳模（按现状态；一个称号一条，"
            "劳模名册的称号来源于荣誉）。"
        ),
        measure=Measure(query=model_workers(), list_url=model_workers_url()),
    )
    for i, level in enumerate(LEVELS[:3]):
        _indicator(
            code=f"merit.model_workers.{level.value}",
            title=f"{level.label}劳模在册人数",
            unit="人",
            kind=Kind.STOCK,
            capability="MERIT-2",
            order=641 + i,
            definition=f"同“劳模名册在册人数”，其中称号级别为{level.label}的。",
            measure=Measure(query=model_workers(level), list_url=model_workers_url(level)),
        )
    _indicator(
        code="merit.studios.new",
        title="新创建劳模创新工作室",
        unit="个",
        kind=Kind.FLOW,
        capability="MERIT-2",
        order=650,
        definition="创建日期在统计期内的劳模创新工作室（报告“创建了2个劳模创新工作室”）。",
        measure=Measure(query=studios_founded, list_url=studios_founded_url, date="founded_on"),
    )
    _indicator(
        code="merit.studios.total",
        title="劳模创新工作室",
        unit="个",
        kind=Kind.STOCK,
        capability="MERIT-2",
        order=651,
        definition="统计期末已创建、现仍运行的劳模创新工作室（运行状态按现状）。",
        measure=Measure(query=studios_running, list_url=studios_running_url),
    )


def _register_competitions() -> None:
    for i, kind in enumerate(CompetitionKind):
        _indicator(
            code=f"merit.competitions.{kind.value}",
            title=f"开展{kind.label}",
            unit="项",
            kind=Kind.FLOW,
            capability="MERIT-3",
            order=660 + i,
            definition=(
                f"开始日期在统计期内的{kind.label}（本级为本级工会主办的）"
                + (
                    "；报告“区建设、教育、卫生、旅游等单位分别开展了行业劳动竞赛”。"
                    if kind == CompetitionKind.INDUSTRY
                    else "。"
                )
            ),  # fmt: skip
            measure=Measure(
                query=competitions(kind), list_url=competitions_url(kind), date="starts_on"
            ),
        )
    skills = CompetitionKind.SKILLS
    _indicator(
        code="merit.skills.contestants",
        title="职业技能竞赛参赛人数",
        unit="人",
        kind=Kind.FLOW,
        capability="MERIT-3",
        order=670,
        definition=(
            "开始日期在统计期内的职业技能竞赛的参赛选手（按选手所在工会统计）；报告“共290人参加”。"
        ),
        measure=Measure(
            query=contestants(skills),
            list_url=contestants_url(skills),
            date="competition__starts_on",
        ),
    )
    _indicator(
        code="merit.skills.trades",
        title="职业技能竞赛工种",
        unit="个",
        kind=Kind.FLOW,
        capability="MERIT-3",
        order=671,
        definition=(
            "开始日期在统计期内的职业技能竞赛所设工种（项目）数之和，按主办工会统计；报告"
            "“养老护理员、家政服务员、焊工、数控机床装调维修工”4个工种。"
        ),
        measure=Measure(
            query=trades,
            value="trades",
            list_url=competitions_url(skills),
            date="starts_on",
        ),
    )
    _indicator(
        code="merit.skills.sent_on",
        title="选送参加上级技能大赛",
        unit="人",
        kind=Kind.FLOW,
        capability="MERIT-3",
        order=672,
        definition="上述参赛选手中选送参加上级（省、市）比赛的；报告“选派了3名选手参加省市职业技能大赛”。",
        measure=Measure(
            query=contestants(skills, sent_on=True),
            list_url=contestants_url(skills, sent_on=True),
            date="competition__starts_on",
        ),
    )
    _indicator(
        code="merit.skills.next_champions",
        title="上级技能大赛冠军",
        unit="人",
        kind=Kind.FLOW,
        capability="MERIT-3",
        order=673,
        definition="选送选手中在上级比赛获第一名的（上级比赛名次为1）；报告“1人获得省职业技能大赛冠军”。",
        measure=Measure(
            query=contestants(skills, champions=True),
            list_url=contestants_url(skills, champions=True),
            date="competition__starts_on",
        ),
    )
    _indicator(
        code="merit.ankang.entries",
        title="参加“安康杯”竞赛的企业（班组）",
        unit="个",
        kind=Kind.FLOW,
        capability="MERIT-3",
        order=680,
        definition=(
            "开始日期在统计期内的“安康杯”竞赛的参赛单位：一家企业或其一个班组计一个（按其工会"
            "统计）；报告“全区共有2000多个企业（班组）”。"
        ),
        measure=Measure(
            query=ankang_entries, list_url=ankang_entries_url, date="competition__starts_on"
        ),
    )
    _indicator(
        code="merit.ankang.workers",
        title="参加“安康杯”竞赛的职工",
        unit="人",
        kind=Kind.FLOW,
        capability="MERIT-3",
        order=681,
        definition="上述参赛单位报送的参与职工人数之和；报告“4.5万多名员工参与”。",
        measure=Measure(
            query=ankang_entries,
            value="workers",
            list_url=ankang_entries_url,
            date="competition__starts_on",
        ),
    )


def register() -> None:
    _register_honors()
    _register_workers()
    _register_competitions()
