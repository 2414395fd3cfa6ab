"""The registry's services: entering a model worker of earlier years (member or name + RIC),
the member's flag across states, revocation revoking the honor, scope and permission
refusals, benefits as data, bad input said in Chinese."""

import datetime
from decimal import Decimal

import pytest
from django.http import Http404

from gonghui.core.errors import ApplicationError, ConflictError, PermissionDenied
from gonghui.core.models import AuditEntry
from gonghui.members.models import Member
from gonghui.members.tests.factories import make_member, new_ric
from gonghui.merit.choices import BenefitKind, Level, ModelWorkerState, Subject
from gonghui.merit.models import Honor, ModelWorker, ModelWorkerBenefit
from gonghui.merit.queries import workers as queries
from gonghui.merit.services import workers as services
from gonghui.merit.tests.factories import make_honor, make_honor_type, make_model_worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def medal(db):
    return make_honor_type(
        "全国五一劳动奖章", level=Level.NATIONAL, conferred_by="中华全国总工会",
        confers_model_worker=True,
    )  # fmt: skip


def record(world, medal, **extra):
    fields = {"actor": world.admin, "honor_type": medal, "year": 2013} | extra
    return services.model_worker_record(**fields)


def flag(member) -> bool:
    return Member.objects.get(pk=member.pk).is_model_worker


def test_a_member_recorded_enters_the_registry_and_gets_the_flag(world, medal):
    member = make_member(world.union_a, name="王锐祥", employer=world.employer_a)
    worker = record(world, medal, member=member, document_no="总工发〔2013〕5号")
    assert (worker.name, worker.level, worker.year, worker.union) == (
        "王锐祥", Level.NATIONAL, 2013, world.union_a,
    )  # fmt: skip
    assert worker.employer == world.employer_a  # the member's, none given
    assert worker.honor.member == member and worker.honor.document_no == "总工发〔2013〕5号"
    assert worker.ric_hash == member.ric_hash  # the care pages find grants by it
    assert flag(member)
    actions = set(
        AuditEntry.objects.filter(target_id=str(worker.pk)).values_list("action", flat=True)
    )
    assert {"merit.model_worker.enrolled", "merit.model_worker.recorded"} <= actions


def test_a_worker_who_is_not_a_member_goes_under_the_employers_union(world, medal):
    ric = new_ric()
    worker = record(world, medal, name="李工", ric=ric, employer=world.employer_b)
    assert worker.member is None and worker.union == world.union_b
    assert worker.ric_last4 == ric[-4:] and worker.ric == ric


@pytest.mark.parametrize(
    "extra, field, text",
    [
        ({}, "member", "请选择会员，或填写姓名和身份证号"),
        ({"name": "李工"}, "ric", "须填写身份证号"),
        ({"name": "李工", "ric": "123"}, "ric", "身份证"),
        ({"name": "李工", "ric": "RIC"}, "employer", "请填写工作单位"),
        ({"year": 1800, "name": "李工", "ric": "RIC"}, "year", "获评年度须在"),
        ({"year": 2999, "name": "李工", "ric": "RIC"}, "year", "获评年度须在"),
    ],
)
def test_bad_input_is_refused_in_chinese_naming_the_field(world, medal, extra, field, text):
    if extra.get("ric") == "RIC":
        extra["ric"] = new_ric()
    with pytest.raises(ApplicationError) as caught:
        record(world, medal, **extra)
    assert caught.value.field == field and text in caught.value.message
    assert not ModelWorker.objects.exists() and not Honor.objects.exists()  # nothing half-written


def test_a_type_that_does_not_confer_the_title_is_refused(world):
    plain = make_honor_type("区优秀工会工作者")
    member = make_member(world.union_a)
    with pytest.raises(ApplicationError, match="不授予劳模称号") as caught:
        services.model_worker_record(actor=world.admin, honor_type=plain, year=2013, member=member)
    assert caught.value.field == "honor_type" and not flag(member)


