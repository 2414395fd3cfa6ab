"""The congress and open-affairs rates counted the report's way, by hand: among the year's
unionized non-public employers (and apart, the public sector), those with a quorate session
in the year and a complete record of the year. An inquorate session, a session of the year
before, an employer without a union, a union founded the next year, a state employer each
move (or do not move) exactly what they should; the indicator, the rates page, the work
list and the API agree."""

import datetime

import pytest

from gonghui.core.indicators import Period, breakdown, figure, indicator
from gonghui.democracy.queries.congress import (
    employers_with_congress,
    employers_with_open_affairs,
)
from gonghui.democracy.tests.factories_congress import make_record, make_session
from gonghui.orgs.choices import OrgKind, Ownership
from gonghui.orgs.tests.factories import EmployerFactory, make_org

pytestmark = pytest.mark.django_db
Y2013 = Period.year(2013)
EMPLOYERS = "/democracy/congress/employers/"


@pytest.fixture
def district(world):
    """Town A: employer_a (private) quorate in 2013, full record; 丙 inquorate in 2013, a
    record missing an item; 丁 quorate only in 2012; 戊 has no union; 己 a union founded in
    2014; 庚 a state employer, quorate. Town B: employer_b (private), nothing."""
    a = world.employer_a
    make_session(a, datetime.date(2013, 4, 20), due=60, attended=40)  # exactly two thirds
    make_record(a, 2013)
    c = EmployerFactory(name="丙制衣有限公司", town=world.town_a,
                        union=make_org(world.town_a, OrgKind.GRASSROOTS, "丙工会"))  # fmt: skip
    make_session(c, datetime.date(2013, 6, 1), due=60, attended=39)
    make_record(c, 2013, items=["hiring", "contract", "discipline", "safety"])
    d = EmployerFactory(name="丁印刷有限公司", town=world.town_a,
                        union=make_org(world.town_a, OrgKind.GRASSROOTS, "丁工会"))  # fmt: skip
    make_session(d, datetime.date(2012, 12, 31))
    make_record(d, 2012)
    EmployerFactory(name="戊贸易有限公司", town=world.town_a, union=None)
    late = make_org(world.town_a, OrgKind.GRASSROOTS, "己工会",
                    established_on=datetime.date(2014, 3, 1))  # fmt: skip
    EmployerFactory(name="己科技有限公司", town=world.town_a, union=late)
    g = EmployerFactory(name="庚国有公司", town=world.town_a, ownership=Ownership.STATE,
                        union=make_org(world.town_a, OrgKind.GRASSROOTS, "庚工会"))  # fmt: skip
    make_session(g, datetime.date(2013, 9, 9))
    make_record(g, 2013)
    return world


def _figure(code, world, org=None, period=Y2013):
    org = org or world.district
    return figure(indicator(code), user=world.admin, period=period, org_path=org.path)


def test_the_rules_decide_who_counts(district):
    assert set(employers_with_congress(2013).values_list("name", flat=True)) == {
        "甲电子有限公司", "庚国有公司"}  # fmt: skip
    assert set(employers_with_open_affairs(2013).values_list("name", flat=True)) == {
        "甲电子有限公司", "庚国有公司"}  # fmt: skip
    assert set(employers_with_congress(2012).values_list("name", flat=True)) == {"丁印刷有限公司"}


def test_the_non_public_rates_by_hand(district):
    # 甲, 丙, 丁 in town A and 乙 in town B: 4 unionized private employers at 2013's end
    for code in ("democracy.congress.non_public_rate", "democracy.open_affairs.non_public_rate"):
        found = _figure(code, district)
        assert (found.numerator, found.denominator, str(found.value)) == (1, 4, "25.0")
        town_a = _figure(code, district, district.town_a)
        assert (town_a.numerator, town_a.denominator) == (1, 3)
        parts = breakdown(indicator(code), user=district.admin, period=Y2013,
                          org_path=district.district.path).parts  # fmt: skip
        assert parts[district.town_b.pk].denominator == 1
    # 2014: 己's union now counts, nobody held a congress
    found = _figure("democracy.congress.non_public_rate", district, period=Period.year(2014))
    assert (found.numerator, found.denominator) == (0, 5)


