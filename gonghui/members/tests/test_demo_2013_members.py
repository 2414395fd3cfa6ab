"""The demo's closed year 2013, members' part (issue #13): exactly the report's "新发展会员
3万多人" and "全区40多万会员" at 2013's end in proportion to the scale, 40多万 today too,
nobody joined before their union was founded, members leaving over the years, the current
year live and smaller, the flags there; the same rows from the same seed."""

import datetime
import random

from django.db.models import F
from hypothesis import given, settings
from hypothesis import strategies as st

from gonghui.accounts.models import User
from gonghui.core.indicators import Period, figure, indicator
from gonghui.demo.build import build_demo
from gonghui.demo.context import SCALES
from gonghui.members.choices import MemberStatus
from gonghui.members.demo import (
    JoinPlan,
    PersonMaker,
    _union_rows,
    generate_members,
    new_in_closed_year,
    standing_at_close,
)
from gonghui.members.models import Member
from gonghui.orgs.models import Organization

AS_OF = datetime.date(2026, 11, 25)
Y2013, THIS_YEAR = Period.year(2013), Period(datetime.date(2026, 1, 1), AS_OF)
FLAGS = ("migrant", "dispatched", "new_form", "model_worker")


def _value(code: str, user: User, period: Period) -> int:
    root = Organization.objects.get(parent=None)
    return figure(indicator(code), user=user, period=period, org_path=root.path).value


def test_the_figure_chosen_is_3万多_at_district_scale_and_in_proportion_elsewhere():
    assert new_in_closed_year(SCALES["district"]) == 31_264
    assert new_in_closed_year(SCALES["small"]) == round(31_264 * 30_000 / 400_000) == 2_345
    assert new_in_closed_year(SCALES["tiny"]) == 313
    # "全区40多万会员" at 2013's end: 40.3万 at district scale, the scale's `members` its 40万
    assert standing_at_close(SCALES["district"]) == 403_000
    assert standing_at_close(SCALES["small"]) == round(403_000 * 30_000 / 400_000) == 30_225
    assert standing_at_close(SCALES["tiny"]) == 4_030


def test_the_small_demo_has_2013_closed_and_the_current_year_live(db):
    # given the district `make run` loads, with members
    build_demo(seed=2014, scale="small", as_of=AS_OF, members=True, only=["accounts", "members"])
    admin = User.objects.get(username="admin")
    # then exactly the figure chosen joined in 2013, as the indicator counts it
    assert Member.objects.filter(joined_on__year=2013).count() == 2_345
    assert _value("members.members.new", admin, Y2013) == 2_345
    # nobody joined before their union was founded, or after today
    assert not Member.objects.filter(joined_on__lt=F("union__established_on")).exists()
    assert not Member.objects.filter(joined_on__gt=AS_OF).exists()
    assert not Member.objects.filter(left_on__lt=F("joined_on")).exists()
    assert not Member.objects.filter(left_on__gt=AS_OF).exists()
    # members of the unions founded in 2013 mostly joined that year (the founding members)
    founded = Member.objects.filter(union__established_on__year=2013)
    if founded.exists():
        assert founded.filter(joined_on__year=2013).count() >= 0.7 * founded.count()
    # the current year has live joins, fewer than 2013's
    assert 0 < _value("members.members.new", admin, THIS_YEAR) < 2_345
    # every flag has members, then and now
    for what in FLAGS:
        for period in (Y2013, THIS_YEAR):
            assert _value(f"members.members.{what}", admin, period) > 0, (what, period)
    # 40多万 at 2013's end and today, in proportion: the scale's `members` (30,000) stands for
    # the district's 40万, so both lie in [members, 1.25 × members), the band of "40多万"
    small = SCALES["small"]
    then = _value("members.members.total", admin, Y2013)
    standing = _value("members.members.total", admin, THIS_YEAR)
    assert then == standing_at_close(small) == 30_225
    assert small.members <= then < standing < 1.25 * small.members
    assert standing < Member.objects.count()
    # members left in every year since 2013 (the older unions' rolls shrank as others grew)
    left = set(Member.objects.exclude(left_on=None).values_list("left_on__year", flat=True))
    assert set(range(2014, AS_OF.year + 1)) <= left


