"""Delegation services: the district makes a delegation with its 13 events, puts members on
it several at once with the events each entered, records prizes (an athlete's in an event
they entered, or the team's); the counts add up; permission, scope, versions and audit."""

import datetime

import pytest
from django.http import Http404

from gonghui.activities.models import Delegation, DelegationAthlete, DelegationPrize
from gonghui.activities.queries import delegations as queries
from gonghui.activities.services import delegations as services
from gonghui.activities.tests.delegations_helpers import GAMES, athlete, games
from gonghui.core.errors import ApplicationError, ConflictError, PermissionDenied
from gonghui.core.models import AuditEntry
from gonghui.members.tests.factories import make_member

pytestmark = pytest.mark.django_db


def create(actor, **changes):
    data = {
        "name": "番禺区职工代表团",
        "event_name": "广州市第八届职工运动会",
        "host": "广州市总工会",
        "year": 2013,
        "starts_on": datetime.date(2013, 10, 1),
        "ends_on": datetime.date(2013, 11, 30),
        "events": "、".join(GAMES),
    } | changes
    return services.delegation_create(actor=actor, **data)


def test_the_district_makes_the_games_delegation_with_its_13_events(world):
    delegation = create(world.district_staff)
    assert delegation.organizer == world.district and delegation.org_path == world.district.path
    assert list(delegation.events.values_list("name", flat=True)) == list(GAMES)
    assert AuditEntry.objects.filter(action="activities.delegation.created").exists()
    assert (
        AuditEntry.objects.get(action="activities.delegation.events_added").data["events"][0]
        == "田径"
    )


def test_a_town_may_not_form_a_delegation_and_bad_values_are_said(world):
    with pytest.raises(PermissionDenied):
        create(world.town_a_user)
    with pytest.raises(ApplicationError) as refused:
        create(world.admin, ends_on=datetime.date(2013, 9, 1))
    assert (
        refused.value.field == "ends_on" and refused.value.message == "结束日期不能早于开始日期。"
    )
    assert not Delegation.objects.exists()


def test_athletes_several_at_once_with_their_events(world):
    delegation = games(world)
    a = make_member(world.union_a, "张一")
    b = make_member(world.union_b, "李二")
    swim = delegation.events.get(name="游泳")
    made = services.athletes_add(
        actor=world.district_staff,
        delegation=delegation,
        version=delegation.version,
        members=[a, b],
        events=[swim],
    )
    assert [x.member for x in made] == [a, b]
    assert [x.org_path for x in made] == [world.union_a.path, world.union_b.path]
    assert all(list(x.events.all()) == [swim] for x in made)
    delegation.refresh_from_db()
    assert delegation.version == 2
    # again with one already on it: the whole batch is refused, nothing half-made
    c = make_member(world.union_a, "王三")
    with pytest.raises(ApplicationError) as refused:
        services.athletes_add(
            actor=world.district_staff, delegation=delegation, version=2, members=[c, a]
        )
    assert refused.value.message == "张一已在代表团中。"
    assert not DelegationAthlete.objects.filter(member=c).exists()


def test_a_stale_page_and_another_delegations_event_are_refused(world):
    delegation, other = games(world), games(world)
    member = make_member(world.union_a)
    with pytest.raises(ConflictError):
        services.athletes_add(
            actor=world.district_staff, delegation=delegation, version=99, members=[member]
        )
    with pytest.raises(ApplicationError) as refused:
        services.athletes_add(
            actor=world.district_staff,
            delegation=delegation,
            version=None,
            members=[member],
            events=[other.events.first()],
        )
    assert refused.value.message == "所选比赛项目不属于该代表团。"


def test_prizes_per_event_an_athletes_or_the_teams_and_the_counts(world):
    delegation = games(world)
    runner = athlete(delegation, make_member(world.union_a, "张一"), "田径", "游泳")
    athlete(delegation, make_member(world.union_b, "李二"), "象棋")
    track, swim, chess = (delegation.events.get(name=n) for n in ("田径", "游泳", "象棋"))
    staff = world.district_staff
    services.prize_add(
        actor=staff,
        delegation=delegation,
        version=None,
        event=track,
        athlete=runner,
        prize="男子100米第二名",
    )
    services.prize_add(
        actor=staff, delegation=delegation, version=None, event=chess, prize="团体第三名"
    )
    with pytest.raises(ApplicationError) as refused:
        services.prize_add(
            actor=staff,
            delegation=delegation,
            version=None,
            event=chess,
            athlete=runner,
            prize="第一名",
        )
    assert refused.value.message == "张一没有报名参加「象棋」，不能记为该项目的个人奖项。"
    figures = queries.delegation_figures(delegation)
    assert (figures.athletes, figures.events, figures.events_entered) == (2, 13, 3)
    assert (figures.prizes, figures.athlete_prizes, figures.team_prizes) == (2, 1, 1)
    team = DelegationPrize.objects.get(athlete=None)
    assert team.org_path == world.district.path
    assert queries.year_figures(user=world.auditor, year=2013) == {
        "delegations": 1,
        "athletes": 2,
        "events": 3,
        "prizes": 2,
    }
    # what was won protects what it names
    with pytest.raises(ApplicationError) as kept:
        services.athlete_set_events(actor=staff, athlete=runner, version=None, events=[swim])
    assert "在「田径」获得男子100米第二名" in kept.value.message
    with pytest.raises(ApplicationError):
        services.athlete_remove(actor=staff, athlete=runner, version=None)
    with pytest.raises(ApplicationError) as busy:
        services.event_remove(actor=staff, event=track, version=None)
    assert "已有1名运动员报名、1项获奖" in busy.value.message


def test_a_town_sees_no_delegation_and_changes_none(world):
    delegation = games(world)
    assert not queries.delegation_list(user=world.town_a_user).exists()
    with pytest.raises(PermissionDenied):
        services.events_add(
            actor=world.town_a_user, delegation=delegation, version=None, names="拔河"
        )
    with pytest.raises(Http404):
        queries.delegation_get(user=world.town_a_user, pk=delegation.pk)
    # the district's staff may not put a member it cannot see (none such here: all in scope)
    assert queries.delegation_list(user=world.auditor).get() == delegation


def test_edit_rename_and_delete_with_everything(world):
    delegation = create(world.admin)
    saved = services.delegation_update(
        actor=world.admin,
        delegation=delegation,
        version=delegation.version,
        host="广州市总工会、市体育局",
    )
    assert saved.host == "广州市总工会、市体育局" and saved.version == 2
    track = saved.events.get(name="田径")
    services.event_rename(actor=world.admin, event=track, version=2, name="田径（含趣味项目）")
    with pytest.raises(ApplicationError) as taken:
        services.event_rename(actor=world.admin, event=track, version=None, name="游泳")
    assert taken.value.message == "已有比赛项目「游泳」。"
    runner = athlete(saved, make_member(world.union_a), "游泳")
    services.prize_add(
        actor=world.admin,
        delegation=saved,
        version=None,
        event=saved.events.get(name="游泳"),
        athlete=runner,
        prize="第一名",
    )
    saved.refresh_from_db()
    services.delegation_delete(actor=world.admin, delegation=saved, version=saved.version)
    assert not Delegation.objects.exists() and not DelegationPrize.objects.exists()
    gone = AuditEntry.objects.get(action="activities.delegation.deleted")
    assert (gone.data["events"], gone.data["athletes"], gone.data["prizes"]) == (13, 1, 1)
