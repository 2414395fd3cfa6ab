"""The activities app's figures in the indicator catalog (section 文体活动, MERIT-4): the
report's "组织130多名职工健儿参加市第八届职工运动会13个比赛项目，共获得38项奖励", "利用工会微博
举办微书评等专题活动…共收到各类书评近500篇", "举办了第九套广播体操比赛", for any period and
subtree.

- Activities held: those starting in the period that were not cancelled nor left in draft,
  in all and by kind (the exercise contest is `exercise`).
- Registrations confirmed for those activities (waiting and cancelled ones not counted), and
  those checked in.
- Reading-campaign submissions (book reviews) received in the period, whatever their state.
- Delegations to events above the district that started in the period: their athletes, the
  events entered, the prizes won.

A row's place is its `org_path`: an activity's or a delegation's organizer, a registration's,
a submission's, an athlete's union; a prize's the athlete's union (the delegation's for a
team prize).
"""

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse

from gonghui.core.indicators import Indicator, Kind, Measure, Period, register_indicator

from .choices import ActivityKind, ActivityState, RegistrationState
from .models import (
    Activity,
    Delegation,
    DelegationAthlete,
    DelegationEvent,
    DelegationPrize,
    Registration,
    Submission,
)

STATS = "activities.stats"
SECTION = "文体活动"
CAPABILITY = "MERIT-4"
NOT_HELD = (ActivityState.DRAFT, ActivityState.CANCELLED)


def _org(org_path: str) -> list[tuple[str, str]]:
    """The lists' `org` (the subtree's organization: the path's last id); none for "/"."""
    last = org_path.rstrip("/").rsplit("/", 1)[-1]
    return [("org", last)] if last.isdigit() else []


def _url(name: str, org_path: str, params: list[tuple[str, str]], *args: Any) -> str:
    return f"{reverse(name, args=args)}?{urlencode([*params, *_org(org_path)])}"


def _days(period: Period, prefix: str) -> list[tuple[str, str]]:
    return [(f"{prefix}_from", period.start.isoformat()), (f"{prefix}_to", period.end.isoformat())]


def _period(period: Period, prefix: str) -> list[tuple[str, str]]:
    """The lists' period: `year` for one calendar year (the lists' own filter: a row's year
    is its date's), else the dates (`<prefix>_from`, `<prefix>_to`)."""
    if period == Period.year(period.start.year):
        return [("year", str(period.start.year))]
    return _days(period, prefix)


# ---- activities -----------------------------------------------------------------------------


def held(kind: str = "") -> Callable[[Period], QuerySet[Activity]]:
    """Activities starting in the period (the local day), neither draft nor cancelled."""

    def rows(period: Period) -> QuerySet[Activity]:
        found = Activity.objects.filter(starts_at__date__range=(period.start, period.end)).exclude(
            state__in=NOT_HELD
        )
        return found.filter(kind=kind) if kind else found

    return rows


def held_url(kind: str = "") -> Callable[[Period, str], str]:
    def url(period: Period, org_path: str) -> str:
        params = [*_period(period, "starts"), ("held", "yes")]
        if kind:
            params.insert(0, ("kind", kind))
        return _url("activities:activity_list", org_path, params)

    return url


def registrations(*, checked_in: bool = False) -> Callable[[Period], QuerySet[Registration]]:
    """Confirmed registrations for the activities held in the period; those checked in."""

    def rows(period: Period) -> QuerySet[Registration]:
        found = Registration.objects.filter(
            state=RegistrationState.CONFIRMED,
            activity__starts_at__date__range=(period.start, period.end),
        ).exclude(activity__state__in=NOT_HELD)
        return found.filter(checked_in_at__isnull=False) if checked_in else found

    return rows


def registrations_url(*, checked_in: bool = False) -> Callable[[Period, str], str]:
    """The registration list: confirmed ones of the activities held in the period."""

    def url(period: Period, org_path: str) -> str:
        params = [("state", RegistrationState.CONFIRMED.value), *_period(period, "starts")]
        params.append(("held", "yes"))
        if checked_in:
            params.append(("checked_in", "yes"))
        return _url("activities:registration_list", org_path, params)

    return url


def reviews(period: Period) -> QuerySet[Submission]:
    """Submissions to reading campaigns received in the period, whatever their state."""
    return Submission.objects.filter(
        activity__kind=ActivityKind.READING,
        submitted_at__date__range=(period.start, period.end),
    )


def reviews_url(period: Period, org_path: str) -> str:
    """The submission list by the days received: its `year` is the campaign's, and a
    campaign's reviews come in the next January too."""
    params = [("kind", ActivityKind.READING.value), *_days(period, "submitted")]
    return _url("activities:submission_list", org_path, params)


# ---- delegations ----------------------------------------------------------------------------


def _delegations(period: Period) -> QuerySet[Delegation]:
    return Delegation.objects.filter(starts_on__range=(period.start, period.end))


def athletes(period: Period) -> QuerySet[DelegationAthlete]:
    return DelegationAthlete.objects.filter(delegation__starts_on__range=(period.start, period.end))