def test_the_same_honor_twice_is_refused(world, medal):
    member = make_member(world.union_a)
    record(world, medal, member=member)
    with pytest.raises(ApplicationError, match="不能重复登记"):
        record(world, medal, member=member)
    assert ModelWorker.objects.count() == 1


def test_a_members_ric_typed_as_a_non_member_is_sent_to_the_member_picker(world, medal):
    ric = new_ric()
    make_member(world.union_a, ric=ric)
    with pytest.raises(ApplicationError, match="该身份证号是会员") as caught:
        record(world, medal, name="某人", ric=ric, employer=world.employer_a)
    assert caught.value.field == "ric"


def test_only_the_district_enters_model_workers(world, medal):
    member = make_member(world.union_a)
    for user in (world.town_a_user, world.chair_a, world.auditor):
        with pytest.raises(PermissionDenied):
            record(world, medal, actor=user, member=member)
    assert not flag(member)


def test_a_member_out_of_scope_is_not_found(world, medal):
    """The registry manager is the district; a town user given the permission still cannot
    reach another town's member (scope, not the permission, refuses)."""
    member = make_member(world.union_b)
    world.town_a_user.can = lambda perm: True  # the permission granted, scope still holds
    with pytest.raises(Http404):
        record(world, medal, actor=world.town_a_user, member=member)


# ---- the flag across states -----------------------------------------------------------


@pytest.mark.parametrize(
    "state, standing",
    [
        (ModelWorkerState.RETIRED, True),
        (ModelWorkerState.DECEASED, False),
        (ModelWorkerState.REVOKED, False),
    ],
)
def test_the_members_flag_follows_the_state(world, medal, state, standing):
    member = make_member(world.union_a)
    worker = record(world, medal, member=member)
    changed = services.model_worker_set_state(
        actor=world.admin, worker=worker, state=state, version=worker.version, reason="文件"
    )
    assert changed.state == state and flag(member) is standing
    assert Honor.objects.get(pk=worker.honor_id).is_revoked is (state == ModelWorkerState.REVOKED)
    entry = AuditEntry.objects.get(action="merit.model_worker.state_changed")
    assert entry.data["state"] == ["active", state]


def test_another_standing_title_keeps_the_flag_when_one_is_revoked(world, medal):
    member = make_member(world.union_a)
    city = make_honor_type("广州市劳动模范", level=Level.CITY, confers_model_worker=True)
    first = record(world, medal, member=member)
    record(world, city, member=member, year=2010)
    services.model_worker_set_state(
        actor=world.admin, worker=first, state="revoked", version=first.version, reason="撤销"
    )
    assert flag(member)


def test_state_changes_refused(world, medal):
    worker = record(world, medal, member=make_member(world.union_a))
    with pytest.raises(ApplicationError, match="撤销劳模称号须填写理由"):
        services.model_worker_set_state(
            actor=world.admin, worker=worker, state="revoked", version=worker.version
        )
    with pytest.raises(ConflictError):
        services.model_worker_set_state(
            actor=world.admin, worker=worker, state="retired", version=worker.version + 5
        )
    dead = services.model_worker_set_state(
        actor=world.admin, worker=worker, state="deceased", version=worker.version
    )
    with pytest.raises(ApplicationError, match="不能改为"):
        services.model_worker_set_state(
            actor=world.admin, worker=dead, state="active", version=dead.version
        )
    with pytest.raises(PermissionDenied):
        services.model_worker_set_state(
            actor=world.town_a_user, worker=dead, state="revoked", version=dead.version
        )


def test_enroll_from_honor_ignores_titles_that_do_not_confer_it_and_is_idempotent(world, medal):
    team = make_honor_type("工人先锋号", subject=Subject.TEAM, confers_model_worker=True)
    assert (
        services.enroll_from_honor(actor=world.admin, honor=make_honor(team, world.union_a)) is None
    )
    member = make_member(world.union_a)
    honor = make_honor(medal, world.union_a, member.name, member=member)
    first = services.enroll_from_honor(actor=world.admin, honor=honor)
    assert services.enroll_from_honor(actor=world.admin, honor=honor) == first
    assert ModelWorker.objects.count() == 1 and flag(member)


