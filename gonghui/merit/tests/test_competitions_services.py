"""Competition services: create and edit in scope, the states, entries and contestants by
the organizer and by a chair below it, ranks, prizes, those sent on and their result."""

import datetime
from decimal import Decimal

import pytest
from django.http import Http404

from gonghui.core.audit import AuditEntry
from gonghui.core.errors import ApplicationError, ConflictError, PermissionDenied
from gonghui.merit.choices import CompetitionKind, CompetitionState, Level
from gonghui.merit.models import CompetitionEntry, CompetitionEvent, Contestant
from gonghui.merit.services import competitions as services
from gonghui.merit.tests.competitions_helpers import TRADES, make_skills, skills

pytestmark = pytest.mark.django_db


def create(actor, organizer, **changes):
    values = {
        "organizer": organizer,
        "kind": CompetitionKind.SKILLS,
        "name": "2013年职工职业技能竞赛",
        "year": 2013,
        "level": Level.DISTRICT,
        "starts_on": datetime.date(2013, 9, 1),
        "events": "、".join(TRADES),
        **changes,
    }
    return services.competition_create(actor=actor, **values)


def test_a_competition_is_made_with_its_trades_and_audited(world):
    made = create(world.admin, world.district)
    assert list(made.events.values_list("name", flat=True)) == list(TRADES)
    assert made.org_path == world.district.path and made.state == CompetitionState.PLANNED
    assert AuditEntry.objects.filter(action="merit.competition.created", target_id=str(made.pk))


def test_an_organizer_outside_the_scope_or_without_permission_is_refused(world):
    with pytest.raises(Http404):
        create(world.town_a_user, world.town_b)
    with pytest.raises(PermissionDenied):
        create(world.chair_a, world.union_a)
    with pytest.raises(ApplicationError, match="行业劳动竞赛须填写行业"):
        create(world.admin, world.district, kind=CompetitionKind.INDUSTRY)
    town = create(world.town_a_user, world.town_a, level=Level.TOWN)
    assert town.org_path == world.town_a.path


def test_an_edit_is_version_checked_and_keeps_events_with_contestants(world):
    s = skills(world)
    c = s.competition
    services.contestant_add(actor=world.admin, competition=c, event="焊工", member=s.member_a)
    with pytest.raises(ApplicationError, match="「焊工」已有参赛选手"):
        services.competition_update(
            actor=world.admin, competition=c, version=c.version, events=["养老护理员"]
        )
    saved = services.competition_update(
        actor=world.admin, competition=c, version=c.version, events=["焊工", "电工"], name="新名"
    )
    assert saved.name == "新名"
    assert set(saved.events.values_list("name", flat=True)) == {"焊工", "电工"}
    with pytest.raises(ConflictError):
        services.competition_update(actor=world.admin, competition=c, version=c.version, name="x")


def test_states_move_planned_running_finished(world):
    c = make_skills(world.district, state=CompetitionState.PLANNED)
    with pytest.raises(ApplicationError, match="不能改为「已结束」"):
        services.competition_move(
            actor=world.admin, competition=c, version=c.version, state=CompetitionState.FINISHED
        )
    c = services.competition_move(
        actor=world.admin, competition=c, version=c.version, state=CompetitionState.RUNNING
    )
    c = services.competition_move(
        actor=world.admin, competition=c, version=c.version, state=CompetitionState.FINISHED
    )
    assert c.state == CompetitionState.FINISHED
    with pytest.raises(Http404):  # town A cannot see the district's to manage it
        services.competition_move(
            actor=world.town_a_user, competition=c, version=c.version, state="running"
        )


def test_a_chair_enters_its_own_team_into_the_districts_running_competition(world):
    s = skills(world)
    entry = services.entry_add(
        actor=world.chair_a,
        competition=s.competition,
        employer=world.employer_a,
        team="焊接一班",
        workers=12,
    )
    assert entry.org_path == world.union_a.path
    with pytest.raises(ApplicationError, match="不存在或不在您的管理范围内"):
        services.entry_add(
            actor=world.chair_a, competition=s.competition, employer=world.employer_b
        )
    with pytest.raises(ApplicationError, match="已报名本竞赛"):
        services.entry_add(
            actor=world.chair_a,
            competition=s.competition,
            employer=world.employer_a,
            team="焊接一班",
        )
    with pytest.raises(PermissionDenied, match="由竞赛主办单位登记"):
        services.entry_update(actor=world.chair_a, entry=entry, result="优胜班组")
    with pytest.raises(PermissionDenied):  # but not edit the competition itself
        services.competition_update(
            actor=world.chair_a, competition=s.competition, version=None, name="x"
        )
    services.entry_update(actor=world.chair_a, entry=entry, workers=15)
    entry.refresh_from_db()
    assert entry.workers == 15


