"""The merit figures in the indicator catalog (MERIT-1…3): counted by hand on a small fixture
of two towns (rows just outside each figure: revoked, another year, a commendation beside a
medal), a town user sees their town's, the towns and 本级 add up, a flow's trend is each
month's figure, and each drills down to a list of its rows (xfail where a list lacks the
filter, naming it)."""

import datetime
from urllib.parse import parse_qsl, urlsplit

import pytest

from gonghui.core.indicators import OWN, Period, breakdown, catalog, figure, indicator, trend
from gonghui.core.registry import registry
from gonghui.merit.choices import CompetitionKind, Level, ModelWorkerState, Subject
from gonghui.merit.models import CompetitionEntry, Honor

from .factories import (
    make_competition,
    make_contestant,
    make_honor,
    make_honor_type,
    make_model_worker,
    make_studio,
)

pytestmark = pytest.mark.django_db

D = datetime.date
Y2013, Y2014 = Period.year(2013), Period.year(2014)
CODES = sorted(c for c in registry["indicators"] if c.startswith("merit."))


@pytest.fixture
def year(world):
    w = world
    ua, ub = w.union_a, w.union_b
    t = {
        "medal": make_honor_type("全国五一劳动奖章", level=Level.NATIONAL, confers_model_worker=True),
        "pioneer_p": make_honor_type("广东省工人先锋号", level=Level.PROVINCIAL, subject=Subject.TEAM),
        "pioneer_c": make_honor_type("广州市工人先锋号", level=Level.CITY, subject=Subject.TEAM),
        "women": make_honor_type("广州市巾帼文明岗", level=Level.CITY, subject=Subject.TEAM),
        "district": make_honor_type("番禺区五一劳动奖章"),
    }  # fmt: skip
    for name in ("模范职工之家", "先进职工之家", "优秀工会之友", "优秀工会工作者", "工会积极分子"):
        t[name] = make_honor_type(f"番禺区{name}", is_commendation=True)
    a, b = {"employer": w.employer_a}, {"employer": w.employer_b}
    make_honor(t["medal"], ua, "王锐祥", awarded_on=D(2013, 4, 28), **a)
    make_honor(t["women"], ua, "客服中心", awarded_on=D(2013, 3, 6), **a)
    make_honor(t["women"], ua, "财务部", awarded_on=D(2013, 3, 6), **a)
    make_honor(t["women"], ua, "已撤销岗", awarded_on=D(2013, 3, 6), is_revoked=True, **a)
    make_honor(t["pioneer_c"], ua, "一班组", year=2014, awarded_on=D(2014, 4, 1), **a)
    make_honor(t["模范职工之家"], ua, ua.name, awarded_on=D(2013, 12, 20), organization=ua)
    make_honor(t["工会积极分子"], ua, "积极甲", awarded_on=D(2013, 12, 20))
    make_honor(t["工会积极分子"], ua, "积极乙", awarded_on=D(2013, 12, 20))
    make_honor(t["pioneer_p"], ub, "技术研发中心", awarded_on=D(2013, 4, 26), **b)
    make_honor(t["工会积极分子"], ub, "积极丙", awarded_on=D(2013, 12, 20))
    make_honor(t["district"], ub, "奖章丁", awarded_on=D(2013, 5, 1))
    make_honor(t["medal"], ub, "往年戊", year=2012, awarded_on=D(2012, 4, 28))
    # the district's own: a friend of the unions with no union of theirs
    Honor.objects.create(
        honor_type=t["优秀工会之友"],
        year=2013,
        awarded_on=D(2013, 12, 20),
        name="热心企业家",
        org_path=w.district.path,
    )
    # model workers (their honors undated: entered from before the platform)
    make_model_worker(ua, level=Level.NATIONAL, year=2010)
    make_model_worker(ua, level=Level.CITY, year=2013)
    make_model_worker(ua, level=Level.CITY, year=2000, state=ModelWorkerState.REVOKED)
    make_model_worker(ub, level=Level.PROVINCIAL, year=2014)
    make_model_worker(ub, level=Level.CITY, year=2005, state=ModelWorkerState.RETIRED)
    make_model_worker(ub, level=Level.CITY, year=2001, state=ModelWorkerState.DECEASED)
    make_model_worker(ub, level=Level.NATIONAL, year=1999, state=ModelWorkerState.DECEASED)
    # studios
    make_studio(w.employer_a, founded_on=D(2013, 5, 1))
    make_studio(w.employer_b, founded_on=D(2013, 9, 26))
    make_studio(w.employer_a, founded_on=D(2011, 6, 1))
    make_studio(w.employer_a, founded_on=D(2012, 1, 1), is_active=False)
    make_studio(w.employer_b, founded_on=D(2014, 3, 1))
    # competitions
    skills = make_competition(w.district, starts_on=D(2013, 9, 10))
    champion = {"sent_on": True, "next_rank": 1, "next_result": "省赛冠军"}
    make_contestant(skills, ua, "焊工", rank=1, **champion)
    make_contestant(skills, ua, "焊工", rank=2)
    make_contestant(skills, ua, "电工", rank=2)
    make_contestant(skills, ub, "电工", rank=1, sent_on=True, next_rank=2)
    make_contestant(skills, ub, "焊工", rank=3)
    later = make_competition(w.district, year=2014, starts_on=D(2014, 3, 1))
    make_contestant(later, ua, "焊工", rank=1, **champion)
    make_competition(w.district, CompetitionKind.INDUSTRY, starts_on=D(2013, 3, 1))
    make_competition(w.town_a, CompetitionKind.INDUSTRY, starts_on=D(2013, 5, 1))
    make_competition(w.town_b, CompetitionKind.LABOR, starts_on=D(2013, 6, 1))
    ankang = make_competition(w.district, CompetitionKind.ANKANG, starts_on=D(2013, 4, 1))
    old = make_competition(w.district, CompetitionKind.ANKANG, year=2012, starts_on=D(2012, 4, 1))
    for comp, employer, team, workers in (
        (ankang, w.employer_a, "", 100),
        (ankang, w.employer_a, "一班组", 30),
        (ankang, w.employer_b, "", 50),
        (old, w.employer_b, "", 70),
    ):
        CompetitionEntry.objects.create(
            competition=comp,
            employer=employer,
            team=team,
            workers=workers,
            org_path=employer.union.path,
        )
    return w


