"""The statistics pages (issue #13): the catalog (/stats/), an indicator's page
(/stats/<code>/) with its trend, breakdown and drill-down, the catalog's export, and the home
page's figures. Scoped to the user's subtree, refused without the permission, Chinese
errors for any input, the home page's queries independent of the number of organizations."""

import datetime
import io
import json
import re
from decimal import Decimal
from urllib.parse import parse_qs, urlparse

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gonghui.core.clock import today
from gonghui.core.indicators import Indicator, Kind, Measure, Period, register_indicator
from gonghui.core.models import AuditEntry, Job
from gonghui.core.registry import registry
from gonghui.members.indicators import members_joined
from gonghui.members.tests.factories import make_member
from gonghui.orgs.choices import OrgKind
from gonghui.orgs.models import Organization
from gonghui.orgs.tests.factories import make_org
from gonghui.reports.queries import DASHBOARD_CODES, dashboard_figures
from gonghui.reports.services import target_set

pytestmark = pytest.mark.django_db
YEAR = 2013
NEW = "orgs.unions.new"
FLOW = "test.stats.founded"  # a flow declared with its date and its list (registered below)
RATE = "test.stats.founded_rate"  # of the grassroots unions, those founded in the period
OWN_ROWS = "test.stats.joined"  # members joined, the organization's own apart (本级)
ON = datetime.date


@pytest.fixture
def founded(world):
    """2013: town A founded 2 unions (March and July), town B 1 (November)."""
    return [
        make_org(world.town_a, OrgKind.GRASSROOTS, established_on=ON(YEAR, 3, 5)),
        make_org(world.town_a, OrgKind.GRASSROOTS, established_on=ON(YEAR, 7, 9)),
        make_org(world.town_b, OrgKind.GRASSROOTS, established_on=ON(YEAR, 11, 20)),
    ]


def _founded(period):
    return Organization.objects.filter(
        kind=OrgKind.GRASSROOTS, established_on__range=(period.start, period.end)
    )


def _grassroots(period):
    return Organization.objects.filter(kind=OrgKind.GRASSROOTS)


def _list(period, path):
    return f"/orgs/list/?path={path}&from={period.start}&to={period.end}"


@pytest.fixture
def declared():
    """A flow with a date and a drill-down list, and a rate of two lists, for these tests
    only (the apps' own indicators are theirs to change)."""
    common = {
        "capability": "ORG-1",
        "section": "测试",
        "permission": "orgs.view",
    }
    register_indicator(
        Indicator(
            code=FLOW,
            title="测试新组建",
            unit="家",
            kind=Kind.FLOW,
            definition="测试口径：成立日期在统计期内的基层工会。",
            measure=Measure(query=_founded, path="path", list_url=_list, date="established_on"),
            **common,
        )
    )
    register_indicator(
        Indicator(
            code=RATE,
            title="测试新建比例",
            unit="%",
            kind=Kind.RATE,
            definition="测试口径：新组建的占全部基层工会的比例。",
            numerator=Measure(query=_founded, path="path", list_url=_list),
            denominator=Measure(query=_grassroots, path="path"),
            own_meaningful=True,
            **common,
        )
    )
    register_indicator(
        Indicator(
            code=OWN_ROWS,
            title="测试新会员",
            unit="人",
            kind=Kind.FLOW,
            definition="测试口径：入会日期在统计期内的会员。",
            measure=Measure(query=members_joined),
            own_meaningful=True,
            **common,
        )
    )
    yield
    for code in (FLOW, RATE, OWN_ROWS):
        registry["indicators"].pop(code)


