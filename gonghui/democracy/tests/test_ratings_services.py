"""The rating's writes (DEMO-3): the round's sheet copied from the default and editable only
as a draft; each record-read criterion read from the records (hand-checked); scores and the
level from the total; the workflow guards (no close before the notice ends, none with an
objection open); an upheld objection removes the application; closing sets the level, the
validity and the awards; scope and permissions."""

import datetime

import pytest
from django.http import Http404

from gonghui.core import clock
from gonghui.core.errors import ApplicationError, PermissionDenied
from gonghui.core.notify import Notification
from gonghui.democracy.choices import (
    ApplicationState,
    AwardKind,
    AwardState,
    Channel,
    ContractState,
    CriterionSource,
    RatingLevel,
    RatingRoundState,
)
from gonghui.democracy.models import RatingApplication, RatingScore
from gonghui.democracy.services import ratings as services
from gonghui.democracy.tests.factories_ratings import (
    NOTICE_END,
    NOTICE_START,
    YEAR,
    apply,
    approved,
    arrears_case,
    congress,
    draft_round,
    dual_display,
    in_notice,
    manual,
    open_affairs,
    open_round,
    set_today,
    wage_contract,
)
from gonghui.rights.choices import CaseKind
from gonghui.rights.choices import Subject as CaseSubject

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _real_clock():
    yield
    clock.forget()


def _score(application, source):
    return RatingScore.objects.get(application=application, criterion__source=source)


def test_a_new_round_has_the_default_sheet_editable_until_it_opens(world):
    round = draft_round(world)
    assert round.criteria.count() == 10 and services.sheet_total(round) == 100
    c = services.criterion_save(
        actor=world.district_staff, round=round, text="开展技能培训", max_points=5
    )
    assert services.sheet_total(round) == 105 and c.order == 11
    with pytest.raises(ApplicationError, match="已有取自「已建立工会」的评分标准"):
        services.criterion_save(
            actor=world.district_staff, round=round, text="x", max_points=1,
            source=CriterionSource.UNION,
        )  # fmt: skip
    with pytest.raises(ApplicationError, match="分值应为1至100"):
        services.criterion_save(actor=world.district_staff, round=round, text="x", max_points=0)
    services.criterion_remove(actor=world.district_staff, round=round, criterion=c)
    round.refresh_from_db()
    round = services.round_open(actor=world.district_staff, round=round, version=round.version)
    assert round.state == RatingRoundState.OPEN
    with pytest.raises(ApplicationError, match="评分标准不能再修改"):
        services.criterion_save(actor=world.district_staff, round=round, text="y", max_points=5)


def test_thresholds_are_checked_against_the_sheet(world):
    with pytest.raises(ApplicationError, match="超过评分标准总分100分") as e:
        draft_round(world, min_score_aaa=101)
    assert e.value.field == "min_score_aaa"
    with pytest.raises(ApplicationError, match="A级 < 2A级 < 3A级"):
        draft_round(world, min_score_a=92)
    with pytest.raises(PermissionDenied):  # a union applies; it does not organize
        services.round_create(actor=world.chair_a, year=2026, organizer=world.town_a)


def test_with_no_records_only_the_union_and_no_dispute_score(world):
    a = apply(world, open_round(world))
    assert _score(a, CriterionSource.UNION).points == 10
    assert _score(a, CriterionSource.NO_ARREARS_DISPUTE).points == 10
    for source in ("wage_contract", "congress", "open_affairs", "dual_display"):
        score = _score(a, source)
        assert (
            score.points == 0 and score.from_records and score.source_note.startswith("系统记录：")
        )
    assert a.total_score == 20
    manual_scores = RatingScore.objects.filter(application=a, criterion__source="")
    assert manual_scores.count() == 4 and not any(s.from_records for s in manual_scores)


