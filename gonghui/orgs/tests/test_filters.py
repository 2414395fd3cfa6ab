"""The orgs lists' filters (issue #10, Lists): each narrows the page within the user's
scope, and a filter given wrongly is said in Chinese on a 200 page (the list unfiltered)."""

import datetime

import pytest

from gonghui.core.clock import today
from gonghui.orgs.choices import OrgKind, WomenOrg
from gonghui.orgs.models import Term
from gonghui.orgs.tests.factories import EmployerFactory, make_org

pytestmark = pytest.mark.django_db


def _page(client, url, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


# ---- organizations (/orgs/list/) -------------------------------------------------------------


def test_organizations_filter_by_established_year_state_and_flags(world, client_for):
    # given
    make_org(
        world.town_a,
        name="丙公司工会委员会",
        established_on=datetime.date(2015, 6, 1),
        signboard_displayed=True,
        chair_identity_displayed=True,
    )
    make_org(
        world.town_a,
        name="丁公司工会委员会",
        established_on=datetime.date(2019, 3, 1),
        is_active=False,
    )
    client = client_for(world.town_a_user)
    # when / then: each filter keeps the row that matches and drops the one that does not
    year = _page(client, "/orgs/list/", established_year="2015")
    assert "丙公司工会委员会" in year and "丁公司工会委员会" not in year
    retired = _page(client, "/orgs/list/", active="no")
    assert "丁公司工会委员会" in retired and "丙公司工会委员会" not in retired
    signboard = _page(client, "/orgs/list/", signboard="yes")
    assert "丙公司工会委员会" in signboard and "甲公司工会委员会" not in signboard
    no_identity = _page(client, "/orgs/list/", chair_identity="no")
    assert "丁公司工会委员会" in no_identity and "丙公司工会委员会" not in no_identity


def test_organizations_filter_by_kind_town_and_parent(world, client_for):
    federation = make_org(world.town_a, OrgKind.AREA_FEDERATION, "市桥街道商会工会联合会")
    make_org(federation, name="联合会下属工会委员会")
    client = client_for(world.admin)
    town_a = _page(client, "/orgs/list/", town=world.town_a.pk)
    assert "甲公司工会委员会" in town_a and "乙公司工会委员会" not in town_a
    kind = _page(client, "/orgs/list/", kind=OrgKind.AREA_FEDERATION)
    assert "市桥街道商会工会联合会" in kind and "甲公司工会委员会" not in kind
    children = _page(client, "/orgs/list/", parent=federation.pk)
    assert "联合会下属工会委员会" in children and "甲公司工会委员会" not in children


def test_organizations_never_show_another_towns_row_whatever_the_filter(world, client_for):
    make_org(world.town_b, name="乙镇老工会委员会", established_on=datetime.date(2015, 1, 1))
    client = client_for(world.town_a_user)
    for params in ({}, {"established_year": "2015"}, {"town": world.town_b.pk}):
        assert "乙镇老工会委员会" not in _page(client, "/orgs/list/", **params)


def test_bad_organization_filters_are_said_in_chinese(world, client_for):
    client = client_for(world.town_a_user)
    page = _page(client, "/orgs/list/", established_year="abc")
    assert "成立年份须为四位数字年份" in page and "列表未按条件筛选" in page
    assert "甲公司工会委员会" in page  # shown unfiltered
    assert "成立年份须在 1900 至 2100 年之间" in _page(client, "/orgs/list/", established_year="-3")
    # a town or parent outside the scope is refused, not widened to it
    page = _page(client, "/orgs/list/", town=world.town_b.pk)
    assert "所选镇街不存在或不在您的管理范围内" in page and "乙公司工会委员会" not in page
    page = _page(client, "/orgs/list/", parent=world.town_b.pk)
    assert "所选组织不存在或不在您的管理范围内" in page and "乙公司工会委员会" not in page


# ---- employers (/employers/) -----------------------------------------------------------------


def test_employers_filter_by_headcount_flags_and_union_year(world, client_for):
    union = make_org(
        world.town_a, name="戊公司工会委员会", established_on=datetime.date(2012, 5, 1)
    )
    EmployerFactory(
        name="戊派遣有限公司",
        town=world.town_a,
        union=union,
        headcount=800,
        is_labor_dispatch=True,
        is_fortune500=True,
    )
    EmployerFactory(name="己小店", town=world.town_a, headcount=8)
    client = client_for(world.town_a_user)
    big = _page(client, "/employers/", headcount_min="500")
    assert "戊派遣有限公司" in big and "己小店" not in big and "甲电子有限公司" not in big
    dispatch = _page(client, "/employers/", labor_dispatch="yes")
    assert "戊派遣有限公司" in dispatch and "甲电子有限公司" not in dispatch
    not_dispatch = _page(client, "/employers/", labor_dispatch="no")
    assert "己小店" in not_dispatch and "戊派遣有限公司" not in not_dispatch
    fortune = _page(client, "/employers/", fortune500="yes")
    assert "戊派遣有限公司" in fortune and "己小店" not in fortune
    year = _page(client, "/employers/", union_year="2012")
    assert "戊派遣有限公司" in year and "甲电子有限公司" not in year
    # the filters of before still hold beside them
    kept = _page(client, "/employers/", has_union="no", headcount_min="0")
    assert "己小店" in kept and "戊派遣有限公司" not in kept


def test_employer_filters_stay_in_scope(world, client_for):
    EmployerFactory(name="乙镇大厂", town=world.town_b, headcount=5000, is_fortune500=True)
    page = _page(client_for(world.town_a_user), "/employers/", fortune500="yes")
    assert "乙镇大厂" not in page


def test_bad_employer_filters_are_said_in_chinese(world, client_for):
    client = client_for(world.town_a_user)
    page = _page(client, "/employers/", headcount_min="-5")
    assert "职工人数不能为负数" in page and "甲电子有限公司" in page
    assert "职工人数须为整数" in _page(client, "/employers/", headcount_min="很多")
    assert "建会年份须为四位数字年份" in _page(client, "/employers/", union_year="abc")
    assert "「劳务派遣」只能选" in _page(client, "/employers/", labor_dispatch="maybe")


# ---- terms due (/orgs/terms/) ----------------------------------------------------------------


def _term(org, ends_on: datetime.date) -> Term:
    return Term.objects.create(
        organization=org,
        org_path=org.path,
        number=1,
        term_years=5,
        starts_on=ends_on - datetime.timedelta(days=5 * 365),
        ends_on=ends_on,
    )


def _tables(html: str) -> str:
    return html[html.index("<h1>") : html.index("</main>")]


def _table(html: str) -> str:
    """The list itself (the filters' selects name every town)."""
    return html[html.index('<table class="table') :]


def test_terms_filter_by_town_due_and_end_year(world, client_for):
    now = today()
    late = now - datetime.timedelta(days=400)
    _term(world.union_a, late)
    soon_union = make_org(world.town_a, name="庚公司工会委员会")
    _term(soon_union, now + datetime.timedelta(days=10))
    _term(world.union_b, now - datetime.timedelta(days=3))
    client = client_for(world.admin)
    town_a = _tables(_page(client, "/orgs/terms/", town=world.town_a.pk))
    assert "甲公司工会委员会" in town_a and "庚公司工会委员会" in town_a
    assert "乙公司工会委员会" not in town_a
    overdue = _tables(_page(client, "/orgs/terms/", due="overdue"))
    assert "甲公司工会委员会" in overdue and "庚公司工会委员会" not in overdue
    year = _tables(_page(client, "/orgs/terms/", end_year=str(late.year)))
    assert "甲公司工会委员会" in year
    if late.year != (now - datetime.timedelta(days=3)).year:
        assert "乙公司工会委员会" not in year


def test_terms_of_another_town_never_show(world, client_for):
    _term(world.union_b, today() - datetime.timedelta(days=3))
    client = client_for(world.town_a_user)
    for params in ({}, {"town": world.town_b.pk}, {"due": "overdue"}):
        assert "乙公司工会委员会" not in _tables(_page(client, "/orgs/terms/", **params))


def test_bad_term_filters_are_said_in_chinese(world, client_for):
    page = _page(client_for(world.town_a_user), "/orgs/terms/", end_year="abc", due="later")
    assert "届满年份须为四位数字年份" in page and "届满情况" in page


# ---- coverage (/orgs/coverage/) --------------------------------------------------------------


def test_coverage_filters_by_town(world, client_for):
    make_org(world.town_a, name="辛公司工会委员会", women_org=WomenOrg.COMMITTEE)
    client = client_for(world.admin)
    page = _table(_page(client, "/orgs/coverage/", town=world.town_a.pk))
    assert "市桥街道总工会" in page and "南村镇总工会" not in page
    assert "<th>合计</th><th>2</th>" in page  # the total is the town's
    assert "南村镇总工会" in _table(_page(client, "/orgs/coverage/"))


def test_bad_coverage_filter_is_said_in_chinese(world, client_for):
    page = _page(client_for(world.town_a_user), "/orgs/coverage/", town=world.town_b.pk)
    assert "所选镇街不存在或不在您的管理范围内" in page and "南村镇总工会" not in _table(page)