def _json(response, element_id: str) -> dict:
    found = re.search(
        rf'<script id="{element_id}" type="application/json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    assert found, f"no {element_id} on the page"
    return json.loads(found.group(1))


def _rows(response, table_id: str) -> list[list[str]]:
    html = response.content.decode()
    table = re.search(rf'<table[^>]*id="{table_id}".*?</table>', html, re.S).group(0)
    body = table.split("<tbody>", 1)[1]
    return [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td.*?</td>", row, re.S)]
        for row in re.findall(r"<tr.*?</tr>", body, re.S)
    ]


# ---- the catalog page ----------------------------------------------------------------------


def test_the_catalog_shows_each_indicator_by_section_with_its_value_and_definition(
    world, founded, client_for
):
    # given three unions founded in 2013 in the district
    client = client_for(world.admin)
    # when the district admin opens the catalog for 2013
    response = client.get("/stats/", {"year": YEAR})
    # then each indicator of the catalog shows, in its section, with its value and 口径
    assert response.status_code == 200
    html = response.content.decode()
    for ind in [i for i in registry["indicators"].values() if world.admin.can(i.permission)]:
        assert f'data-code="{ind.code}"' in html and ind.definition in html
    row = re.search(rf'<tr data-code="{NEW}">(.*?)</tr>', html, re.S).group(1)
    assert re.search(r'class="value-cell">\s*3 家', row)
    assert f"/stats/{NEW}/?year={YEAR}" in row
    assert 'data-section="组织建设"' in html
    assert "番禺区总工会 · 2013年" in html


def test_the_catalog_defaults_to_the_current_year_and_the_users_organization(world, client_for):
    response = client_for(world.town_a_user).get("/stats/")
    html = response.content.decode()
    assert response.status_code == 200
    assert f'name="year" value="{today().year}"' in html
    assert f"市桥街道总工会 · {today().year}年" in html
    # the picker shows the organization (its id posted, its name in the box)
    assert 'name="org" value="市桥街道总工会"' in html and "data-picker=" in html


def test_a_quarter_a_month_or_a_date_range_is_the_period(world, founded, client_for):
    client = client_for(world.admin)

    def value(**params):
        html = client.get("/stats/", params).content.decode()
        row = re.search(rf'<tr data-code="{NEW}">(.*?)</tr>', html, re.S).group(1)
        return int(re.search(r'class="value-cell">\s*(\d+)', row).group(1))

    assert value(year=YEAR, quarter=1) == 1
    assert value(year=YEAR, quarter=3) == 1
    assert value(year=YEAR, month=11) == 1
    assert value(year=YEAR, month=4) == 0
    assert value(start="2013-07-01", end="2013-12-31") == 2
    # a date range wins over the year the box still shows
    assert value(year=2020, start="2013-01-01", end="2013-03-31") == 1


def test_a_town_user_sees_their_subtree_only(world, founded, client_for):
    client = client_for(world.town_a_user)
    mine = client.get("/stats/", {"year": YEAR}).content.decode()
    row = re.search(rf'<tr data-code="{NEW}">(.*?)</tr>', mine, re.S).group(1)
    assert re.search(r'class="value-cell">\s*2 家', row)
    # another town: 404 with a Chinese message, no figure of it
    other = client.get("/stats/", {"year": YEAR, "org": world.town_b.pk})
    assert other.status_code == 404
    body = other.content.decode()
    assert "所选组织不存在或不在您的管理范围内" in body and "南村镇总工会 ·" not in body
    assert 'data-code="' not in body
    page = client.get(f"/stats/{NEW}/", {"year": YEAR, "org": world.union_b.pk})
    assert page.status_code == 404 and "所选组织不存在或不在您的管理范围内" in page.content.decode()


def test_a_child_in_scope_may_be_asked_for(world, founded, client_for):
    response = client_for(world.admin).get("/stats/", {"year": YEAR, "org": world.town_b.pk})
    html = response.content.decode()
    assert "南村镇总工会 · 2013年" in html
    row = re.search(rf'<tr data-code="{NEW}">(.*?)</tr>', html, re.S).group(1)
    assert re.search(r'class="value-cell">\s*1 家', row)
    # its indicator links keep the organization
    assert f"org={world.town_b.pk}" in row


@pytest.mark.parametrize("persona", ["chair_a", "lawyer_a"])
def test_a_role_without_reports_view_sees_no_statistics_page(world, client_for, persona):
    client = client_for(getattr(world, persona))
    for url in ("/stats/", f"/stats/{NEW}/", "/stats/no.such/"):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "您没有权限" in response.content.decode()
    assert 'href="/stats/"' not in client.get("/").content.decode()  # nor the menu item


def test_an_indicator_needs_its_own_permission_too(world, client_for):
    # the auditor checks the figures (reports.view) but may not see the cases (rights.stats)
    client = client_for(world.auditor)
    html = client.get("/stats/").content.decode()
    assert f'data-code="{NEW}"' in html
    cases = [i for i in registry["indicators"].values() if i.permission == "rights.stats"]
    for ind in cases:
        assert f'data-code="{ind.code}"' not in html
        assert client.get(f"/stats/{ind.code}/").status_code == 403


def test_the_menu_and_the_breadcrumbs(world, client_for):
    html = client_for(world.town_a_user).get("/stats/").content.decode()
    assert '<a href="/stats/" class="nav-link active" data-key="stats" aria-current="page">' in html
    crumbs = re.search(r'<ol class="breadcrumb".*?</ol>', html, re.S).group(0)
    assert [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<li.*?</li>", crumbs)] == [
        "首页",
        "统计报表",
        "统计指标",
    ]
    page = client_for(world.town_a_user).get(f"/stats/{NEW}/").content.decode()
    crumbs = re.search(r'<ol class="breadcrumb".*?</ol>', page, re.S).group(0)
    assert '<a href="/stats/">统计指标</a>' in crumbs and "新组建工会</li>" in crumbs


# ---- an indicator's page ---------------------------------------------------------------------


def test_an_indicator_page_shows_its_value_definition_trend_and_towns(world, founded, client_for):
    response = client_for(world.admin).get(f"/stats/{NEW}/", {"year": YEAR})
    assert response.status_code == 200
    html = response.content.decode()
    ind = registry["indicators"][NEW]
    assert ind.definition in html
    assert re.search(r'id="figure-value">[^<]*(<a [^>]*>)?3', html)
    # the trend: twelve months, the flow's months adding up to the year
    trend = _json(response, "trend-data")
    assert trend["labels"] == [f"{m}月" for m in range(1, 13)]
    assert trend["values"][2] == 1 and trend["values"][6] == 1 and trend["values"][10] == 1
    assert sum(trend["values"]) == 3 and trend["kind"] == "flow"
    # the breakdown: every town, in the tree's order, each linking to its own page
    assert _rows(response, "breakdown") == [["市桥街道总工会", "2"], ["南村镇总工会", "1"]]
    bars = _json(response, "bars-data")["sets"][0]
    assert bars["labels"] == ["市桥街道总工会", "南村镇总工会"] and bars["values"] == [2, 1]
    url = urlparse(bars["urls"][0])
    assert url.path == f"/stats/{NEW}/"
    assert parse_qs(url.query) == {"year": [str(YEAR)], "org": [str(world.town_a.pk)]}
    assert f'href="{bars["urls"][0]}" class="child-link"'.replace("&", "&amp;") in html


def test_a_child_without_rows_is_listed_with_zero(world, client_for):
    make_org(world.town_a, OrgKind.GRASSROOTS, established_on=ON(YEAR, 3, 5))
    response = client_for(world.admin).get(f"/stats/{NEW}/", {"year": YEAR})
    assert _rows(response, "breakdown") == [["市桥街道总工会", "1"], ["南村镇总工会", "0"]]


def test_past_so_many_children_the_table_shows_the_largest(world, founded, client_for, monkeypatch):
    # a town has up to 1,300 grassroots unions: past LINES_MAX the table shows the largest
    monkeypatch.setattr("gonghui.reports.views_stats.LINES_MAX", 1)
    response = client_for(world.admin).get(f"/stats/{NEW}/", {"year": YEAR})
    assert _rows(response, "breakdown") == [["市桥街道总工会", "2"]]
    assert "（共2个，显示数值最大的1个）" in response.content.decode()


def test_own_rows_are_shown_first_as_benji_where_they_mean_something(world, client_for, declared):
    # given members of the district itself (its staff) and of a union in town A
    make_member(world.district, joined_on=ON(YEAR, 2, 1))
    make_member(world.union_a, joined_on=ON(YEAR, 3, 1))
    make_member(world.union_a, joined_on=ON(YEAR, 4, 1))
    response = client_for(world.admin).get(f"/stats/{OWN_ROWS}/", {"year": YEAR})
    rows = _rows(response, "breakdown")
    assert rows == [["番禺区总工会（本级）", "1"], ["市桥街道总工会", "2"], ["南村镇总工会", "0"]]
    # 本级 is no organization to drill into
    assert _json(response, "bars-data")["sets"][0]["urls"][0] == ""


def test_clicking_a_child_drills_down_to_its_page_and_back_up(world, founded, client_for):
    client = client_for(world.admin)
    first = client.get(f"/stats/{NEW}/", {"year": YEAR})
    child_url = _json(first, "bars-data")["sets"][0]["urls"][0]
    child = client.get(child_url)
    html = child.content.decode()
    assert child.status_code == 200 and "市桥街道总工会 · 2013年" in html
    assert re.search(r'id="figure-value">[^<]*(<a [^>]*>)?2', html)
    # town A's own unions are its children now
    names = [row[0] for row in _rows(child, "breakdown")]
    assert names == ["甲公司工会委员会", *(o.name for o in founded[:2])]
    up = re.search(r'<a href="([^"]+)" id="up-link">番禺区总工会</a>', html)
    assert up and parse_qs(urlparse(up.group(1).replace("&amp;", "&")).query) == {
        "year": [str(YEAR)]
    }


def test_a_count_links_to_its_list_and_a_rate_its_two_lists(world, founded, client_for, declared):
    client = client_for(world.admin)
    flow = client.get(f"/stats/{FLOW}/", {"year": YEAR}).content.decode()
    district = world.district.path
    # count=exact: the list counts every row, so it says as many as the figure past its cap
    listed = f"/orgs/list/?path={district}&amp;from=2013-01-01&amp;to=2013-12-31&amp;count=exact"
    assert f'<a href="{listed}" title="查看这些记录">3</a>' in flow
    town = f"/orgs/list/?path={world.town_a.path}&amp;from=2013-01-01&amp;to=2013-12-31&amp;count=exact"
    assert f'<a href="{town}" title="查看这些记录">2</a>' in flow  # each child's rows
    rate = client.get(f"/stats/{RATE}/", {"year": YEAR}).content.decode()
    counts = re.search(r'id="figure-counts">(.*?)</div>', rate, re.S).group(1)
    assert f'分子 <a href="{listed}" title="查看这些记录">3</a>' in counts
    assert "分母 5" in counts and "分母 <a" not in counts  # no list given: no link
    # an indicator whose app gives no list has no link
    plain = client.get(f"/stats/{NEW}/", {"year": YEAR}).content.decode()
    if registry["indicators"][NEW].measure.list_url is None:
        assert 'title="查看这些记录"' not in plain


def test_a_rate_against_its_target(world, founded, client_for, declared):
    target_set(actor=world.admin, code=RATE, year=YEAR, organization=world.district, value="60")
    target_set(actor=world.admin, code=RATE, year=YEAR, organization=world.town_a, value="80")
    response = client_for(world.admin).get(f"/stats/{RATE}/", {"year": YEAR})
    html = response.content.decode()
    assert "目标 ≥ 60%" in html
    trend = _json(response, "trend-data")
    assert trend["target"] == 60.0 and trend["target_label"] == "目标 ≥ 60%"
    assert trend["kind"] == "rate" and len(trend["values"]) == 12
    # the towns with their counts and targets
    rows = _rows(response, "breakdown")
    assert rows == [
        ["市桥街道总工会", "66.7%", "2", "3", "≥ 80%"],
        ["南村镇总工会", "50.0%", "1", "2", "—"],
    ]
    # a quarter is not judged against the year's target
    quarter = client_for(world.admin).get(f"/stats/{RATE}/", {"year": YEAR, "quarter": 1})
    assert _json(quarter, "trend-data")["target"] is None


def test_a_flow_with_a_date_costs_one_trend_query_whatever_the_months(
    world, founded, client_for, declared
):
    client = client_for(world.admin)

    def queries(**params):
        client.get(f"/stats/{FLOW}/", params)  # warm: session, permissions
        with CaptureQueriesContext(connection) as captured:
            response = client.get(f"/stats/{FLOW}/", params)
        return len(captured), response

    # two ranges that are no whole year (a year's page also reads its targets)
    months12, response = queries(start="2013-02-01", end="2014-01-31")
    months3, _ = queries(start="2013-02-01", end="2013-04-30")
    assert months12 == months3
    assert _json(response, "trend-data")["values"] == [0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0]


def test_the_trend_of_the_current_year_stops_at_this_month(world, client_for):
    trend = _json(client_for(world.admin).get(f"/stats/{NEW}/"), "trend-data")
    assert len(trend["labels"]) == today().month


def test_a_long_range_is_trended_by_year(world, founded, client_for):
    response = client_for(world.admin).get(
        f"/stats/{NEW}/", {"start": "2010-01-01", "end": "2013-12-31"}
    )
    trend = _json(response, "trend-data")
    assert trend["labels"] == ["2010年", "2011年", "2012年", "2013年"]
    assert trend["values"] == [0, 0, 0, 3]
    # a range across two years is by month, named with its year
    across = client_for(world.admin).get(
        f"/stats/{NEW}/", {"start": "2012-11-15", "end": "2013-03-31"}
    )
    trend = _json(across, "trend-data")
    assert trend["labels"] == ["2012-11", "2012-12", "2013-01", "2013-02", "2013-03"]
    assert trend["values"] == [0, 0, 0, 0, 1]
    # a range starting mid-year, over 24 months: its first year is a part of one
    long = client_for(world.admin).get(
        f"/stats/{NEW}/", {"start": "2011-06-01", "end": "2013-12-31"}
    )
    assert _json(long, "trend-data")["labels"] == ["2011年", "2012年", "2013年"]


# ---- bad input: a Chinese error, never a server error ------------------------------------------

BAD = [
    ({"year": "1800"}, 400, "年度须在 2000 至 2100 年之间"),
    ({"year": "abc"}, 400, "年度须为四位数字年份"),
    ({"year": "2013", "quarter": "5"}, 400, "季度只能选第一至第四季度"),
    ({"year": "2013", "month": "13"}, 400, "月份只能选1至12月"),
    ({"year": "2013", "quarter": "1", "month": "2"}, 400, "季度和月份只能选一项"),
    ({"start": "2013-02-01", "end": "2013-01-01"}, 400, "结束日期不能早于开始日期"),
    ({"start": "2013-02-01"}, 400, "开始和结束日期都要填写"),
    ({"start": "2013-13-45", "end": "2013-12-31"}, 400, "开始日期应为日期"),
    ({"start": "1500-01-01", "end": "2013-12-31"}, 400, "日期须在 2000 至 2100 年之间"),
    ({"org": "abc"}, 404, "没有名为「abc」的组织"),
    ({"org": "99999999"}, 404, "所选组织不存在或不在您的管理范围内"),
    ({"org": "1" * 17}, 404, "所选组织不存在或不在您的管理范围内"),
    ({"org": "-1"}, 404, "组织"),
]


@pytest.mark.parametrize("params,status,message", BAD)
@pytest.mark.parametrize("page", ["/stats/", f"/stats/{NEW}/"])
def test_bad_input_is_said_in_chinese(world, client_for, page, params, status, message):
    response = client_for(world.town_a_user).get(page, params)
    assert response.status_code == status
    assert message in response.content.decode()


def test_an_unknown_code_is_a_404_in_chinese(world, client_for):
    response = client_for(world.admin).get("/stats/no.such.thing/")
    assert response.status_code == 404
    assert "没有代码为「no.such.thing」的指标" in response.content.decode()


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    params=st.dictionaries(
        st.sampled_from(["year", "quarter", "month", "start", "end", "org"]),
        st.one_of(
            st.text(max_size=12).filter(lambda t: "\x00" not in t),
            st.integers(-(10**20), 10**20).map(str),
            st.dates().map(str),
        ),
    ),
    page=st.sampled_from(["/stats/", f"/stats/{NEW}/"]),
)
def test_any_input_is_a_page_or_a_chinese_error(world, client_for, params, page):
    response = client_for(world.town_a_user).get(page, params)
    assert response.status_code in (200, 400, 404), (params, response.status_code)
    if response.status_code != 200:
        assert re.search(r"[\u4e00-\u9fff]", response.content.decode())