def test_each_record_criterion_is_read_from_its_records(world):
    e = world.employer_a
    wage_contract(e)  # 2025-01-01 to 2027-12-31, effective
    congress(e)
    open_affairs(e)
    dual_display(world.union_a)
    a = apply(world, open_round(world))
    assert {s.criterion.source: s.points for s in a.scores.select_related("criterion") if s.from_records} == {
        "union": 10, "wage_contract": 15, "congress": 10, "open_affairs": 10,
        "dual_display": 5, "no_arrears_dispute": 10,
    }  # fmt: skip
    assert _score(a, "wage_contract").source_note == "系统记录：工资专项集体合同在有效期内"


def test_records_that_do_not_count(world):
    e = world.employer_a
    wage_contract(e, starts_on=datetime.date(2022, 1, 1), years=3)  # ended 2024-12-31
    wage_contract(e, starts_on=datetime.date(2026, 1, 1), state=ContractState.SUBMITTED)
    congress(e, held_on=datetime.date(2025, 12, 30))  # last year
    open_affairs(e, year=2025)
    world.union_a.signboard_displayed = True  # one of the two displays only
    world.union_a.save()
    arrears_case(e)  # a labor dispute received this year
    arrears_case(e, kind=CaseKind.COMPLAINT, subject=CaseSubject.WAGES)  # a complaint of wages
    arrears_case(e, kind=CaseKind.COMPLAINT, received_on=datetime.date(2025, 6, 1))  # neither
    a = apply(world, open_round(world))
    got = {
        s.criterion.source: s.points for s in a.scores.select_related("criterion") if s.from_records
    }
    assert got == {
        "union": 10, "wage_contract": 0, "congress": 0, "open_affairs": 0,
        "dual_display": 0, "no_arrears_dispute": 0,
    }  # fmt: skip
    assert _score(a, "no_arrears_dispute").source_note == "本年度有2宗欠薪劳动争议（维权案件）"


def test_an_employer_without_a_union_cannot_apply(world):
    world.employer_a.union = None
    world.employer_a.save()
    round = open_round(world)
    with pytest.raises((ApplicationError, Http404)):
        apply(world, round)


def test_once_per_round_and_only_while_open(world):
    round = open_round(world)
    apply(world, round)
    with pytest.raises(ApplicationError, match="已申报本次评定") as e:
        apply(world, round)
    assert e.value.field == "employer"
    round.refresh_from_db()
    services.round_review(actor=world.district_staff, round=round, version=round.version)
    round.refresh_from_db()
    with pytest.raises(ApplicationError, match="不接受申报"):
        apply(world, round, employer=world.employer_a)


def test_approve_refuses_a_total_below_a(world):
    round = open_round(world)
    a = apply(world, round)
    a = services.application_score(
        actor=world.district_staff, application=a, version=a.version, points=manual(a)
    )
    assert a.total_score == 60  # union 10 + no dispute 10 + 40 by the reviewer
    a = services.application_town_review(actor=world.town_a_user, application=a, version=a.version)
    with pytest.raises(ApplicationError, match="总分60分，未达到A级最低分80分"):
        services.application_approve(actor=world.district_staff, application=a, version=a.version)


def _all_records(world):
    e = world.employer_a
    wage_contract(e)
    congress(e)
    open_affairs(e)
    dual_display(world.union_a)


def test_the_level_is_the_totals_capped_by_the_application(world):
    _all_records(world)
    round = open_round(world)
    a = approved(world, round, level=RatingLevel.AA)
    assert (a.total_score, a.level, a.state) == (100, RatingLevel.AA, ApplicationState.APPROVED)


def test_a_score_out_of_range_is_refused_on_its_field(world):
    a = apply(world, open_round(world))
    cid = next(iter(manual(a)))
    with pytest.raises(ApplicationError, match="得分应为0至") as e:
        services.application_score(
            actor=world.district_staff, application=a, version=a.version, points={cid: 99}
        )
    assert e.value.field == f"points_{cid}"
    with pytest.raises(PermissionDenied):
        services.application_score(
            actor=world.town_a_user, application=a, version=a.version, points={cid: 1}
        )