def test_the_public_sector_rates(district):
    for code in ("democracy.congress.public_rate", "democracy.open_affairs.public_rate"):
        found = _figure(code, district)
        assert (found.numerator, found.denominator, str(found.value)) == (1, 1, "100.0")


def test_sessions_held(district):
    assert _figure("democracy.congress.sessions", district).value == 2  # not the inquorate one
    assert _figure("democracy.congress.sessions", district, period=Period.year(2012)).value == 1


def test_the_drill_down_lists_hold_the_figures_rows(district, client_for):
    ind = indicator("democracy.congress.non_public_rate")
    client = client_for(district.admin)
    for measure, expected in ((ind.numerator, {"甲电子有限公司"}),
                              (ind.denominator, {"甲电子有限公司", "丙制衣有限公司",
                                                 "丁印刷有限公司", "乙五金有限公司"})):  # fmt: skip
        url = measure.list_url(Y2013, district.district.path)
        page = client.get(url).context["page"]
        assert {e.name for e in page} == expected, url
    url = ind.numerator.list_url(Y2013, district.town_a.path)
    assert {e.name for e in client.get(url).context["page"]} == {"甲电子有限公司"}
    # a month: 甲's April session
    april = Period.month(2013, 4)
    url = ind.numerator.list_url(april, district.district.path)
    assert "start=2013-04-01" in url
    assert {e.name for e in client.get(url).context["page"]} == {"甲电子有限公司"}
    sessions = indicator("democracy.congress.sessions").measure.list_url(Y2013, "/")
    assert len(client.get(sessions).context["page"]) == 2


def test_the_rates_page_and_api(district, client_for):
    client = client_for(district.admin)
    response = client.get("/democracy/congress/rates/?year=2013")
    html = response.content.decode()
    assert response.status_code == 200 and "25.0%" in html and "100.0%" in html
    [non_public, public] = response.context["groups"]
    assert non_public["rates"]["congress"] == {
        **non_public["rates"]["congress"], "numerator": 1, "denominator": 4}  # fmt: skip
    towns = {row["label"]: row["congress"]["denominator"] for row in non_public["towns"]}
    assert towns == {"市桥街道总工会": 3, "南村镇总工会": 1}
    link = non_public["rates"]["congress"]["missing_url"]
    missing = client.get(EMPLOYERS + link).context["page"]
    assert {e.name for e in missing} == {"丙制衣有限公司", "丁印刷有限公司", "乙五金有限公司"}
    town_a = client.get(f"/democracy/congress/rates/?year=2013&town={district.town_a.pk}")
    assert town_a.context["groups"][0]["rates"]["congress"]["denominator"] == 3
    api = client.get("/api/v1/democracy/congress-rates?year=2013").json()
    assert api["groups"][0]["congress"] == {"numerator": 1, "denominator": 4, "value": 25.0}
    rows = client.get("/api/v1/democracy/congress-employers?year=2013&ownership=non_public"
                      "&congress=false").json()  # fmt: skip
    assert rows["count"] == 3
    # a town's user sees its own town's figures only
    mine = client_for(district.town_a_user).get("/api/v1/democracy/congress-rates?year=2013")
    assert mine.json()["groups"][0]["congress"]["denominator"] == 3
    assert client_for(district.chair_a).get("/democracy/congress/rates/").status_code == 403


def test_a_session_entered_moves_the_rate(district, client_for):
    from gonghui.democracy.services.congress import session_create

    before = _figure("democracy.congress.non_public_rate", district)
    session_create(
        actor=district.town_a_user, employer=district.employer_a.__class__.objects.get(
            name="丙制衣有限公司"), form="congress", held_on=datetime.date(2013, 11, 1),
        workers_total=500, delegates_total=40, delegates_attended=30, frontline_delegates=25,
        manager_delegates=5, agenda="审议职工福利方案",
    )  # fmt: skip
    after = _figure("democracy.congress.non_public_rate", district)
    assert (before.numerator, after.numerator, after.denominator) == (1, 2, 4)
