"""The indicator catalog (issue #13): periods, scope, breakdown by child in one grouped
query, rates, and figures moved by the services' writes. Hand-checked on the small world."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gonghui.core.errors import ApplicationError
from gonghui.core.indicators import (
    OWN,
    Indicator,
    Kind,
    Measure,
    Period,
    breakdown,
    catalog,
    figure,
    indicator,
)
from gonghui.members.indicators import members_joined, members_standing
from gonghui.members.models import Member
from gonghui.members.services import member_create
from gonghui.members.tests.factories import make_member, new_ric
from gonghui.orgs.choices import OrgKind
from gonghui.orgs.tests.factories import make_org

pytestmark = pytest.mark.django_db
Y2013 = Period.year(2013)


def test_periods():
    assert Period.quarter(2013, 4) == Period(
        datetime.date(2013, 10, 1), datetime.date(2013, 12, 31)
    )
    assert Period.month(2012, 2).end == datetime.date(2012, 2, 29)
    assert Period.year(2013).label == "2013年"
    assert [p.start.month for p in Period(datetime.date(2013, 11, 15), Y2013.end).months()] == [
        11,
        12,
    ]
    with pytest.raises(ApplicationError, match="开始日期不能晚于结束日期"):
        Period(datetime.date(2013, 2, 1), datetime.date(2013, 1, 1))
    with pytest.raises(ApplicationError, match="季度"):
        Period.quarter(2013, 5)


def _founded(world):
    """Three unions founded in 2013 (two in town A, one in town B), one in 2012."""
    for parent, day in ((world.town_a, 5), (world.town_a, 6), (world.town_b, 7)):
        make_org(parent, OrgKind.GRASSROOTS, established_on=datetime.date(2013, 3, day))
    make_org(world.town_b, OrgKind.GRASSROOTS, established_on=datetime.date(2012, 3, 1))


def test_new_unions_of_a_year_by_town_and_for_a_town(world):
    _founded(world)
    new = indicator("orgs.unions.new")
    parts = breakdown(new, user=world.admin, period=Y2013, org_path=world.district.path)
    assert parts.total.value == 3
    assert {k: f.value for k, f in parts.parts.items()} == {world.town_a.pk: 2, world.town_b.pk: 1}
    # the town's own figure, for its own staff
    mine = figure(new, user=world.town_a_user, period=Y2013, org_path=world.town_a.path)
    assert mine.value == 2
    # whatever subtree a town user names, they count only their own rows
    assert (
        figure(new, user=world.town_a_user, period=Y2013, org_path=world.district.path).value == 2
    )


def test_unions_standing_at_the_end_of_a_year(world):
    _founded(world)
    total = indicator("orgs.unions.total")
    # union_a and union_b have no founding date: they stand
    assert figure(total, user=world.admin, period=Period.year(2012), org_path="/").value == 3
    assert figure(total, user=world.admin, period=Y2013, org_path=world.district.path).value == 6


def test_a_role_without_the_permission_sees_no_indicator_and_no_rows(world):
    from gonghui.accounts.roles import Role
    from gonghui.accounts.tests.factories import UserFactory

    public = UserFactory(username="nobody", role=Role.LAWYER, organization=world.town_a)
    codes = {i.code for i in catalog(public)}
    assert "members.members.total" not in codes
    assert (
        figure(
            indicator("members.members.total"),
            user=public,
            period=Y2013,
            org_path=world.town_a.path,
        ).value
        == 0
    )


def test_own_rows_are_kept_apart_from_the_childrens(world):
    make_member(world.union_a, name="本级甲", joined_on=datetime.date(2013, 5, 1))
    at_union = breakdown(
        indicator("members.members.new"),
        user=world.admin,
        period=Y2013,
        org_path=world.union_a.path,
    )
    assert {k: f.value for k, f in at_union.parts.items()} == {OWN: 1}


def test_the_breakdown_costs_the_same_queries_for_two_towns_or_eight(world):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            breakdown(
                indicator("orgs.unions.total"),
                user=world.admin,
                period=Y2013,
                org_path=world.district.path,
            )
        return len(captured)

    queries()  # the user's scope is looked up once (core.scope)
    before = queries()
    assert before == 1
    for n in range(6):
        make_org(make_org(world.district, OrgKind.TOWN, f"新镇{n}"), OrgKind.GRASSROOTS)
    assert queries() == before


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(joins=st.lists(st.tuples(st.integers(0, 2), st.integers(1, 12)), max_size=12))
def test_the_towns_members_add_up_to_the_districts(world, joins):
    Member.objects.all().delete()
    unions = [world.union_a, world.union_b, world.town_a]  # a member of the town itself: 本级
    for union, month in joins:
        make_member(unions[union], name="会员", joined_on=datetime.date(2013, month, 1))
    for code in ("members.members.new", "members.members.total"):
        parts = breakdown(
            indicator(code), user=world.admin, period=Y2013, org_path=world.district.path
        )
        assert parts.total.value == len(joins)
        assert sum(f.value for f in parts.parts.values()) == parts.total.value


def test_a_member_entered_through_the_service_moves_the_figures(world):
    new = indicator("members.members.new")
    period = Period.year(datetime.date.today().year)
    before = figure(new, user=world.town_a_user, period=period, org_path=world.town_a.path).value
    member_create(
        actor=world.town_a_user,
        union=world.union_a,
        ric=new_ric(),
        name="新会员",
        joined_on=datetime.date.today(),
    )
    after = figure(new, user=world.town_a_user, period=period, org_path=world.town_a.path).value
    assert after == before + 1


def test_a_member_who_left_is_not_standing_at_the_end_but_was_new(world):
    make_member(
        world.union_a,
        name="离会乙",
        joined_on=datetime.date(2013, 2, 1),
        left_on=datetime.date(2013, 9, 1),
        status="left",
    )
    assert members_standing(Y2013).count() == 0
    assert members_standing(Period.year(2012)).count() == 0
    assert members_joined(Y2013).count() == 1
    assert members_standing(Period.month(2013, 6)).count() == 1


def test_a_rate_keeps_its_counts_and_has_no_value_over_nothing(world):
    make_member(world.union_a, name="女甲", male=False, joined_on=datetime.date(2013, 1, 1))
    make_member(world.union_a, name="男乙", joined_on=datetime.date(2013, 1, 1))
    make_member(world.union_a, name="男丙", joined_on=datetime.date(2013, 1, 1))
    women = Indicator(
        code="test.women.share",
        title="女会员占比",
        unit="%",
        kind=Kind.RATE,
        capability="MEM-1",
        definition="女会员占会员的比例。",
        permission="members.view",
        numerator=Measure(query=lambda p: members_standing(p).filter(sex="F")),
        denominator=Measure(query=members_standing),
    )
    parts = breakdown(women, user=world.admin, period=Y2013, org_path=world.district.path)
    assert (parts.total.value, parts.total.numerator, parts.total.denominator) == (
        Decimal("33.3"),
        1,
        3,
    )
    assert parts.parts[world.town_a.pk].value == Decimal("33.3")
    empty = figure(women, user=world.admin, period=Y2013, org_path=world.town_b.path)
    assert (empty.value, empty.denominator) == (None, 0)
    with pytest.raises(ValueError):
        Indicator(
            code="x", title="x", unit="", kind=Kind.RATE, capability="", definition="",
            permission="members.view", measure=Measure(query=members_standing),
        )  # fmt: skip


def test_a_rate_rounds_half_up_as_the_pages_do():
    """1/16 = 6.25%: 6.3 as Chinese statistics and the rights page round, not banker's 6.2."""
    from gonghui.core.indicators import _rate

    assert _rate(1, 16).value == Decimal("6.3")
    assert _rate(3, 8).value == Decimal("37.5") and _rate(2, 3).value == Decimal("66.7")