def test_the_town_step_comes_first_and_the_chair_may_withdraw(world):
    _all_records(world)
    a = apply(world, open_round(world))
    a = services.application_score(
        actor=world.district_staff, application=a, version=a.version, points=manual(a)
    )
    with pytest.raises(PermissionDenied, match="须先经镇街审核"):
        services.application_approve(actor=world.district_staff, application=a, version=a.version)
    a = services.application_withdraw(actor=world.chair_a, application=a, version=a.version)
    assert a.state == ApplicationState.WITHDRAWN


def test_no_close_before_the_notice_ends_or_with_an_objection_open(world):
    _all_records(world)
    round, a = in_notice(world, open_round(world))
    assert (round.notice_from, round.notice_until) == (NOTICE_START, NOTICE_END)
    assert a.state == ApplicationState.NOTICE and a.level == RatingLevel.AAA
    objection = services.objection_record(
        actor=world.district_staff, application=a, channel=Channel.LETTER,
        person_name="王五", phone="13800138000", content="反映该企业拖欠加班费。",
    )  # fmt: skip
    set_today(NOTICE_END)  # the last day of the notice: not yet
    with pytest.raises(ApplicationError, match="公示期至 2026-10-10"):
        services.round_close(
            actor=world.district_staff,
            round=round,
            version=round.version,
            document_no="番工〔2026〕1号",
        )
    set_today(NOTICE_END + datetime.timedelta(days=1))
    with pytest.raises(ApplicationError, match="还有1件公示异议未核实"):
        services.round_close(
            actor=world.district_staff,
            round=round,
            version=round.version,
            document_no="番工〔2026〕1号",
        )
    services.objection_resolve(
        actor=world.district_staff, objection=objection, version=objection.version,
        upheld=False, resolution="经核实已足额支付。",
    )  # fmt: skip
    with pytest.raises(ApplicationError, match="请填写公布文号") as e:
        services.round_close(
            actor=world.district_staff, round=round, version=round.version, document_no=" "
        )
    assert e.value.field == "document_no"
    done = services.round_close(
        actor=world.district_staff,
        round=round,
        version=round.version,
        document_no="番工〔2026〕1号",
    )
    assert done.state == RatingRoundState.CLOSED and done.decided_on == datetime.date(2026, 10, 11)
    a.refresh_from_db()
    assert (a.state, a.level, a.valid_until) == (
        ApplicationState.RATED,
        RatingLevel.AAA,
        datetime.date(2029, 10, 10),
    )
    assert Notification.objects.filter(
        recipient=world.chair_a, message__contains="评定为3A级"
    ).exists()


def test_an_upheld_objection_removes_the_application(world):
    _all_records(world)
    round, a = in_notice(world, open_round(world))
    objection = services.objection_submit_online(
        application_id=a.pk, person_name="赵六", phone="13900139000",
        content="该企业今年拖欠工资三个月。", ip="10.0.0.9",
    )  # fmt: skip
    assert objection.channel == Channel.ONLINE and objection.phone_last4 == "9000"
    services.objection_resolve(
        actor=world.district_staff, objection=objection, version=objection.version,
        upheld=True, resolution="经核实属实。",
    )  # fmt: skip
    a.refresh_from_db()
    assert (a.state, a.level) == (ApplicationState.REJECTED, "")
    assert "公示期间反映属实" in a.decision_note
    set_today(NOTICE_END + datetime.timedelta(days=1))
    round.refresh_from_db()
    services.round_close(
        actor=world.district_staff,
        round=round,
        version=round.version,
        document_no="番工〔2026〕2号",
    )
    assert not RatingApplication.objects.filter(state=ApplicationState.RATED).exists()