# ---- the catalog's export -----------------------------------------------------------------------


def test_the_catalog_exports_to_xlsx_audited_and_formula_safe(
    world, founded, client_for, django_capture_on_commit_callbacks
):
    # given a town whose name a spreadsheet would take for a formula
    rogue = make_org(world.district, OrgKind.TOWN, '=HYPERLINK("http://x","点我")')
    make_org(rogue, OrgKind.GRASSROOTS, established_on=ON(YEAR, 5, 1))
    client = client_for(world.admin)
    page = client.get("/stats/", {"year": YEAR, "org": rogue.pk}).content.decode()
    assert 'action="/exports/reports.stats/"' in page
    # when the page's export is asked for, with the page's filters
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/exports/reports.stats/", {"year": YEAR, "org": rogue.pk})
    assert response.status_code in (200, 302)
    job = Job.objects.latest("pk")
    download = client.get(f"/jobs/{job.pk}/download/")
    assert download.status_code == 200, (job.status, job.message)
    book = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    sheet = book.active
    header = [c.value for c in sheet[1]]
    assert header[:6] == ["统计期", "组织", "分类", "指标", "数值", "单位"]
    lines = {row[3].value: row for row in sheet.iter_rows(min_row=2)}
    new = lines["新组建工会"]
    assert [new[0].value, new[4].value, new[5].value] == ["2013年", 1, "家"]
    # text, not a formula (core.tabular writes it as text, marked with a leading quote)
    assert new[1].data_type == "s" and new[1].value.lstrip("'") == rogue.name
    assert new[8].value == registry["indicators"][NEW].definition
    # then the export is in the audit log with its filters
    entry = AuditEntry.objects.filter(action="reports.stats.exported").latest("pk")
    assert entry.data["filters"]["org"] == rogue.pk and entry.data["rows"] == len(lines)


