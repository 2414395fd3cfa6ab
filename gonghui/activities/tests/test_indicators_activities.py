"""The activities figures in the indicator catalog (MERIT-4): counted by hand on a small
fixture of two towns (rows just outside each figure: a draft and a cancelled activity, a
waiting and a cancelled registration, a review of the next January, last year's delegation),
a town user sees their town's, the towns and 本级 add up, a flow's trend is each month's
figure, and each drills down to a list of exactly its rows."""

import datetime
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.utils import timezone

from gonghui.activities.choices import ActivityKind, ActivityState, RegistrationState
from gonghui.activities.models import (
    DelegationAthlete,
    DelegationEvent,
    DelegationPrize,
    Submission,
)
from gonghui.core.indicators import OWN, Period, breakdown, catalog, figure, indicator, trend
from gonghui.core.registry import registry
from gonghui.members.tests.factories import make_member

from .factories import make_activity, make_delegation, make_registration

pytestmark = pytest.mark.django_db

D = datetime.date
Y2013 = Period.year(2013)
CODES = sorted(c for c in registry["indicators"] if c.startswith("activities."))


def _at(day, hour=9):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _activity(organizer, kind, day, state=ActivityState.FINISHED):
    return make_activity(organizer, kind, year=day.year, starts_at=_at(day), state=state)


def _submission(activity, member, day):
    return Submission.objects.create(
        activity=activity,
        member=member,
        union=member.union,
        title="读后感",
        text="……",
        submitted_at=_at(day, 12),
        org_path=member.union.path,
    )


@pytest.fixture
def year(world):
    w = world
    ma1, ma2, ma3 = (make_member(w.union_a, n) for n in ("甲一", "甲二", "甲三"))
    mb1, mb2 = make_member(w.union_b, "乙一"), make_member(w.union_b, "乙二")
    exercise = _activity(w.district, ActivityKind.EXERCISE, D(2013, 10, 26))
    sports = _activity(w.town_a, ActivityKind.SPORTS, D(2013, 4, 20))
    mixer = _activity(w.union_b, ActivityKind.MIXER, D(2013, 8, 17))
    reading = _activity(w.district, ActivityKind.READING, D(2013, 4, 23))
    _activity(w.town_a, ActivityKind.CULTURE, D(2013, 6, 1), ActivityState.DRAFT)
    _activity(w.district, ActivityKind.TRAINING, D(2013, 7, 2), ActivityState.CANCELLED)
    cancelled = _activity(w.district, ActivityKind.SPORTS, D(2013, 7, 1), ActivityState.CANCELLED)
    later = _activity(w.district, ActivityKind.SPORTS, D(2014, 3, 1))
    checked = {"checked_in_at": _at(D(2013, 10, 26), 8)}
    make_registration(exercise, ma1, **checked)
    make_registration(exercise, ma2)
    make_registration(exercise, mb1, state=RegistrationState.WAITLISTED)
    make_registration(exercise, mb2, state=RegistrationState.CANCELLED)
    make_registration(sports, ma3, **checked)
    make_registration(mixer, mb1)
    make_registration(cancelled, ma1)
    make_registration(later, mb1, checked_in_at=_at(D(2014, 3, 1), 8))
    _submission(reading, ma1, D(2013, 5, 1))
    _submission(reading, mb1, D(2013, 6, 1))
    _submission(reading, mb2, D(2013, 11, 30))
    _submission(reading, ma2, D(2014, 1, 10))  # received the next year
    _submission(exercise, ma3, D(2013, 10, 1))  # not a reading campaign's
    games = make_delegation(w.district, starts_on=D(2013, 9, 28))
    events = [
        DelegationEvent.objects.create(delegation=games, name=n) for n in ["田径", "游泳", "篮球"]
    ]
    athletes = []
    for m, event in ((ma1, events[0]), (ma2, events[1]), (mb1, events[0])):
        a = DelegationAthlete.objects.create(delegation=games, member=m, org_path=m.union.path)
        a.events.add(event)
        athletes.append(a)
    for athlete, event, prize in (
        (athletes[0], events[0], "金牌"),
        (athletes[2], events[0], "银牌"),
    ):
        DelegationPrize.objects.create(
            delegation=games, event=event, athlete=athlete, prize=prize, org_path=athlete.org_path
        )
    DelegationPrize.objects.create(
        delegation=games, event=events[2], prize="团体铜牌", org_path=games.org_path
    )
    old = make_delegation(w.district, year=2012, starts_on=D(2012, 10, 1))
    old_event = DelegationEvent.objects.create(delegation=old, name="拔河")
    DelegationEvent.objects.create(delegation=old, name="龙舟")
    old_athlete = DelegationAthlete.objects.create(
        delegation=old, member=mb2, org_path=mb2.union.path
    )
    DelegationPrize.objects.create(
        delegation=old, event=old_event, athlete=old_athlete, prize="金牌", org_path=mb2.org_path
    )
    return w


