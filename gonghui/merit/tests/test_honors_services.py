"""The honors services: each transition, scope and permission refusals, the notice's dates,
the award (honors, the model-worker registry row and the member's flag), objections."""

import datetime

import pytest
from django.http import Http404

from gonghui.core import clock
from gonghui.core.audit import AuditEntry
from gonghui.core.errors import ApplicationError, PermissionDenied, TransitionNotAllowed
from gonghui.core.models import Notification
from gonghui.members.tests.factories import make_member
from gonghui.merit.choices import (
    Channel,
    Level,
    NominationState,
    ObjectionState,
    RoundState,
    Subject,
    UpwardOutcome,
)
from gonghui.merit.models import Honor, ModelWorker, Objection
from gonghui.merit.services import honors as services
from gonghui.merit.tests.factories import make_honor_type
from gonghui.merit.tests.honors_helpers import (
    NOTICE_END,
    NOTICE_START,
    approved,
    district_type,
    in_notice,
    member_a,
    nominate,
    open_round,
    set_today,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _real_clock():
    yield
    clock.forget()


def test_chair_nominates_own_member_and_the_town_then_district_review(world):
    round = open_round(world)
    n = nominate(world, round)
    assert (n.state, n.union_id, n.employer_id) == (
        NominationState.SUBMITTED,
        world.union_a.pk,
        world.employer_a.pk,
    )
    with pytest.raises(PermissionDenied):  # the district waits for the town
        services.nomination_approve(actor=world.district_staff, nomination=n, version=n.version)
    with pytest.raises(Http404):  # town B does not see union A's nominee
        services.nomination_town_review(actor=world.town_b_user, nomination=n, version=n.version)
    n = services.nomination_town_review(actor=world.town_a_user, nomination=n, version=n.version)
    assert n.state == NominationState.TOWN_REVIEWED
    n = services.nomination_approve(actor=world.district_staff, nomination=n, version=n.version)
    assert n.state == NominationState.APPROVED


def test_town_union_nominee_skips_the_town_review(world):
    round = open_round(world)
    member = make_member(world.town_a, "李四", employer=world.employer_a)
    n = services.nomination_create(
        actor=world.town_a_user, round=round, member=member, deeds="优秀。", categories=[]
    )
    with pytest.raises(PermissionDenied):
        services.nomination_town_review(actor=world.town_a_user, nomination=n, version=n.version)
    n = services.nomination_approve(actor=world.district_staff, nomination=n, version=n.version)
    assert n.state == NominationState.APPROVED


def test_nomination_refusals(world):
    round = open_round(world)
    member = member_a(world)
    with pytest.raises(PermissionDenied):
        services.nomination_create(actor=world.auditor, round=round, member=member, deeds="x")
    other = make_member(world.union_b, "赵六", employer=world.employer_b)
    with pytest.raises(Http404):  # chair A cannot nominate union B's member
        services.nomination_create(actor=world.chair_a, round=round, member=other, deeds="好。")
    nominate(world, round, member)
    with pytest.raises(ApplicationError, match="已被推荐参加本次评选"):
        nominate(world, round, member)
    with pytest.raises(ApplicationError, match="请填写主要事迹") as err:
        nominate(world, round, make_member(world.union_a, "钱七"), deeds=" ")
    assert err.value.field == "deeds"
    with pytest.raises(ApplicationError, match="类别「x」不正确"):
        nominate(world, round, make_member(world.union_a, "孙八"), categories=["x"])
    round.state = RoundState.REVIEWING
    round.save()
    with pytest.raises(ApplicationError, match="不接受推荐"):
        nominate(world, round, make_member(world.union_a, "周九"))


def test_team_nominee_needs_employer(world):
    team_type = make_honor_type("区工人先锋号", subject=Subject.TEAM)
    round = open_round(world, honor_type=team_type)
    with pytest.raises(ApplicationError, match="请选择集体所在单位"):
        services.nomination_create(actor=world.chair_a, round=round, name="研发中心", deeds="好。")
    n = services.nomination_create(
        actor=world.chair_a, round=round, name="研发中心", employer=world.employer_a, deeds="好。"
    )
    assert (n.member_id, n.employer_id) == (None, world.employer_a.pk)


def test_withdraw_only_by_the_nominating_union_before_approval(world):
    round = open_round(world)
    n = nominate(world, round)
    with pytest.raises(PermissionDenied):
        services.nomination_withdraw(actor=world.town_a_user, nomination=n, version=n.version)
    n = services.nomination_withdraw(actor=world.chair_a, nomination=n, version=n.version)
    assert n.state == NominationState.WITHDRAWN
    again = nominate(world, round, n.member)  # a withdrawn one may be put forward again
    assert again.state == NominationState.SUBMITTED


def test_reject_needs_a_reason_and_tells_the_union(world):
    round = open_round(world)
    n = nominate(world, round)
    with pytest.raises(ApplicationError, match="理由"):
        services.nomination_reject(
            actor=world.town_a_user, nomination=n, version=n.version, reason=""
        )
    n = services.nomination_reject(
        actor=world.town_a_user, nomination=n, version=n.version, reason="事迹材料不实"
    )
    assert (n.state, n.decision_note) == (NominationState.REJECTED, "事迹材料不实")
    assert Notification.objects.filter(
        recipient=world.chair_a, message__contains="事迹材料不实"
    ).exists()


def test_stale_version_is_refused(world):
    round = open_round(world)
    n = nominate(world, round)
    with pytest.raises(ApplicationError, match="已被他人修改"):
        services.nomination_town_review(
            actor=world.town_a_user, nomination=n, version=n.version + 5
        )


def test_notice_sets_dates_over_national_day_and_moves_the_approved(world):
    round = open_round(world)
    left = nominate(world, round, make_member(world.union_a, "未审核", employer=world.employer_a))
    round, n = in_notice(world, round)
    assert (round.state, round.notice_from, round.notice_until) == (
        RoundState.NOTICE,
        NOTICE_START,
        NOTICE_END,
    )
    assert n.state == NominationState.NOTICE
    left.refresh_from_db()
    assert left.state == NominationState.SUBMITTED  # not approved: not in the notice


def test_notice_needs_an_approved_nominee(world):
    round = open_round(world)
    round = services.round_review(actor=world.district_staff, round=round, version=round.version)
    with pytest.raises(ApplicationError, match="没有评审通过"):
        services.round_notice(actor=world.district_staff, round=round, version=round.version)
    with pytest.raises(PermissionDenied):
        services.round_review(actor=world.chair_a, round=round, version=round.version)


def test_award_after_the_notice_creates_honor_model_worker_and_flag(world):
    kind = district_type(name="番禺区劳动模范", confers_model_worker=True)
    round, n = in_notice(world, open_round(world, honor_type=kind))
    with pytest.raises(ApplicationError, match="公示期满后"):
        services.round_award(
            actor=world.district_staff,
            round=round,
            version=round.version,
            document_no="番工〔2026〕1号",
        )
    set_today(NOTICE_END + datetime.timedelta(days=1))
    with pytest.raises(ApplicationError, match="表彰文号"):
        services.round_award(
            actor=world.district_staff, round=round, version=round.version, document_no=""
        )
    done = services.round_award(
        actor=world.district_staff,
        round=round,
        version=round.version,
        document_no="番工〔2026〕1号",
    )
    assert (done.state, done.document_no, done.awarded_on) == (
        RoundState.CLOSED,
        "番工〔2026〕1号",
        datetime.date(2026, 10, 13),
    )
    n.refresh_from_db()
    assert n.state == NominationState.AWARDED
    honor = Honor.objects.get(nomination=n)
    assert (honor.member_id, honor.year, honor.union_id) == (n.member_id, 2026, world.union_a.pk)
    worker = ModelWorker.objects.get(honor=honor)
    assert worker.level == Level.DISTRICT
    n.member.refresh_from_db()
    assert n.member.is_model_worker
    assert Notification.objects.filter(
        recipient=world.chair_a, message__contains="已获表彰"
    ).exists()
    assert AuditEntry.objects.filter(action="merit.honor.awarded", target_id=str(honor.pk)).exists()


def test_award_waits_for_open_objections_and_upheld_rejects(world):
    round, n = in_notice(world, open_round(world))
    objection = services.objection_record(
        actor=world.district_staff,
        nomination=n,
        channel=Channel.LETTER,
        person_name="张某",
        phone="13800138000",
        content="该同志事迹有夸大成分。",
    )
    assert objection.phone_last4 == "8000" and objection.phone_hash
    set_today(NOTICE_END + datetime.timedelta(days=1))
    with pytest.raises(ApplicationError, match="1件公示异议未核实"):
        services.round_award(
            actor=world.district_staff, round=round, version=round.version, document_no="1号"
        )
    with pytest.raises(ApplicationError, match="核实情况"):
        services.objection_resolve(
            actor=world.district_staff,
            objection=objection,
            version=objection.version,
            upheld=True,
            resolution="",
        )
    done = services.objection_resolve(
        actor=world.district_staff,
        objection=objection,
        version=objection.version,
        upheld=True,
        resolution="经核实，所报成果非本人完成。",
    )
    assert done.state == ObjectionState.UPHELD
    n.refresh_from_db()
    assert n.state == NominationState.REJECTED
    assert "反映属实" in n.decision_note
    assert Notification.objects.filter(
        recipient=world.chair_a, message__contains="反映属实"
    ).exists()


def test_dismissed_objection_keeps_the_nominee(world):
    round, n = in_notice(world, open_round(world))
    objection = services.objection_record(
        actor=world.district_staff, nomination=n, channel=Channel.PHONE,
        person_name="李某", phone="13900139000", content="听说他经常迟到。",
    )  # fmt: skip
    services.objection_resolve(
        actor=world.district_staff, objection=objection, version=objection.version,
        upheld=False, resolution="经核实考勤记录，不属实。",
    )  # fmt: skip
    n.refresh_from_db()
    assert n.state == NominationState.NOTICE


def test_online_objection_real_name_and_throttle(world):
    round, n = in_notice(world, open_round(world))
    with pytest.raises(ApplicationError, match="真实姓名"):
        services.objection_submit_online(
            nomination_id=n.pk, person_name="", phone="13800138000", content="事迹不实情况说明"
        )
    with pytest.raises(ApplicationError) as err:
        services.objection_submit_online(
            nomination_id=n.pk, person_name="王五", phone="123", content="事迹不实情况说明"
        )
    assert err.value.field == "phone"
    for _ in range(services.OBJECTIONS_PER_PHONE):
        row = services.objection_submit_online(
            nomination_id=n.pk,
            person_name="王五",
            phone="13800138000",
            content="事迹不实情况说明",
            ip="10.0.0.1",
        )
    assert row.channel == Channel.ONLINE and row.phone == "13800138000"
    assert AuditEntry.objects.filter(
        action="merit.objection.submitted_online", actor_kind="portal"
    ).exists()
    with pytest.raises(ApplicationError, match="频繁"):
        services.objection_submit_online(
            nomination_id=n.pk,
            person_name="王五",
            phone="13800138000",
            content="事迹不实情况说明",
            ip="10.0.0.2",
        )
    assert Objection.objects.count() == services.OBJECTIONS_PER_PHONE


def test_upward_type_recommended_and_outcome_recorded(world):
    kind = district_type(name="全国五一劳动奖章", level=Level.NATIONAL, confers_model_worker=True)
    round, n = in_notice(world, open_round(world, honor_type=kind))
    set_today(NOTICE_END + datetime.timedelta(days=1))
    with pytest.raises(ApplicationError, match="向上级推荐"):
        services.round_award(
            actor=world.district_staff, round=round, version=round.version, document_no="1号"
        )
    round = services.round_recommend(actor=world.district_staff, round=round, version=round.version)
    assert round.state == RoundState.CLOSED
    n.refresh_from_db()
    assert (n.state, n.upward_outcome) == (NominationState.RECOMMENDED, UpwardOutcome.PENDING)
    with pytest.raises(ApplicationError, match="授予日期"):
        services.nomination_outcome(
            actor=world.district_staff,
            nomination=n,
            version=n.version,
            outcome=UpwardOutcome.AWARDED,
        )
    n = services.nomination_outcome(
        actor=world.district_staff, nomination=n, version=n.version, outcome=UpwardOutcome.AWARDED,
        awarded_on=datetime.date(2026, 10, 20), document_no="总工发〔2026〕9号",
    )  # fmt: skip
    assert n.upward_outcome == UpwardOutcome.AWARDED
    honor = Honor.objects.get(nomination=n)
    assert ModelWorker.objects.filter(honor=honor, level=Level.NATIONAL).exists()
    with pytest.raises(ApplicationError, match="已登记"):
        services.nomination_outcome(
            actor=world.district_staff,
            nomination=n,
            version=n.version,
            outcome=UpwardOutcome.NOT_AWARDED,
        )


def test_honor_recorded_without_round_and_scope(world):
    kind = make_honor_type("广东省工人先锋号", level=Level.PROVINCIAL, subject=Subject.TEAM)
    with pytest.raises(PermissionDenied):
        services.honor_record(actor=world.chair_a, honor_type=kind, year=2013, name="研发中心")
    with pytest.raises(ApplicationError, match="请选择集体所在单位"):
        services.honor_record(
            actor=world.district_staff, honor_type=kind, year=2013, name="研发中心"
        )
    with pytest.raises(Http404):  # town A cannot record for town B's employer
        services.honor_record(
            actor=world.town_a_user,
            honor_type=kind,
            year=2013,
            name="研发中心",
            employer=world.employer_b,
        )
    honor = services.honor_record(
        actor=world.district_staff,
        honor_type=kind,
        year=2013,
        name="技术研发中心",
        employer=world.employer_b,
    )
    assert (honor.union_id, honor.org_path) == (world.union_b.pk, world.union_b.path)
    with pytest.raises(ApplicationError, match="年度应在"):
        services.honor_record(
            actor=world.district_staff,
            honor_type=kind,
            year=2999,
            name="x",
            employer=world.employer_b,
        )


def test_type_with_shares_and_checks(world):
    with pytest.raises(PermissionDenied):
        services.type_create(
            actor=world.town_a_user, name="x", level="district", subject="person", conferred_by="区"
        )
    kind = services.type_create(
        actor=world.district_staff, name="区先进职工之家", level="district", subject="organization",
        conferred_by="番禺区总工会", notice_workdays=7, shares=[("non_public", "min", 35)],
    )  # fmt: skip
    assert [(s.category, s.percent) for s in kind.shares.all()] == [("non_public", 35)]
    with pytest.raises(ApplicationError, match="重复填写"):
        services.type_update(
            actor=world.district_staff, honor_type=kind, version=kind.version,
            shares=[("migrant", "min", 10), ("migrant", "min", 20)],
        )  # fmt: skip
    with pytest.raises(ApplicationError, match="只有授予个人"):
        services.type_update(
            actor=world.district_staff,
            honor_type=kind,
            version=kind.version,
            confers_model_worker=True,
        )
    kind = services.type_update(
        actor=world.district_staff, honor_type=kind, version=kind.version, notice_workdays=5,
        shares=[("migrant", "min", 10)],
    )  # fmt: skip
    assert kind.notice_workdays == 5 and [s.category for s in kind.shares.all()] == ["migrant"]


def test_round_create_checks(world):
    kind = district_type()
    with pytest.raises(ApplicationError, match="区级及以上荣誉应由区总工会"):
        services.round_create(
            actor=world.town_a_user, honor_type=kind, year=2026, organizer=world.town_a
        )
    round = services.round_create(
        actor=world.district_staff, honor_type=kind, year=2026, organizer=None
    )
    assert (round.organizer_id, round.state, round.name) == (
        world.district.pk, RoundState.DRAFT, f"2026年{kind.name}评选",
    )  # fmt: skip
    with pytest.raises(ApplicationError, match="已有"):
        services.round_create(
            actor=world.district_staff, honor_type=kind, year=2026, organizer=None
        )
    with pytest.raises(TransitionNotAllowed):
        services.round_review(actor=world.district_staff, round=round, version=round.version)
    round = services.round_open(actor=world.district_staff, round=round, version=round.version)
    assert round.state == RoundState.OPEN


def test_approved_helper_is_approved(world):
    assert approved(world, open_round(world)).state == NominationState.APPROVED