def test_a_role_without_reports_view_may_not_export(world, client_for):
    response = client_for(world.chair_a).post("/exports/reports.stats/", {"year": YEAR})
    assert response.status_code == 403


# ---- the home page -----------------------------------------------------------------------------


def _year_founded(world, towns):
    this = today().year
    for town in towns:
        make_org(town, OrgKind.GRASSROOTS, established_on=ON(this, 1, 15))


def test_the_home_page_shows_the_years_key_figures_with_links_and_a_chart(world, client_for):
    _year_founded(world, [world.town_a, world.town_a, world.town_b])
    client = client_for(world.admin)
    # the home page holds the slot the figures are loaded into after it
    home = client.get("/").content.decode()
    assert 'id="widget-reports.figures"' in home
    assert 'hx-get="/stats/home/" hx-trigger="load"' in home
    response = client.get("/stats/home/")
    html = response.content.decode()
    assert f"{today().year}年主要指标" in html
    card = re.search(
        rf'<a class="card key-figure[^"]*" href="([^"]+)" data-code="{NEW}">(.*?)</a>', html, re.S
    )
    assert card and card.group(1) == f"/stats/{NEW}/?year={today().year}"
    assert '<div class="num">3</div>' in card.group(2)
    chart = _json(response, "dashboard-data")
    titles = [s["title"] for s in chart["sets"]]
    new = chart["sets"][titles.index("新组建工会")]
    assert new["labels"] == ["市桥街道总工会", "南村镇总工会"] and new["values"] == [2, 1]
    assert f"org={world.town_a.pk}" in new["urls"][0]
    # only registered indicators, in the order of DASHBOARD_CODES
    codes = re.findall(r'class="card key-figure[^"]*" href="[^"]+" data-code="([^"]+)"', html)
    assert codes == [c for c in DASHBOARD_CODES if c in registry["indicators"]]