def prizes(period: Period) -> QuerySet[DelegationPrize]:
    return DelegationPrize.objects.filter(delegation__starts_on__range=(period.start, period.end))


def events(period: Period) -> QuerySet[Delegation]:
    """The period's delegations, each with the number of events it entered (`entered`)."""
    per = (
        DelegationEvent.objects.filter(delegation=OuterRef("pk"))
        .order_by()
        .values("delegation")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return _delegations(period).annotate(
        entered=Coalesce(Subquery(per, output_field=IntegerField()), 0)
    )


def delegation_url(tab: str) -> Callable[[Period, str], str]:
    """The period's one delegation's page, its tab of athletes or prizes (`org`: theirs in
    the subtree), or the list of the period's delegations."""

    def url(period: Period, org_path: str) -> str:
        ids = list(_delegations(period).values_list("pk", flat=True)[:2])
        if len(ids) == 1:
            return _url("activities:delegation_detail", org_path, [("tab", tab)], ids[0])
        return _url("activities:delegation_list", org_path, _days(period, "starts"))

    return url


def events_url(period: Period, org_path: str) -> str:
    """The list of the period's delegations (the figure's rows, each with its events),
    organized in the subtree (`organized_in`: the list's `org` also takes those with an
    athlete of it)."""
    params = _days(period, "starts") + [("organized_in", v) for _, v in _org(org_path)]
    return f"{reverse('activities:delegation_list')}?{urlencode(params)}"


# ---- the catalog ----------------------------------------------------------------------------

HELD = "开始日期在统计期内、未取消（非筹备中）的活动"


def _indicator(**fields: Any) -> None:
    register_indicator(
        Indicator(
            section=SECTION,
            permission=STATS,
            capability=CAPABILITY,
            own_meaningful=True,
            **fields,
        )
    )


def _register_activities() -> None:
    _indicator(
        code="activities.held",
        title="举办文体活动",
        unit="场",
        kind=Kind.FLOW,
        order=700,
        definition=f"{HELD}，按主办工会统计。",
        measure=Measure(query=held(), list_url=held_url(), date="starts_at"),
    )
    for i, kind in enumerate(ActivityKind):
        note = "；报告“举办了第九套广播体操比赛”" if kind == ActivityKind.EXERCISE else ""
        _indicator(
            code=f"activities.held.{kind.value}",
            title=f"举办{kind.label}",
            unit="场",
            kind=Kind.FLOW,
            order=701 + i,
            definition=f"{HELD}中类型为{kind.label}的{note}。",
            measure=Measure(query=held(kind), list_url=held_url(kind), date="starts_at"),
        )
    _indicator(
        code="activities.registrations",
        title="活动报名人次",
        unit="人次",
        kind=Kind.FLOW,
        order=710,
        definition=f"{HELD}的已确认报名（不含候补、已取消），按会员所在工会统计。",
        measure=Measure(
            query=registrations(), list_url=registrations_url(), date="activity__starts_at"
        ),
    )
    _indicator(
        code="activities.checked_in",
        title="活动签到人次",
        unit="人次",
        kind=Kind.FLOW,
        order=711,
        definition="上述已确认报名中已签到的。",
        measure=Measure(
            query=registrations(checked_in=True),
            list_url=registrations_url(checked_in=True),
            date="activity__starts_at",
        ),
    )
    _indicator(
        code="activities.reviews",
        title="收到书评",
        unit="篇",
        kind=Kind.FLOW,
        order=720,
        definition=(
            "提交时间在统计期内的读书活动作品（书评），不论是否采用，按作者所在工会统计；"
            "报告“共收到各类书评近500篇”。"
        ),
        measure=Measure(query=reviews, list_url=reviews_url, date="submitted_at"),
    )


def _register_delegations() -> None:
    games = "报告“组织130多名职工健儿参加市第八届职工运动会13个比赛项目，共获得38项奖励”"
    _indicator(
        code="activities.delegations.athletes",
        title="参加上级赛事的运动员",
        unit="人",
        kind=Kind.FLOW,
        order=730,
        definition=f"开始日期在统计期内的代表团的运动员（一人一团计一人），按其工会统计；{games}。",
        measure=Measure(
            query=athletes, list_url=delegation_url("athletes"), date="delegation__starts_on"
        ),
    )
    _indicator(
        code="activities.delegations.events",
        title="参加上级赛事的比赛项目",
        unit="项",
        kind=Kind.FLOW,
        order=731,
        definition="上述代表团报名参加的比赛项目数之和，按组团工会统计。",
        measure=Measure(query=events, value="entered", list_url=events_url, date="starts_on"),
    )
    _indicator(
        code="activities.delegations.prizes",
        title="参加上级赛事获奖",
        unit="项",
        kind=Kind.FLOW,
        order=732,
        definition="上述代表团在各项目获得的奖项（个人奖按运动员的工会、团体奖按组团工会统计）。",
        measure=Measure(
            query=prizes, list_url=delegation_url("prizes"), date="delegation__starts_on"
        ),
    )


def register() -> None:
    _register_activities()
    _register_delegations()
