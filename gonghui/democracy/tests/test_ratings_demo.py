"""The demo's ratings (DEMO-3): calendar 2013 gives the report's 208 / 14 / 8 rated
employers and 89 / 195 awards (in proportion at the small scale) through the indicator
catalog, each rated employer's sheet adds up to its level; the current year's round is in
its public notice on the run's day, with an open objection."""

import datetime
import time

import pytest

from gonghui.accounts.models import User
from gonghui.core.indicators import Period, figure, indicator
from gonghui.demo.build import build_demo
from gonghui.demo.context import SCALES
from gonghui.democracy.choices import ApplicationState, ObjectionState, RatingRoundState
from gonghui.democracy.demo.ratings import report_2013
from gonghui.democracy.models import RatingApplication, RatingObjection, RatingRound
from gonghui.democracy.rules.ratings import Thresholds, level_for
from gonghui.orgs.choices import OrgKind
from gonghui.orgs.models import Organization

pytestmark = pytest.mark.django_db

AS_OF = datetime.date(2026, 11, 25)


Y2013 = Period.year(2013)


def _value(code, period=Y2013):
    admin = User.objects.get(username="admin")
    org = Organization.objects.get(kind=OrgKind.DISTRICT)
    return figure(indicator(code), user=admin, period=period, org_path=org.path).value


def test_report_2013_at_each_scale():
    assert report_2013(SCALES["district"]) == {
        "democracy.ratings.a": 208, "democracy.ratings.aa": 14, "democracy.ratings.aaa": 8,
        "democracy.awards.caring_employer": 89, "democracy.awards.devoted_employee": 195,
    }  # fmt: skip
    assert report_2013(SCALES["small"]) == {
        "democracy.ratings.a": 7, "democracy.ratings.aa": 1, "democracy.ratings.aaa": 1,
        "democracy.awards.caring_employer": 3, "democracy.awards.devoted_employee": 6,
    }  # fmt: skip
    assert set(report_2013(SCALES["tiny"]).values()) == {1}


def test_the_small_demo():
    t0 = time.perf_counter()
    build_demo(seed=5, scale="small", as_of=AS_OF, only=["accounts", "democracy.ratings"])
    print(f"small demo with ratings: {time.perf_counter() - t0:.1f} s")
    expected = report_2013(SCALES["small"])
    assert {code: _value(code) for code in expected} == expected
    r2013 = RatingRound.objects.get(year=2013)
    thresholds = Thresholds(r2013.min_score_a, r2013.min_score_aa, r2013.min_score_aaa)
    for a in RatingApplication.objects.filter(round=r2013).prefetch_related("scores"):
        assert a.total_score == sum(s.points for s in a.scores.all())
        if a.state == ApplicationState.RATED:
            assert a.level == level_for(a.total_score, thresholds, a.level_applied)
            assert a.valid_until == datetime.date(2016, 12, 19)
    # rated in 2013 for three years: none valid now, all valid at the end of 2014
    assert _value("democracy.ratings.valid", Period.year(2026)) == 0
    assert _value("democracy.ratings.valid", Period.year(2014)) == sum(
        expected[c] for c in list(expected)[:3]
    )
    live = RatingRound.objects.get(year=AS_OF.year)
    assert live.state == RatingRoundState.NOTICE
    assert live.notice_from <= AS_OF <= live.notice_until
    assert RatingApplication.objects.filter(round=live, state=ApplicationState.NOTICE).count() >= 1
    assert RatingObjection.objects.get(application__round=live).state == ObjectionState.OPEN
