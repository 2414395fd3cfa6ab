"""The rating's indicators (DEMO-3) by hand: employers rated by level in the period their
round was published, the valid ratings at the period's end, the awards; for the district and
each town (adding up), and each drill-down list shows exactly the figure's rows."""

import datetime
import re

import pytest

from gonghui.core import clock
from gonghui.core.indicators import Period, breakdown, figure, indicator
from gonghui.democracy.choices import AwardKind, RatingLevel
from gonghui.democracy.services import ratings as services
from gonghui.democracy.tests.factories_ratings import (
    NOTICE_END,
    NOTICE_START,
    congress,
    dual_display,
    manual,
    open_affairs,
    open_round,
    set_today,
    wage_contract,
)

pytestmark = pytest.mark.django_db
Y = Period.year(2026)


@pytest.fixture(autouse=True)
def _real_clock():
    yield
    clock.forget()


def _closed_round(world):
    for e, u in ((world.employer_a, world.union_a), (world.employer_b, world.union_b)):
        wage_contract(e)
        congress(e)
        open_affairs(e)
        dual_display(u)
    round = open_round(world)
    staff = world.district_staff
    for employer, level, town_user in (
        (world.employer_a, RatingLevel.AAA, world.town_a_user),
        (world.employer_b, RatingLevel.AA, world.town_b_user),
    ):
        a = services.application_create(
            actor=staff, round=round, employer=employer, level_applied=level
        )
        a = services.application_score(
            actor=staff, application=a, version=a.version, points=manual(a)
        )
        a = services.application_town_review(actor=town_user, application=a, version=a.version)
        a.refresh_from_db()
        services.application_approve(actor=staff, application=a, version=a.version)
    for name in ("陈总", "刘总"):
        w = services.award_create(actor=staff, round=round, kind=AwardKind.CARING_EMPLOYER,
                                  employer=world.employer_a, name=name, deeds="关爱职工。")  # fmt: skip
        services.award_approve(actor=staff, award=w, version=w.version)
    w = services.award_create(actor=staff, round=round, kind=AwardKind.DEVOTED_EMPLOYEE,
                              employer=world.employer_b, name="李四", deeds="爱岗敬业。")  # fmt: skip
    round.refresh_from_db()
    round = services.round_review(actor=staff, round=round, version=round.version)
    set_today(NOTICE_START)
    round = services.round_notice(actor=staff, round=round, version=round.version)
    set_today(NOTICE_END + datetime.timedelta(days=1))
    services.round_close(
        actor=staff, round=round, version=round.version, document_no="番工〔2026〕7号"
    )


def _value(world, code, org, period=Y, user=None):
    return figure(indicator(code), user=user or world.admin, period=period, org_path=org.path).value


def test_the_figures_by_hand(world):
    _closed_round(world)
    d, a, b = world.district, world.town_a, world.town_b
    assert _value(world, "democracy.ratings.aaa", d) == 1
    assert _value(world, "democracy.ratings.aa", d) == 1
    assert _value(world, "democracy.ratings.a", d) == 0
    assert (
        _value(world, "democracy.ratings.aaa", a) == 1
        and _value(world, "democracy.ratings.aaa", b) == 0
    )
    assert _value(world, "democracy.ratings.aa", b) == 1
    assert _value(world, "democracy.awards.caring_employer", d) == 2
    assert _value(world, "democracy.awards.devoted_employee", d) == 0  # not approved: not given
    assert _value(world, "democracy.ratings.valid", d) == 2
    assert _value(world, "democracy.ratings.valid", d, Period.year(2030)) == 0  # past 2029-10-10
    assert _value(world, "democracy.ratings.aaa", d, Period.year(2025)) == 0
    assert _value(world, "democracy.ratings.aaa", d, Period.month(2026, 10)) == 1
    assert _value(world, "democracy.ratings.aaa", d, Period.month(2026, 9)) == 0
    # a town's user sees its own town only
    assert _value(world, "democracy.ratings.valid", d, user=world.town_a_user) == 1
    parts = breakdown(
        indicator("democracy.ratings.valid"), user=world.admin, period=Y, org_path=d.path
    )
    assert {k: f.value for k, f in parts.parts.items()} == {a.pk: 1, b.pk: 1}


def _rows(client, url) -> int:
    page = client.get(url).content.decode()
    body = re.search(r"<tbody>(.*?)</tbody>", page, re.S).group(1)
    return body.count("<tr>") - body.count("没有符合条件")


def test_each_drill_down_lists_the_figures_rows(world, client_for):
    _closed_round(world)
    codes = ["democracy.ratings.a", "democracy.ratings.aa", "democracy.ratings.aaa",
             "democracy.ratings.valid", "democracy.awards.caring_employer",
             "democracy.awards.devoted_employee"]  # fmt: skip
    client = client_for(world.district_staff)
    for org in (world.district, world.town_a, world.town_b):
        for code in codes:
            ind = indicator(code)
            url = ind.measure.list_url(Y, org.path)
            expected = _value(world, code, org)
            assert _rows(client, url) == expected, (code, org.name, url)
