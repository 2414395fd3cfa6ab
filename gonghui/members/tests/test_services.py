import datetime

import pytest
from django.http import Http404

from gonghui.core.clock import today
from gonghui.core.errors import ApplicationError, ConflictError, PermissionDenied
from gonghui.core.models import AuditEntry, WorkflowEvent
from gonghui.members import services
from gonghui.members.choices import MemberStatus
from gonghui.members.models import Member
from gonghui.members.tests.factories import make_member, new_phone, new_ric

pytestmark = pytest.mark.django_db


def _create(world, actor=None, union=None, **extra):
    fields = {"name": "李四", "ric": new_ric(male=False), "joined_on": datetime.date(2024, 3, 1)}
    fields.update(extra)
    return services.member_create(
        actor=actor or world.town_a_user, union=union or world.union_a, **fields
    )


def test_create_derives_birth_and_sex_recounts_and_audits(world):
    # given a valid female RIC and a phone with spaces
    ric = new_ric(male=False, birth=datetime.date(1988, 2, 9))
    # when the town user adds her to union A
    member = _create(world, ric=ric, phone="138 0013 8000", employer=world.employer_a)
    # then the facts come from the RIC, the union counts her, the write is audited
    assert member.birth_date == datetime.date(1988, 2, 9) and member.sex == "F"
    assert member.phone == "13800138000" and member.ric_last4 == ric[-4:]
    world.union_a.refresh_from_db()
    assert (world.union_a.member_count, world.union_a.female_member_count) == (1, 1)
    assert AuditEntry.objects.filter(action="members.member.created", target_id=str(member.pk))


def test_birth_date_or_sex_against_ric_must_agree(world):
    ric = new_ric(male=True, birth=datetime.date(1990, 1, 1))
    with pytest.raises(ApplicationError, match="出生日期") as exc:
        _create(world, ric=ric, birth_date=datetime.date(1991, 1, 1))
    assert exc.value.field == "birth_date"
    with pytest.raises(ApplicationError, match="性别"):
        _create(world, ric=ric, sex="F")
    assert not Member.objects.exists()


def test_invalid_ric_and_phone_give_chinese_errors(world):
    with pytest.raises(ApplicationError, match="校验位"):
        _create(world, ric="440113199001011230")
    with pytest.raises(ApplicationError, match="手机号"):
        _create(world, phone="12345")


def test_second_member_with_same_ric_names_union_in_scope_and_offers_transfer(world):
    # given a member of union A
    ric = new_ric()
    make_member(world.union_a, ric=ric)
    # when town A adds the same RIC again
    with pytest.raises(ApplicationError) as exc:
        _create(world, ric=ric, union=world.union_a)
    # then the error names union A and offers a transfer
    assert "甲公司工会委员会" in exc.value.message and "会籍接转" in exc.value.message
    assert exc.value.extra["transfer"] is True


def test_same_ric_in_another_town_is_refused_without_naming_the_union(world):
    ric = new_ric()
    make_member(world.union_b, ric=ric)
    with pytest.raises(ApplicationError) as exc:
        _create(world, ric=ric)
    assert "乙公司" not in exc.value.message and "其他工会" in exc.value.message


def test_create_outside_scope_or_without_permission_is_refused(world):
    # out of scope is "not found", as everywhere (issue #9)
    with pytest.raises(Http404):
        _create(world, actor=world.town_a_user, union=world.union_b)
    with pytest.raises(PermissionDenied):
        _create(world, actor=world.auditor)


def test_employer_of_another_union_is_refused(world):
    with pytest.raises(ApplicationError, match="其他基层工会") as exc:
        _create(world, employer=world.employer_b)
    assert exc.value.field == "employer"


def test_update_checks_version_and_rederives_identity(world):
    member = _create(world)
    ric = new_ric(male=True, birth=datetime.date(1975, 6, 1))
    updated = services.member_update(
        actor=world.chair_a, member=member, version=member.version, name="李四新", ric=ric
    )
    assert updated.name == "李四新" and updated.sex == "M" and updated.ric == ric
    with pytest.raises(ConflictError):
        services.member_update(actor=world.chair_a, member=member, version=1, name="过期")


def test_update_writes_only_what_changed_and_audits_the_difference(world):
    # given a member whose ethnicity another write changed without going through the edit
    member = _create(world, phone="13800000001")
    Member.objects.filter(pk=member.pk).update(ethnicity="壮族")
    # when the name and the phone are edited on the version the person read
    ric = member.ric
    updated = services.member_update(
        actor=world.chair_a, member=member, version=1, name="李四改", phone="13900000002"
    )
    # then the other column is kept (update_fields), the version moves on
    updated.refresh_from_db()
    assert (updated.name, updated.ethnicity, updated.version) == ("李四改", "壮族", 2)
    assert updated.phone == "13900000002" and updated.ric == ric
    # and the entry holds the difference, the phone by its last 4 only
    entry = AuditEntry.objects.get(action="members.member.updated")
    assert entry.data == {"name": ["李四", "李四改"], "phone_last4": ["0001", "0002"]}
    assert ric not in str(entry.data) and "13900000002" not in str(entry.data)


