"""The demo's closed year 2013, members' part (issue #13): exactly the report's "新发展会员
3万多人" in proportion to the scale, nobody joined before their union was founded, the
current year live and smaller, the flags there; the same rows from the same seed."""

import datetime

from django.db.models import F

from gonghui.accounts.models import User
from gonghui.core.indicators import Period, figure, indicator
from gonghui.demo.build import build_demo
from gonghui.demo.context import SCALES
from gonghui.members.demo import generate_members, new_in_closed_year
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
    standing = _value("members.members.total", admin, THIS_YEAR)
    assert _value("members.members.total", admin, Y2013) < standing <= Member.objects.count()


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