def test_a_key_figure_not_registered_is_left_out(world):
    figures = dashboard_figures(
        user=world.admin, period=Period.year(YEAR), org=world.district, codes=("no.such", NEW)
    )
    assert [f.indicator.code for f in figures] == [NEW]


def test_the_home_page_figures_are_the_users_subtree(world, client_for):
    _year_founded(world, [world.town_a, world.town_b])
    html = client_for(world.town_a_user).get("/stats/home/").content.decode()
    card = re.search(rf'data-code="{NEW}">(.*?)</a>', html, re.S).group(1)
    assert '<div class="num">1</div>' in card
    assert "南村镇总工会" not in html


@pytest.mark.parametrize("persona", ["chair_a", "lawyer_a"])
def test_no_figures_on_the_home_page_without_reports_view(world, client_for, persona):
    client = client_for(getattr(world, persona))
    assert "widget-reports.figures" not in client.get("/").content.decode()
    assert client.get("/stats/home/").status_code == 403


def test_the_home_page_costs_the_same_queries_for_two_towns_or_eight(world, client_for):
    client = client_for(world.admin)

    def count() -> int:
        client.get("/stats/home/")
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/").status_code == 200
            assert client.get("/stats/home/").status_code == 200
        return len(captured)

    _year_founded(world, [world.town_a, world.town_b])
    two = count()
    for n in range(6):
        town = make_org(world.district, OrgKind.TOWN, f"新镇{n}")
        _year_founded(world, [town, town])
    assert count() == two