def test_update_keeps_the_member_rules(world):
    member = _create(world, joined_on=datetime.date(2024, 3, 1))
    with pytest.raises(ApplicationError, match="入会日期不能早于出生日期") as exc:
        services.member_update(
            actor=world.chair_a, member=member, version=1, joined_on=datetime.date(1950, 1, 1)
        )
    assert exc.value.field == "joined_on"
    with pytest.raises(ApplicationError, match="属于其他基层工会"):
        services.member_update(
            actor=world.chair_a, member=member, version=1, employer=world.employer_b
        )
    with pytest.raises(Http404):
        services.member_update(actor=world.town_b_user, member=member, version=1, name="外")
    assert Member.objects.get(pk=member.pk).version == 1


def test_retain_leave_restore_change_active_count(world):
    member = _create(world)
    member = services.member_retain(
        actor=world.town_a_user, member=member, version=member.version, reason="retired"
    )
    world.union_a.refresh_from_db()
    assert member.status == MemberStatus.RETAINED and world.union_a.member_count == 0
    member = services.member_restore(actor=world.town_a_user, member=member, version=None)
    member = services.member_leave(actor=world.town_a_user, member=member, version=None)
    assert member.status == MemberStatus.LEFT and member.left_on == today()
    with pytest.raises(ApplicationError):
        services.member_retain(actor=world.town_a_user, member=member, version=None, reason="x")
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"members.member.retain", "members.member.restore", "members.member.leave"} <= actions
    # each change is a step of the member workflow, with its event
    events = WorkflowEvent.objects.filter(workflow="members.member", object_id=str(member.pk))
    assert [(e.action, e.to_state) for e in events] == [
        ("retain", "retained"),
        ("restore", "active"),
        ("leave", "left"),
    ]


def test_status_steps_check_state_version_and_reason(world):
    member = _create(world)
    with pytest.raises(ApplicationError, match="保留会籍的原因") as exc:
        services.member_retain(actor=world.chair_a, member=member, version=1, reason="旅游")
    assert exc.value.field == "reason"
    with pytest.raises(ConflictError):
        services.member_retain(actor=world.chair_a, member=member, version=9, reason="retired")
    with pytest.raises(ApplicationError, match="不能执行「恢复会籍」"):
        services.member_restore(actor=world.chair_a, member=member, version=1)
    with pytest.raises(ApplicationError, match="离会日期不能晚于今天"):
        services.member_leave(
            actor=world.chair_a,
            member=member,
            version=1,
            left_on=today() + datetime.timedelta(days=1),
        )
    member.refresh_from_db()
    assert (member.status, member.version) == (MemberStatus.ACTIVE, 1)


def test_leave_is_refused_on_the_locked_row_while_a_transfer_is_requested(world):
    # given a member whose transfer was requested after the page was read
    member = _create(world)
    services.transfer_request(actor=world.town_b_user, member=member, to_union=world.union_b)
    # when the stale row in hand is sent to leave / then the guard sees the open transfer
    with pytest.raises(ApplicationError, match="待审批的会籍接转"):
        services.member_leave(actor=world.chair_a, member=member, version=member.version)
    assert Member.objects.get(pk=member.pk).status == MemberStatus.ACTIVE


def test_status_steps_out_of_scope_or_without_permission(world):
    member = _create(world)
    with pytest.raises(Http404):
        services.member_retain(actor=world.town_b_user, member=member, version=1, reason="retired")
    with pytest.raises(PermissionDenied):
        services.member_retain(actor=world.auditor, member=member, version=1, reason="retired")


@pytest.mark.parametrize("persona", ["admin", "town_a_user", "chair_a"])
def test_reveal_for_permitted_roles_is_audited(world, persona):
    member = make_member(world.union_a, phone=(phone := new_phone()))
    identity = services.member_reveal_identity(actor=getattr(world, persona), member=member)
    assert identity == {"ric": member.ric, "phone": phone}
    entry = AuditEntry.objects.get(action="members.member.identity_viewed")
    assert entry.success and entry.target_id == str(member.pk)


@pytest.mark.parametrize("persona", ["district_staff", "auditor"])
def test_reveal_refused_for_other_roles_and_attempt_audited(world, persona):
    member = make_member(world.union_a)
    with pytest.raises(PermissionDenied):
        services.member_reveal_identity(actor=getattr(world, persona), member=member)
    assert AuditEntry.objects.get(action="members.member.identity_viewed").success is False


def test_reveal_out_of_scope_is_refused(world):
    member = make_member(world.union_b)
    with pytest.raises(Http404):
        services.member_reveal_identity(actor=world.town_a_user, member=member)


def test_union_recount_counts_active_members_only(world):
    make_member(world.union_a, male=False)
    make_member(world.union_a, male=True)
    make_member(world.union_a, male=False, status=MemberStatus.LEFT)
    services.union_recount(world.union_a)
    world.union_a.refresh_from_db()
    assert (world.union_a.member_count, world.union_a.female_member_count) == (2, 1)