# 2013 by hand: (district, town A, town B)
EXPECTED_2013 = {
    "merit.honors.total": (6, 4, 2),  # the 2013 city model worker's undated honor too
    "merit.honors.national": (1, 1, 0),
    "merit.honors.provincial": (1, 0, 1),
    "merit.honors.city": (3, 3, 0),  # two posts and the 2013 city model worker (undated)
    "merit.honors.district": (1, 0, 1),
    "merit.honors.may_day_medal": (2, 1, 1),  # the national and the district medal
    "merit.honors.workers_pioneer": (1, 0, 1),
    "merit.honors.women_post": (2, 2, 0),
    "merit.commendations.total": (5, 3, 1),
    "merit.commendations.model_home": (1, 1, 0),
    "merit.commendations.advanced_home": (0, 0, 0),
    "merit.commendations.union_friend": (1, 0, 0),
    "merit.commendations.union_worker": (0, 0, 0),
    "merit.commendations.activist": (3, 2, 1),
    "merit.model_workers.total": (3, 2, 1),
    "merit.model_workers.national": (1, 1, 0),
    "merit.model_workers.provincial": (0, 0, 0),
    "merit.model_workers.city": (2, 1, 1),
    "merit.studios.new": (2, 1, 1),
    "merit.studios.total": (3, 2, 1),
    "merit.competitions.labor": (1, 0, 1),
    "merit.competitions.skills": (1, 0, 0),  # the district's own
    "merit.competitions.ankang": (1, 0, 0),
    "merit.competitions.industry": (2, 1, 0),
    "merit.skills.contestants": (5, 3, 2),
    "merit.skills.trades": (2, 0, 0),
    "merit.skills.sent_on": (2, 1, 1),
    "merit.skills.next_champions": (1, 1, 0),
    "merit.ankang.entries": (3, 2, 1),
    "merit.ankang.workers": (180, 130, 50),
}


def _value(code, user, path, period=Y2013):
    return figure(indicator(code), user=user, period=period, org_path=path).value


def test_the_catalog_holds_the_merit_figures(world):
    codes = {i.code for i in catalog(world.district_staff) if i.section == "建功立业"}
    assert codes == set(EXPECTED_2013) == set(CODES)
    assert {i.code for i in catalog(world.auditor)} >= codes
    assert not {i.code for i in catalog(world.chair_a)} & codes  # merit.stats is staff's


def test_every_figure_is_the_rows_counted_by_hand(year):
    w = year
    for code, (district, town_a, town_b) in EXPECTED_2013.items():
        found = tuple(_value(code, w.admin, o.path) for o in (w.district, w.town_a, w.town_b))
        assert found == (district, town_a, town_b), code
        # a town's user gets their town's, whatever they ask
        assert _value(code, w.town_a_user, w.district.path) == town_a, code


def test_another_year_counts_its_own_rows(year):
    w = year
    expected = {
        "merit.honors.total": 2,  # the city Workers' Pioneer team, a provincial model worker
        "merit.honors.workers_pioneer": 1,
        "merit.honors.national": 0,
        "merit.honors.provincial": 1,  # the provincial model worker's undated honor
        "merit.model_workers.total": 4,  # 2014's provincial one enters the registry
        "merit.studios.new": 1,
        "merit.studios.total": 4,
        "merit.skills.contestants": 1,
        "merit.skills.next_champions": 1,
        "merit.skills.trades": 1,
        "merit.ankang.workers": 0,
    }
    assert {c: _value(c, w.admin, w.district.path, Y2014) for c in expected} == expected
    assert _value("merit.ankang.workers", w.admin, w.district.path, Period.year(2012)) == 70
    # a month holds its dated rows only (the undated honors belong to whole years)
    april = Period.month(2013, 4)
    assert _value("merit.honors.total", w.admin, w.district.path, april) == 2
    assert _value("merit.honors.city", w.admin, w.district.path, april) == 0