def test_figure_text_writes_each_unit_its_way():
    from gonghui.reports.templatetags.indicator_tags import figure_text, target_text

    assert figure_text(12345, "人") == "12,345"
    assert figure_text(Decimal("85.0"), "%") == "85.0%"
    assert figure_text(Decimal("1468108.4"), "元") == "1,468,108.40"
    assert figure_text(None, "%") == "—"
    assert target_text(Decimal("80.00"), "%") == "80%"
    assert target_text(Decimal("845.00"), "家") == "845"


def test_the_drill_down_list_says_as_many_rows_as_the_figure_past_its_cap(
    world, client_for, settings
):
    """新发展会员 7 with lists capped at 5: the figure's link opens the member list counting
    all its rows, "共 7 条", not "5+"."""
    settings.LIST_COUNT_CAP = 5
    for n in range(7):
        make_member(world.union_a, name=f"新会员{n}", joined_on=datetime.date(2013, 3, n + 1))
    make_member(world.union_a, name="老会员", joined_on=datetime.date(2012, 3, 1))
    client = client_for(world.admin)
    page = client.get("/stats/members.members.new/", {"year": 2013}).content.decode()
    link = re.search(r'<a href="([^"]+)" title="查看这些记录">7</a>', page).group(1)
    listed = client.get(link.replace("&amp;", "&"))
    assert listed.status_code == 200 and "共 7 条" in listed.content.decode()
    assert [m.name for m in listed.context["page"]] == [f"新会员{n}" for n in range(7)]