def test_a_chair_cannot_enter_a_competition_not_running(world):
    c = make_skills(world.district, state=CompetitionState.FINISHED)
    with pytest.raises(ApplicationError, match="只有进行中的竞赛才能报名"):
        services.entry_add(actor=world.chair_a, competition=c, employer=world.employer_a)
    other = make_skills(world.town_b, name="南村镇技能竞赛")
    with pytest.raises(PermissionDenied):
        services.entry_add(actor=world.chair_a, competition=other, employer=world.employer_a)


def test_a_contestant_is_a_member_or_a_worker_of_an_employer(world):
    s = skills(world)
    c = s.competition
    member = services.contestant_add(
        actor=world.chair_a, competition=c, event="焊工", member=s.member_a
    )
    assert (member.union_id, member.employer_id, member.ric_last4) == (
        world.union_a.pk,
        world.employer_a.pk,
        s.ric_a[-4:],
    )
    worker = services.contestant_add(
        actor=world.admin,
        competition=c,
        event="养老护理员",
        name="陈护理",
        employer=world.employer_b,
    )
    assert (worker.union_id, worker.org_path) == (world.union_b.pk, world.union_b.path)
    with pytest.raises(Http404):  # a member of union B is not the chair's
        services.contestant_add(actor=world.chair_a, competition=c, event="焊工", member=s.member_b)
    with pytest.raises(ApplicationError, match="身份证号校验位不正确"):
        services.contestant_add(
            actor=world.admin,
            competition=c,
            event="焊工",
            name="赵",
            ric=s.ric_a[:-1] + "0" if s.ric_a[-1] != "0" else s.ric_a[:-1] + "1",
        )
    with pytest.raises(ApplicationError, match="没有工种或项目「电工」"):
        services.contestant_add(actor=world.admin, competition=c, event="电工", name="钱")
    with pytest.raises(PermissionDenied, match="由竞赛主办单位登记"):
        services.contestant_add(
            actor=world.chair_a, competition=c, event="养老护理员", member=s.member_a, score=90
        )
    with pytest.raises(ApplicationError, match="已是「焊工」的参赛选手"):
        services.contestant_add(actor=world.admin, competition=c, event="焊工", member=s.member_a)


def test_ranks_prizes_and_those_sent_on(world):
    s = skills(world)
    c = s.competition
    rows = [
        services.contestant_add(
            actor=world.admin,
            competition=c,
            event="焊工",
            name=name,
            employer=world.employer_a,
            score=score,
        )
        for name, score in (("甲", "90"), ("乙", "95"), ("丙", "90"), ("丁", "80"))
    ]
    none = services.contestant_add(actor=world.admin, competition=c, event="焊工", name="戊")
    other = services.contestant_add(
        actor=world.admin, competition=c, event="养老护理员", name="己", score="60"
    )
    with pytest.raises(PermissionDenied):
        services.ranks_compute(actor=world.chair_a, competition=c)
    assert services.ranks_compute(actor=world.admin, competition=c) == 5
    got = {r.name: r.rank for r in Contestant.objects.filter(competition=c)}
    assert got == {"甲": 2, "乙": 1, "丙": 2, "丁": 4, "戊": None, "己": 1}
    assert services.ranks_compute(actor=world.admin, competition=c) == 0
    winner = services.contestant_update(
        actor=world.admin,
        contestant=rows[1],
        prize="一等奖",
        sent_on=True,
        next_result="广东省职业技能大赛冠军",
        next_rank=1,
    )
    assert (winner.prize, winner.sent_on, winner.next_rank) == ("一等奖", True, 1)
    with pytest.raises(ApplicationError, match="未选送上级比赛的选手"):
        services.contestant_update(actor=world.admin, contestant=none, next_rank=3)
    assert other.rank is None


def test_a_chair_edits_its_contestant_but_not_the_results(world):
    s = skills(world)
    c = s.competition
    mine = services.contestant_add(
        actor=world.chair_a, competition=c, event="焊工", member=s.member_a
    )
    moved = services.contestant_update(
        actor=world.chair_a, contestant=mine, event="数控机床装调维修工"
    )
    assert moved.event.name == "数控机床装调维修工"
    with pytest.raises(PermissionDenied):
        services.contestant_update(actor=world.chair_a, contestant=mine, score=Decimal("99"))
    services.contestant_remove(actor=world.chair_a, contestant=mine)
    assert not Contestant.objects.filter(pk=mine.pk).exists()
    assert CompetitionEvent.objects.filter(competition=c).count() == 4
    assert not CompetitionEntry.objects.exists()