def test_the_towns_and_the_districts_own_add_up(year):
    w = year
    for code in CODES:
        b = breakdown(indicator(code), user=w.admin, period=Y2013, org_path=w.district.path)
        assert sum(f.value for f in b.parts.values()) == b.total.value, code
        assert b.parts.get(w.town_a.pk, None) is None or (
            b.parts[w.town_a.pk].value == EXPECTED_2013[code][1]
        ), code
    own = breakdown(
        indicator("merit.commendations.total"), user=w.admin, period=Y2013, org_path=w.district.path
    )
    assert own.parts[OWN].value == 1  # the district's own friend of the unions


def test_a_flows_trend_is_each_months_figure(year):
    w = year
    for code in CODES:
        ind = indicator(code)
        points = trend(ind, user=w.admin, period=Y2013, org_path=w.district.path)
        for point, fig in points:
            assert fig.value == _value(code, w.admin, w.district.path, point), (code, point)


def test_the_sums_drill_down_with_the_lists_filters(year):
    w = year

    def url(code, period=Y2013, org=w.town_a):
        parts = urlsplit(indicator(code).measure.list_url(period, org.path))
        return parts.path, parse_qsl(parts.query)

    org = ("org", str(w.town_a.pk))
    assert url("merit.honors.national") == (
        "/merit/honors/",
        [("year", "2013"), ("commendation", "no"), ("level", "national"), org],
    )
    assert url("merit.honors.total", Period.month(2013, 4))[1][:2] == [
        ("awarded_from", "2013-04-01"),
        ("awarded_to", "2013-04-30"),
    ]
    activist = url("merit.commendations.activist")[1]
    assert ("honor_type", str(Honor.objects.filter(name="积极甲").get().honor_type_id)) in activist
    skills = url("merit.skills.contestants")
    assert skills[0].startswith("/merit/competitions/") and skills[0] != "/merit/competitions/"
    # two Ankang Cups in 2012–2013: the list of them
    both = Period(D(2012, 1, 1), D(2013, 12, 31))
    assert url("merit.ankang.entries", both)[0] == "/merit/competitions/"
    assert "org=" not in indicator("merit.studios.new").measure.list_url(Y2013, "/")


def _page_rows(client, url):
    """The rows of the list at `url` (all of them: `count=exact`, as the catalog's links)."""
    answer = client.get(f"{url}&count=exact")
    assert answer.status_code == 200, (url, answer.content[:300])
    form = answer.context["filter_form"]
    assert form.is_valid(), (url, form.errors)
    page = answer.context["page"]
    return page.paginator.object_list


# The lists' rows a figure counts: the competitions of a sum over them (its trades).
LISTED_AS = {"merit.skills.trades": "pk"}
# What the lists lack for a whole year's drill-down (none now: each list has its filters).
MISSING: dict[str, str] = {}
# A month's drill-down: the lists' date filters (on the figures with rows outside April).
EMPTY = ("advanced_home", "union_worker")
MONTH_CODES = sorted(
    c for c in CODES if (".honors." in c or ".commendations." in c) and not c.endswith(EMPTY)
) + ["merit.studios.new"]
MISSING_MONTH: dict[str, str] = {}


def _case(code, reasons):
    reason = reasons.get(code)
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    return pytest.param(code, marks=marks, id=code)


def _check_drill_down(year, code, client_for, period):
    measure = indicator(code).measure
    w = year
    for user, org in ((w.admin, w.district), (w.admin, w.town_a), (w.town_a_user, w.town_a)):
        client = client_for(user)
        rows = _page_rows(client, measure.list_url(period, org.path))
        expected = measure.query(period).visible_to(user, "merit.stats").within(org.path)
        field = LISTED_AS.get(code, "pk")
        assert set(rows.values_list("pk", flat=True)) == set(
            expected.values_list(field, flat=True)
        ), (code, org.name)


@pytest.mark.parametrize("code", [_case(c, MISSING) for c in CODES])
def test_each_figure_drills_down_to_a_list_of_its_rows(year, code, client_for):
    _check_drill_down(year, code, client_for, Y2013)


@pytest.mark.parametrize("code", [_case(c, MISSING_MONTH) for c in MONTH_CODES])
def test_a_months_figure_drills_down_to_its_rows(year, code, client_for):
    _check_drill_down(year, code, client_for, Period.month(2013, 4))