def test_online_objections_need_a_real_name_and_are_limited(world):
    _all_records(world)
    _round, a = in_notice(world, open_round(world))
    with pytest.raises(ApplicationError, match="真实姓名") as e:
        services.objection_submit_online(
            application_id=a.pk, person_name=" ", phone="13800138000", content="拖欠工资问题"
        )
    assert e.value.field == "person_name"
    with pytest.raises(ApplicationError, match="手机号应为11位数字"):
        services.objection_submit_online(
            application_id=a.pk, person_name="甲", phone="123", content="拖欠工资问题"
        )
    for _ in range(3):
        services.objection_submit_online(
            application_id=a.pk, person_name="甲", phone="13800138001", content="拖欠工资问题"
        )
    with pytest.raises(ApplicationError, match="该手机号提交过于频繁"):
        services.objection_submit_online(
            application_id=a.pk, person_name="甲", phone="13800138001", content="拖欠工资问题"
        )
    set_today(NOTICE_END + datetime.timedelta(days=1))
    with pytest.raises(ApplicationError, match="公示期已结束"):
        services.objection_submit_online(
            application_id=a.pk, person_name="乙", phone="13800138002", content="拖欠工资问题"
        )


def test_awards_are_nominated_reviewed_shown_and_given_at_the_close(world):
    _all_records(world)
    round = open_round(world)
    w = services.award_create(
        actor=world.chair_a, round=round, kind=AwardKind.CARING_EMPLOYER,
        employer=world.employer_a, name="陈总", position="董事长", deeds="关爱职工，工资逐年增长。",
    )  # fmt: skip
    assert w.union_id == world.union_a.pk and w.state == AwardState.NOMINATED
    with pytest.raises(ApplicationError, match="请填写主要事迹") as e:
        services.award_create(
            actor=world.chair_a,
            round=round,
            kind=AwardKind.DEVOTED_EMPLOYEE,
            employer=world.employer_a,
            name="李四",
        )
    assert e.value.field == "deeds"
    w = services.award_approve(actor=world.district_staff, award=w, version=w.version)
    round, _a = in_notice(world, round)
    set_today(NOTICE_END + datetime.timedelta(days=1))
    services.round_close(
        actor=world.district_staff,
        round=round,
        version=round.version,
        document_no="番工〔2026〕3号",
    )
    w.refresh_from_db()
    assert w.state == AwardState.AWARDED


def test_the_notice_needs_something_approved_and_cannot_start_in_the_past(world):
    round = open_round(world)
    round = services.round_review(actor=world.district_staff, round=round, version=round.version)
    with pytest.raises(ApplicationError, match="没有评审通过"):
        services.round_notice(actor=world.district_staff, round=round, version=round.version)
    with pytest.raises(ApplicationError, match="不能早于今天") as e:
        services.round_notice(
            actor=world.district_staff, round=round, version=round.version,
            starts_on=datetime.date(2026, 8, 1),
        )  # fmt: skip
    assert e.value.field == "starts_on"


def test_scope_another_towns_user_cannot_review(world):
    a = apply(world, open_round(world))
    with pytest.raises(Http404):
        services.application_town_review(actor=world.town_b_user, application=a, version=a.version)
    with pytest.raises(PermissionDenied):
        services.application_town_review(actor=world.chair_a, application=a, version=a.version)


def test_the_round_is_edited_fully_as_a_draft_and_only_its_name_dates_note_when_open(world):
    round = draft_round(world)
    round = services.round_update(
        actor=world.district_staff, round=round, version=round.version,
        min_score_a=70, notice_workdays=7,
    )  # fmt: skip
    assert (round.min_score_a, round.notice_workdays) == (70, 7)
    with pytest.raises(ApplicationError, match="A级 < 2A级 < 3A级"):
        services.round_update(
            actor=world.district_staff, round=round, version=round.version, min_score_a=99
        )
    round = services.round_open(actor=world.district_staff, round=round, version=round.version)
    with pytest.raises(ApplicationError, match="只能修改名称、申报截止日期和说明"):
        services.round_update(
            actor=world.district_staff, round=round, version=round.version, min_score_a=75
        )
    round = services.round_update(
        actor=world.district_staff, round=round, version=round.version, name="新名称"
    )
    assert round.name == "新名称" and round.min_score_a == 70


