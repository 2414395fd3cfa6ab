"""The demo's activities part (issue 18): calendar 2013 gives the report's "130多名职工健儿…13个
比赛项目…38项奖励", "书评近500篇" and the 第九套广播体操 contest through the indicator catalog
at every scale, and the current year has an activity open with a waiting list."""

import datetime

import pytest

from gonghui.accounts.models import User
from gonghui.activities.choices import ActivityKind, ActivityState, RegistrationState
from gonghui.activities.demo import ATHLETES, OPEN_CAPACITY, REVIEWS, WAITING, report_2013
from gonghui.activities.models import Activity, DelegationAthlete, Registration, Submission
from gonghui.core.indicators import Period, figure, indicator
from gonghui.demo.build import build_demo
from gonghui.orgs.choices import OrgKind
from gonghui.orgs.models import Organization

pytestmark = pytest.mark.django_db

AS_OF = datetime.date(2026, 11, 25)
Y2013 = Period.year(2013)


def _value(code, period=Y2013):
    admin = User.objects.get(username="admin")
    org = Organization.objects.get(kind=OrgKind.DISTRICT)
    return figure(indicator(code), user=admin, period=period, org_path=org.path).value


def test_with_members_2013_is_the_reports_and_this_year_is_open():
    build_demo(seed=5, scale="tiny", as_of=AS_OF, members=True, only=["accounts", "activities"])
    expected = report_2013(members=True)
    assert {code: _value(code) for code in expected} == expected
    assert expected["activities.delegations.athletes"] == ATHLETES and 130 < ATHLETES < 140
    assert expected["activities.reviews"] == REVIEWS and 490 <= REVIEWS < 500
    assert expected["activities.delegations.prizes"] == 38
    assert expected["activities.delegations.events"] == 13
    contest = Activity.objects.get(year=2013, kind=ActivityKind.EXERCISE)
    assert "第九套广播体操" in contest.name and contest.state == ActivityState.FINISHED
    # people joined before they took part; every review is a member's
    for a in DelegationAthlete.objects.select_related("member", "delegation"):
        assert a.member.joined_on <= a.delegation.starts_on
        assert a.org_path == a.member.union.path
    assert Submission.objects.filter(activity__year=2013).count() == REVIEWS
    assert (
        _value("activities.registrations")
        == Registration.objects.filter(
            activity__year=2013, state=RegistrationState.CONFIRMED
        ).count()
        > 0
    )
    # this year: one open activity, full, with a waiting list in order
    live = Activity.objects.get(state=ActivityState.OPEN, capacity=OPEN_CAPACITY)
    assert live.registration_opens_on <= AS_OF <= live.registration_closes_on
    rows = list(live.registrations.order_by("position"))
    assert [r.state for r in rows] == [RegistrationState.CONFIRMED] * OPEN_CAPACITY + [
        RegistrationState.WAITLISTED
    ] * WAITING
    assert [r.position for r in rows] == list(range(1, len(rows) + 1))
    assert _value("activities.held", Period(datetime.date(2026, 1, 1), AS_OF)) >= 2


def test_without_members_the_activities_and_the_delegation(db):
    build_demo(seed=3, scale="tiny", as_of=AS_OF, only=["accounts", "activities"])
    expected = report_2013(members=False)
    assert {code: _value(code) for code in expected} == expected
    assert not Registration.objects.exists() and not Submission.objects.exists()