def test_an_indicators_breakdown_exports_to_xlsx(
    world, founded, client_for, django_capture_on_commit_callbacks
):
    """The indicator page's export button posts its period, organization and code; the file
    holds the organization's figure and every child's, as the table shows them."""
    client = client_for(world.admin)
    page = client.get(f"/stats/{NEW}/", {"year": YEAR}).content.decode()
    assert 'action="/exports/reports.stats.breakdown/"' in page
    assert f'name="code" value="{NEW}"' in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/exports/reports.stats.breakdown/", {"year": YEAR, "code": NEW})
    job = Job.objects.latest("pk")
    download = client.get(f"/jobs/{job.pk}/download/")
    assert download.status_code == 200, (job.status, job.message)
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    lines = [[c.value for c in row[2:4]] for row in sheet.iter_rows(min_row=2)]
    shown = _rows(client.get(f"/stats/{NEW}/", {"year": YEAR}), "breakdown")
    assert lines[0] == [f"{world.district.name}（合计）", 3]
    assert [[name, str(value)] for name, value in lines[1:]] == [row[:2] for row in shown]
    # a code the user may not see gives an empty file, not someone else's figures
    with django_capture_on_commit_callbacks(execute=True):
        client_for(world.chair_a).post("/exports/reports.stats.breakdown/", {"code": NEW})
    assert AuditEntry.objects.filter(action="reports.stats.exported").count() == 1


@pytest.mark.parametrize("code", ["", "no.such.code", "x" * 500])
def test_a_breakdown_export_of_no_indicator_is_refused_in_chinese(world, client_for, code):
    response = client_for(world.admin).post("/exports/reports.stats.breakdown/", {"code": code})
    assert response.status_code == 400 and "导出的页面参数无效" in response.content.decode()
    assert not Job.objects.exists()