# 2013 by hand: (district, town A, town B)
EXPECTED_2013 = {
    "activities.held": (4, 1, 1),
    "activities.held.sports": (1, 1, 0),
    "activities.held.culture": (0, 0, 0),  # a draft is not held
    "activities.held.reading": (1, 0, 0),
    "activities.held.mixer": (1, 0, 1),
    "activities.held.exercise": (1, 0, 0),
    "activities.held.training": (0, 0, 0),  # cancelled
    "activities.registrations": (4, 3, 1),
    "activities.checked_in": (2, 2, 0),
    "activities.reviews": (3, 1, 2),
    "activities.delegations.athletes": (3, 2, 1),
    "activities.delegations.events": (3, 0, 0),
    "activities.delegations.prizes": (3, 1, 1),
}


def _value(code, user, path, period=Y2013):
    return figure(indicator(code), user=user, period=period, org_path=path).value


def test_the_catalog_holds_the_activities_figures(world):
    codes = {i.code for i in catalog(world.district_staff) if i.section == "文体活动"}
    assert codes == set(EXPECTED_2013) == set(CODES)
    assert {i.code for i in catalog(world.auditor)} >= codes
    assert not {i.code for i in catalog(world.chair_a)} & codes  # activities.stats is staff's


def test_every_figure_is_the_rows_counted_by_hand(year):
    w = year
    for code, expected in EXPECTED_2013.items():
        found = tuple(_value(code, w.admin, o.path) for o in (w.district, w.town_a, w.town_b))
        assert found == expected, code
        assert _value(code, w.town_b_user, w.district.path) == expected[2], code


def test_other_periods_count_their_own_rows(year):
    w = year
    y2014, y2012 = Period.year(2014), Period.year(2012)
    assert _value("activities.reviews", w.admin, w.district.path, y2014) == 1
    assert _value("activities.checked_in", w.admin, w.district.path, y2014) == 1
    assert _value("activities.delegations.events", w.admin, w.district.path, y2012) == 2
    assert _value("activities.delegations.prizes", w.admin, w.district.path, y2012) == 1
    april = Period.month(2013, 4)
    assert _value("activities.held", w.admin, w.district.path, april) == 2
    assert _value("activities.checked_in", w.admin, w.district.path, april) == 1


def test_the_towns_and_the_districts_own_add_up(year):
    w = year
    for code in CODES:
        b = breakdown(indicator(code), user=w.admin, period=Y2013, org_path=w.district.path)
        assert sum(f.value for f in b.parts.values()) == b.total.value, code
    prizes = breakdown(
        indicator("activities.delegations.prizes"),
        user=w.admin,
        period=Y2013,
        org_path=w.district.path,
    )
    assert prizes.parts[OWN].value == 1  # the team's prize is the delegation's


def test_a_flows_trend_is_each_months_figure(year):
    w = year
    for code in CODES:
        for point, fig in trend(indicator(code), user=w.admin, period=Y2013, org_path="/"):
            assert fig.value == _value(code, w.admin, "/", point), (code, point)


def test_the_drill_downs_name_the_lists_filters(year):
    w = year
    parts = urlsplit(indicator("activities.reviews").measure.list_url(Y2013, w.town_a.path))
    assert (parts.path, parse_qsl(parts.query)) == (
        "/activities/submissions/",
        [
            ("kind", "reading"),
            ("submitted_from", "2013-01-01"),
            ("submitted_to", "2013-12-31"),
            ("org", str(w.town_a.pk)),
        ],
    )
    april = indicator("activities.held").measure.list_url(Period.month(2013, 4), "/")
    assert "starts_from=2013-04-01&starts_to=2013-04-30" in april and "org=" not in april
    # one delegation in 2013: its page; none in 2015: the list by dates
    one = indicator("activities.delegations.athletes").measure.list_url(Y2013, "/")
    assert urlsplit(one).path.rstrip("/").split("/")[-1].isdigit()
    none = indicator("activities.delegations.athletes").measure.list_url(Period.year(2015), "/")
    assert "starts_from=2015-01-01" in none
    # the events figure's rows are the delegations: their list, by the organizer's subtree
    events = urlsplit(indicator("activities.delegations.events").measure.list_url(Y2013, "/1/"))
    assert (events.path, parse_qsl(events.query)) == (
        "/activities/delegations/",
        [("starts_from", "2013-01-01"), ("starts_to", "2013-12-31"), ("organized_in", "1")],
    )


def _page_rows(client, url):
    answer = client.get(f"{url}&count=exact")
    assert answer.status_code == 200, (url, answer.content[:300])
    form = answer.context["filter_form"]
    assert form.is_valid(), (url, form.errors)
    return answer.context["page"].paginator.object_list


@pytest.mark.parametrize("code", CODES)
def test_each_figure_drills_down_to_a_list_of_its_rows(year, code, client_for):
    measure = indicator(code).measure
    w = year
    for user, org in ((w.admin, w.district), (w.admin, w.town_a), (w.town_a_user, w.town_a)):
        rows = _page_rows(client_for(user), measure.list_url(Y2013, org.path))
        expected = measure.query(Y2013).visible_to(user, "activities.stats").within(org.path)
        assert set(rows.values_list("pk", flat=True)) == set(
            expected.values_list("pk", flat=True)
        ), (code, org.name)