def _snapshot():
    return list(
        Member.objects.order_by("ric_hash").values_list(
            "ric_hash", "name", "union_id", "joined_on", "left_on", "status",
            "is_migrant_worker", "is_dispatched", "is_new_form_worker", "is_model_worker",
        )
    )  # fmt: skip


def test_the_members_are_the_same_from_the_same_seed(db):
    build_demo(seed=7, scale="tiny", as_of=AS_OF, members=True, only=["members"])
    first = _snapshot()
    assert sum(1 for row in first if row[3].year == 2013) == 313
    Member.objects.all().delete()
    generate_members(seed=7, as_of=AS_OF, scale=SCALES["tiny"])
    assert _snapshot() == first
    Member.objects.all().delete()
    generate_members(seed=8, as_of=AS_OF, scale=SCALES["tiny"])
    again = _snapshot()
    assert again != first and sum(1 for row in again if row[3].year == 2013) == 313


def test_without_a_whole_year_after_2013_joins_are_spread_and_still_after_the_founding(db):
    # the demo built "as of" early 2014: 2013 is not closed yet, nothing to fit
    as_of = datetime.date(2014, 3, 1)
    build_demo(seed=7, scale="tiny", as_of=as_of, members=True, only=["members"])
    assert Member.objects.exists()
    assert not Member.objects.filter(joined_on__lt=F("union__established_on")).exists()
    assert not Member.objects.filter(joined_on__gt=as_of).exists()


def _founded(kind: int, day: int, as_of: datetime.date) -> datetime.date:
    """A founding date of each kind the plan knows: before 2013, in it, between, this year."""
    first = [datetime.date(1990, 1, 1), datetime.date(2013, 1, 1), datetime.date(2014, 1, 1)]
    first.append(datetime.date(as_of.year, 1, 1))
    last = [datetime.date(2012, 12, 31), datetime.date(2013, 12, 31)]
    last += [datetime.date(as_of.year - 1, 12, 31), as_of]
    return first[kind] + datetime.timedelta(days=day % ((last[kind] - first[kind]).days + 1))


@settings(max_examples=25, deadline=None)
@given(
    year=st.integers(2015, 2032),
    unions=st.lists(
        st.tuples(st.integers(0, 3), st.integers(0, 10_000), st.integers(1, 120)),
        min_size=1,
        max_size=12,
    ),
    seed=st.integers(0, 1000),
)
def test_the_plan_gives_2013s_joins_and_roll_exactly(year, unions, seed):
    # given unions of every kind (the first one older than 2013), and figures that fit them
    as_of = datetime.date(year, 6, 30)
    rows = [
        {
            "id": i + 1,
            "path": f"/1/{i + 1}/",
            "member_count": members,
            "female_member_count": members // 2,
            "established_on": _founded(0 if i == 0 else kind, day, as_of),
        }
        for i, (kind, day, members) in enumerate(unions)
    ]
    rng = random.Random(seed)
    plan = JoinPlan(rng, as_of, rows)  # only to read the kinds and today's members
    before_2014 = [u for u in rows if plan.kind(u["established_on"]) in ("older", "founded")]
    standing = sum(plan._current(u) for u in before_2014)
    closed = rng.randint(0, standing // 10)
    plan = JoinPlan(rng, as_of, rows, new_in_closed=closed, standing=standing)
    # when each member's dates are drawn
    maker = PersonMaker(seed, as_of)
    members = [m for u in rows for m in _union_rows(maker, plan, u, [], 1.0)]
    # then exactly `closed` joined in 2013 and `standing` were on the roll at its end
    end = datetime.date(2013, 12, 31)
    assert sum(1 for m in members if m["joined_on"].year == 2013) == closed
    on_roll = [m for m in members if m["joined_on"] <= end and (m.get("left_on") or as_of) > end]
    assert len(on_roll) == standing
    # nobody joined before their union or after today, nor left before joining or after today
    founded = {u["id"]: u["established_on"] for u in rows}
    for m in members:
        assert founded[m["union_id"]] <= m["joined_on"] <= as_of
        assert (m.get("left_on") is not None) == (m["status"] == MemberStatus.LEFT)
        assert m["joined_on"] <= (m.get("left_on") or as_of) <= as_of