def test_sync_member_flag_clears_a_flag_without_a_standing_row(world):
    member = make_member(world.union_a, is_model_worker=True)
    services.sync_member_flag(member.pk)
    assert not flag(member)
    make_model_worker(world.union_a, member=member)
    services.sync_member_flag(member.pk)
    assert flag(member)


def test_update_employer_and_note(world, medal):
    worker = record(world, medal, member=make_member(world.union_a))
    saved = services.model_worker_update(
        actor=world.admin, worker=worker, version=worker.version,
        employer=world.employer_b, note="调往乙公司",
    )  # fmt: skip
    assert (saved.employer, saved.note) == (world.employer_b, "调往乙公司")
    with pytest.raises(PermissionDenied):
        services.model_worker_update(
            actor=world.chair_a, worker=saved, version=saved.version, note="x"
        )


# ---- benefits -----------------------------------------------------------------------------


def test_benefits_in_force_are_the_latest_started_of_each_kind(world, monkeypatch):
    def add(kind, day, **extra):
        return services.benefit_create(
            actor=world.admin, level=Level.CITY, kind=kind, effective_from=day, **extra
        )

    add(BenefitKind.ALLOWANCE, datetime.date(2010, 1, 1), amount=Decimal("200"))
    new = add(BenefitKind.ALLOWANCE, datetime.date(2015, 1, 1), amount=Decimal("300"))
    add(BenefitKind.ALLOWANCE, datetime.date(2099, 1, 1), amount=Decimal("900"))
    pension = add(
        BenefitKind.PENSION, datetime.date(2010, 1, 1), percent=Decimal("5"), amount=Decimal("1")
    )
    assert pension.amount is None  # a pension row carries a percent only
    shown = queries.benefits_in_force(Level.CITY)
    assert [b.pk for b in shown] == [new.pk, pension.pk]


@pytest.mark.parametrize(
    "kind, extra, field",
    [
        (BenefitKind.ALLOWANCE, {}, "amount"),
        (BenefitKind.PENSION, {"percent": Decimal("0")}, "percent"),
        (BenefitKind.HEALTH_CHECK, {}, "times_a_year"),
        (BenefitKind.CONDOLENCE, {"amount": Decimal("-5")}, "amount"),
    ],
)
def test_a_benefit_without_its_measure_is_refused(world, kind, extra, field):
    with pytest.raises(ApplicationError) as caught:
        services.benefit_create(
            actor=world.admin, level=Level.CITY, kind=kind,
            effective_from=datetime.date(2013, 1, 1), **extra,
        )  # fmt: skip
    assert caught.value.field == field and not ModelWorkerBenefit.objects.exists()


def test_a_benefit_twice_from_one_day_and_a_stale_edit_are_refused(world):
    row = services.benefit_create(
        actor=world.admin, level=Level.CITY, kind=BenefitKind.HEALTH_CHECK,
        effective_from=datetime.date(2013, 1, 1), times_a_year=1,
    )  # fmt: skip
    with pytest.raises(ApplicationError, match="已有2013-01-01起的标准"):
        services.benefit_create(
            actor=world.admin, level=Level.CITY, kind=BenefitKind.HEALTH_CHECK,
            effective_from=datetime.date(2013, 1, 1), times_a_year=2,
        )  # fmt: skip
    saved = services.benefit_update(
        actor=world.admin, benefit=row, version=row.version, times_a_year=2,
        amount=Decimal("800"),
    )  # fmt: skip
    assert (saved.times_a_year, saved.amount, saved.version) == (
        2,
        Decimal("800.00"),
        row.version + 1,
    )
    with pytest.raises(ConflictError):
        services.benefit_update(actor=world.admin, benefit=row, version=row.version, times_a_year=3)
    with pytest.raises(PermissionDenied):
        services.benefit_create(
            actor=world.town_a_user, level=Level.CITY, kind=BenefitKind.HEALTH_CHECK,
            effective_from=datetime.date(2014, 1, 1), times_a_year=1,
        )  # fmt: skip