def test_an_approved_application_may_be_scored_again_until_its_notice(world):
    _all_records(world)
    round = open_round(world)
    a = approved(world, round)
    assert (a.total_score, a.level) == (100, RatingLevel.AAA)
    points = manual(a)
    big = max(points, key=points.get)
    assert points[big] >= 10
    a = services.application_score(
        actor=world.district_staff,
        application=a,
        version=a.version,
        points={big: points[big] - 10},
    )
    assert (a.state, a.total_score, a.level) == (ApplicationState.APPROVED, 90, RatingLevel.AA)
    with pytest.raises(ApplicationError, match="重新评分后总分60分，未达到A级") as e:
        services.application_score(
            actor=world.district_staff,
            application=a,
            version=a.version,
            points=dict.fromkeys(points, 0),
        )
    assert e.value.field == "points"
    a.refresh_from_db()
    assert (a.total_score, a.level) == (90, RatingLevel.AA)  # nothing half-saved
    assert a.scores.get(criterion_id=big).points == points[big] - 10
    round.refresh_from_db()
    round = services.round_review(actor=world.district_staff, round=round, version=round.version)
    set_today(NOTICE_START)
    services.round_notice(actor=world.district_staff, round=round, version=round.version)
    a.refresh_from_db()
    with pytest.raises(ApplicationError, match="不能再评分"):
        services.application_score(
            actor=world.district_staff, application=a, version=a.version, points={big: 0}
        )


def test_a_town_runs_its_own_round_and_decides_it(world):
    """A town organizes a round for its area: no town step, the town scores and approves,
    publishes the notice and closes; another town does not see it; the district still
    decides its own round alone."""
    _all_records(world)
    set_today(datetime.date(YEAR, 9, 1))
    town = world.town_a_user
    round = services.round_create(actor=town, year=YEAR, organizer=world.town_a)
    assert round.organizer == world.town_a and round.org_path == world.town_a.path
    round = services.round_open(actor=town, round=round, version=round.version)
    a = apply(world, round)
    with pytest.raises(PermissionDenied, match="无需镇街审核"):
        services.application_town_review(actor=town, application=a, version=a.version)
    a = services.application_score(actor=town, application=a, version=a.version, points=manual(a))
    a = services.application_approve(actor=town, application=a, version=a.version)
    assert (a.state, a.level) == (ApplicationState.APPROVED, RatingLevel.AAA)
    with pytest.raises(Http404):
        services.round_review(actor=world.town_b_user, round=round, version=round.version)
    round.refresh_from_db()
    round = services.round_review(actor=town, round=round, version=round.version)
    set_today(NOTICE_START)
    round = services.round_notice(actor=town, round=round, version=round.version)
    set_today(NOTICE_END + datetime.timedelta(days=1))
    services.round_close(
        actor=town, round=round, version=round.version, document_no="市工〔2026〕1号"
    )
    a.refresh_from_db()
    assert a.state == ApplicationState.RATED


def test_a_town_does_not_decide_the_districts_round(world):
    _all_records(world)
    a = apply(world, open_round(world))
    town = world.town_a_user
    with pytest.raises(PermissionDenied, match="只有组织本次评定"):
        services.application_score(actor=town, application=a, version=a.version, points=manual(a))
    a = services.application_town_review(actor=town, application=a, version=a.version)
    with pytest.raises(PermissionDenied):
        services.application_approve(actor=town, application=a, version=a.version)
    with pytest.raises(Http404):  # another town's: not in its scope
        services.round_create(actor=world.town_b_user, year=YEAR, organizer=world.town_a)
