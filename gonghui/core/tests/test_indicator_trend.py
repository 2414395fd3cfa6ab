"""An indicator's trend (issue #13, core.indicators.trend): a figure per month (or per year
of a long range); a flow that declares its date in one query grouped by month, equal to
the figures of its months; a stock at each month's end; a rate of the two."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gonghui.core.indicators import Indicator, Kind, Measure, Period, figure, trend
from gonghui.members.indicators import members_joined, members_standing
from gonghui.members.models import Member
from gonghui.members.tests.factories import make_member

pytestmark = pytest.mark.django_db
ON = datetime.date
Y2013 = Period.year(2013)


def _indicator(kind=Kind.FLOW, **measures) -> Indicator:
    return Indicator(
        code="test.trend",
        title="测试",
        unit="人",
        kind=kind,
        capability="MEM-1",
        definition="测试",
        permission="members.view",
        **measures,
    )


JOINED = _indicator(measure=Measure(query=members_joined, date="joined_on"))
JOINED_NO_DATE = _indicator(measure=Measure(query=members_joined))
STANDING = _indicator(Kind.STOCK, measure=Measure(query=members_standing))
# of those standing at the month's end, the share who joined in it
SHARE = _indicator(
    Kind.RATE,
    numerator=Measure(query=members_joined, date="joined_on"),
    denominator=Measure(query=members_standing),
)


def test_years_of_a_range_are_cut_to_it():
    years = Period(ON(2011, 6, 1), ON(2013, 2, 28)).years()
    assert years == [
        Period(ON(2011, 6, 1), ON(2011, 12, 31)),
        Period.year(2012),
        Period(ON(2013, 1, 1), ON(2013, 2, 28)),
    ]


def test_a_stock_declares_no_date():
    with pytest.raises(ValueError, match="stock"):
        _indicator(Kind.STOCK, measure=Measure(query=members_standing, date="joined_on"))


def test_a_flows_trend_is_one_grouped_query_equal_to_its_months(world):
    # given members who joined in March (2), in June (1) and the year before (1)
    for day in (ON(2013, 3, 1), ON(2013, 3, 31), ON(2013, 6, 15), ON(2012, 12, 31)):
        make_member(world.union_a, joined_on=day)
    path = world.district.path
    # when the year's trend is asked for (once before: core.scope checks the tree once)
    trend(JOINED, user=world.admin, period=Y2013, org_path=path)
    with CaptureQueriesContext(connection) as grouped:
        points = trend(JOINED, user=world.admin, period=Y2013, org_path=path)
    # then it is one query, twelve months, the same as a figure per month
    assert len(grouped) == 1, [q["sql"][:200] for q in grouped.captured_queries]
    assert [f.value for _p, f in points] == [0, 0, 2, 0, 0, 1, 0, 0, 0, 0, 0, 0]
    plain = trend(JOINED_NO_DATE, user=world.admin, period=Y2013, org_path=path)
    assert [f.value for _p, f in plain] == [f.value for _p, f in points]


def test_a_stocks_trend_is_its_figure_at_each_months_end(world):
    make_member(world.union_a, joined_on=ON(2013, 2, 10))
    make_member(world.union_a, joined_on=ON(2012, 1, 1), left_on=ON(2013, 4, 30))
    points = trend(STANDING, user=world.admin, period=Y2013, org_path=world.district.path)
    assert [f.value for _p, f in points] == [1, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1]  # left on 30 April
    assert points[4][0] == Period.month(2013, 5)


def test_a_rates_trend_divides_each_months_counts(world):
    make_member(world.union_a, joined_on=ON(2012, 5, 1))
    make_member(world.union_a, joined_on=ON(2013, 2, 10))
    points = trend(SHARE, user=world.admin, period=Y2013, org_path=world.district.path)
    january, february = points[0][1], points[1][1]
    assert (january.value, january.numerator, january.denominator) == (0, 0, 1)
    assert (str(february.value), february.numerator, february.denominator) == ("50.0", 1, 2)


def test_a_long_ranges_trend_by_year_and_a_part_month_at_each_end(world):
    for day in (ON(2011, 5, 31), ON(2011, 6, 1), ON(2012, 7, 1), ON(2013, 3, 1)):
        make_member(world.union_a, joined_on=day)
    period = Period(ON(2011, 6, 1), ON(2013, 2, 28))
    points = trend(
        JOINED, user=world.admin, period=period, org_path=world.district.path, points=period.years()
    )
    assert [f.value for _p, f in points] == [1, 1, 0]


def test_a_trend_is_scoped_like_a_figure(world):
    make_member(world.union_a, joined_on=ON(2013, 3, 1))
    make_member(world.union_b, joined_on=ON(2013, 3, 2))
    mine = trend(JOINED, user=world.town_a_user, period=Y2013, org_path=world.district.path)
    assert sum(f.value for _p, f in mine) == 1  # the district asked: their subtree still
    none = trend(JOINED, user=world.lawyer_a, period=Y2013, org_path=world.district.path)
    assert sum(f.value for _p, f in none) == 0  # no members.view: no rows


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    days=st.lists(st.dates(ON(2012, 11, 1), ON(2014, 2, 28)), max_size=12),
    start=st.dates(ON(2013, 1, 1), ON(2013, 12, 31)),
    length=st.integers(0, 400),
)
def test_the_grouped_trend_equals_a_figure_per_month(world, days, start, length):
    Member.objects.all().delete()
    for day in days:
        make_member(world.union_a, joined_on=day)
    period = Period(start, start + datetime.timedelta(days=length))
    path = world.district.path
    points = trend(JOINED, user=world.admin, period=period, org_path=path)
    each = [figure(JOINED, user=world.admin, period=p, org_path=path).value for p, _f in points]
    assert [f.value for _p, f in points] == each
    assert sum(each) == figure(JOINED, user=world.admin, period=period, org_path=path).value


def test_a_stock_with_its_span_takes_every_months_end_in_three_queries(world):
    """会员人数 declares its span (joined_on, left_on): its twelve month-end counts are three
    queries (the stock before, joins and leavings by month; they were twelve scans of the
    members), equal to the figure at each month's end."""
    from gonghui.core.indicators import indicator

    make_member(world.union_a, joined_on=ON(2013, 2, 10))
    make_member(world.union_a, joined_on=ON(2012, 1, 1), left_on=ON(2013, 4, 30))
    make_member(world.union_b, joined_on=ON(2013, 7, 1), left_on=ON(2013, 7, 31))
    total = indicator("members.members.total")
    path = world.district.path
    with CaptureQueriesContext(connection) as one:
        points = trend(total, user=world.admin, period=Y2013, org_path=path)
    assert len([q for q in one if "members_member" in q["sql"]]) == 3  # (and the scope's)
    assert [f.value for _p, f in points] == [1, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1]
    # left on 31 July: not on the roll at July's end (a day that ends a span ends it)
    mine = trend(total, user=world.town_a_user, period=Y2013, org_path=path)
    assert [f.value for _p, f in mine][6] == 1


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    spans=st.lists(
        st.tuples(st.dates(ON(2012, 6, 1), ON(2014, 6, 30)), st.none() | st.integers(0, 500)),
        max_size=10,
    ),
    start=st.dates(ON(2013, 1, 1), ON(2013, 12, 31)),
    length=st.integers(0, 400),
)
def test_the_carried_stock_trend_equals_a_figure_at_each_point(world, spans, start, length):
    from gonghui.core.indicators import indicator

    Member.objects.all().delete()
    for joined, stayed in spans:
        left = None if stayed is None else joined + datetime.timedelta(days=stayed)
        make_member(
            world.union_a, joined_on=joined, left_on=left, status="left" if left else "active"
        )
    migrant = indicator("members.members.total")
    period = Period(start, start + datetime.timedelta(days=length))
    path = world.district.path
    points = trend(migrant, user=world.admin, period=period, org_path=path)
    each = [figure(migrant, user=world.admin, period=p, org_path=path).value for p, _f in points]
    assert [f.value for _p, f in points] == each
