import pytest
from django.http import Http404

from gonghui.core.errors import ApplicationError, ConflictError, PermissionDenied
from gonghui.core.models import AuditEntry, WorkflowEvent
from gonghui.members import services
from gonghui.members.choices import MemberStatus, TransferSide, TransferState
from gonghui.members.models import Member, Transfer
from gonghui.members.tests.factories import make_member
from gonghui.orgs.choices import OrgKind
from gonghui.orgs.tests.factories import EmployerFactory, make_org

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(world):
    m = make_member(world.union_a, name="王五", employer=world.employer_a)
    services.union_recount(world.union_a)
    return m


def _request_in(world, member, actor=None):
    """Town B (receiving side) asks for union A's member."""
    return services.transfer_request(
        actor=actor or world.town_b_user,
        member=member,
        to_union=world.union_b,
        to_employer=world.employer_b,
        reason="换工作",
    )


def test_receiving_side_requests_sending_side_approves_and_member_moves(world, member):
    # given a request by the receiving side (town B)
    transfer = _request_in(world, member)
    assert transfer.requested_by_side == TransferSide.RECEIVING
    # when the sending side (town A) approves
    done = services.transfer_approve(
        actor=world.town_a_user, transfer=transfer, version=transfer.version
    )
    # then the member is in union B only, with the new employer, and both counts follow
    member.refresh_from_db()
    assert done.state == TransferState.APPROVED
    assert (member.union_id, member.employer_id) == (world.union_b.pk, world.employer_b.pk)
    assert member.org_path == world.union_b.path
    assert Member.objects.filter(ric_hash=member.ric_hash).count() == 1
    world.union_a.refresh_from_db()
    world.union_b.refresh_from_db()
    assert (world.union_a.member_count, world.union_b.member_count) == (0, 1)
    # and the history is kept: events and audit entries
    events = WorkflowEvent.objects.filter(workflow="members.transfer", object_id=str(transfer.pk))
    assert [e.action for e in events] == ["created", "approve"]
    assert AuditEntry.objects.filter(action="members.member.transferred").exists()


def test_requesting_side_cannot_approve_its_own_request(world, member):
    transfer = _request_in(world, member)
    with pytest.raises(PermissionDenied, match="另一方"):
        services.transfer_approve(actor=world.town_b_user, transfer=transfer, version=None)
    member.refresh_from_db()
    assert member.union_id == world.union_a.pk


def test_common_parent_may_approve(world, member):
    transfer = _request_in(world, member)
    services.transfer_approve(actor=world.district_staff, transfer=transfer, version=None)
    member.refresh_from_db()
    assert member.union_id == world.union_b.pk


def test_sending_side_request_is_approved_by_receiving_side(world, member):
    transfer = services.transfer_request(actor=world.chair_a, member=member, to_union=world.union_b)
    assert transfer.requested_by_side == TransferSide.SENDING
    with pytest.raises(PermissionDenied):
        services.transfer_approve(actor=world.chair_a, transfer=transfer, version=None)
    services.transfer_approve(actor=world.town_b_user, transfer=transfer, version=None)
    member.refresh_from_db()
    assert member.union_id == world.union_b.pk and member.employer_id is None


def test_parent_request_within_one_town(world, member):
    union_c = make_org(world.town_a, OrgKind.GRASSROOTS, "丙公司工会")
    transfer = services.transfer_request(actor=world.town_a_user, member=member, to_union=union_c)
    assert transfer.requested_by_side == TransferSide.PARENT
    services.transfer_approve(actor=world.town_a_user, transfer=transfer, version=None)
    member.refresh_from_db()
    assert member.union_id == union_c.pk


def test_unrelated_union_can_neither_request_nor_approve(world, member):
    town_c = make_org(world.district, OrgKind.TOWN, "大石街道总工会")
    union_c = make_org(town_c, OrgKind.GRASSROOTS, "丁公司工会")
    from gonghui.accounts.tests.factories import UserFactory

    outsider = UserFactory(role="town_staff", organization=town_c)
    with pytest.raises(PermissionDenied):
        services.transfer_request(actor=outsider, member=member, to_union=world.union_b)
    transfer = _request_in(world, member)
    # the transfer is neither side of the outsider's: not found, as out of scope everywhere
    with pytest.raises(Http404):
        services.transfer_approve(actor=outsider, transfer=transfer, version=None)
    assert union_c.pk  # the outsider's own union is untouched


def test_only_one_open_transfer_per_member(world, member):
    _request_in(world, member)
    with pytest.raises(ApplicationError, match="待审批"):
        services.transfer_request(actor=world.chair_a, member=member, to_union=world.union_b)
    assert Transfer.objects.count() == 1


def test_stale_version_is_a_conflict_and_moves_nothing(world, member):
    transfer = _request_in(world, member)
    with pytest.raises(ConflictError):
        services.transfer_approve(actor=world.town_a_user, transfer=transfer, version=99)
    member.refresh_from_db()
    transfer.refresh_from_db()
    assert member.union_id == world.union_a.pk and transfer.state == TransferState.REQUESTED


def test_approval_after_member_left_is_refused_atomically(world, member):
    transfer = _request_in(world, member)
    Member.objects.filter(pk=member.pk).update(status=MemberStatus.LEFT)
    with pytest.raises(ApplicationError, match="不能再批准"):
        services.transfer_approve(actor=world.town_a_user, transfer=transfer, version=None)
    transfer.refresh_from_db()
    assert transfer.state == TransferState.REQUESTED


def test_reject_needs_reason_and_keeps_member(world, member):
    transfer = _request_in(world, member)
    with pytest.raises(ApplicationError):
        services.transfer_reject(
            actor=world.town_a_user, transfer=transfer, version=None, reason=""
        )
    rejected = services.transfer_reject(
        actor=world.town_a_user, transfer=transfer, version=None, reason="劳动关系未解除"
    )
    member.refresh_from_db()
    assert rejected.state == TransferState.REJECTED and member.union_id == world.union_a.pk
    # a new request is possible after a rejection
    assert _request_in(world, member).state == TransferState.REQUESTED


def test_buttons_come_from_the_who_may_guards(world, member):
    from gonghui.members.workflow import TRANSFER_WORKFLOW

    transfer = _request_in(world, member)

    def names(user):
        return {t.name for t in TRANSFER_WORKFLOW.available(transfer, user)}

    assert names(world.town_b_user) == {"cancel"}  # the asking side
    assert names(world.town_a_user) == {"approve", "reject"}  # the other side
    assert names(world.district_staff) == {"approve", "reject", "cancel"}  # above both
    assert names(world.auditor) == set()  # no members.transfer


def test_cancel_only_by_requesting_side(world, member):
    transfer = _request_in(world, member)
    with pytest.raises(PermissionDenied):
        services.transfer_cancel(actor=world.town_a_user, transfer=transfer, version=None)
    done = services.transfer_cancel(actor=world.town_b_user, transfer=transfer, version=None)
    assert done.state == TransferState.CANCELLED


def test_bad_targets_are_refused(world, member):
    with pytest.raises(ApplicationError, match="相同"):
        services.transfer_request(actor=world.chair_a, member=member, to_union=world.union_a)
    with pytest.raises(ApplicationError, match="基层工会"):
        services.transfer_request(actor=world.admin, member=member, to_union=world.town_b)
    other = EmployerFactory(town=world.town_a, union=world.union_a)
    with pytest.raises(ApplicationError, match="其他基层工会"):
        services.transfer_request(
            actor=world.admin, member=member, to_union=world.union_b, to_employer=other
        )


def test_both_sides_see_the_transfer_others_do_not(world, member):
    from gonghui.members.queries import transfer_list

    _request_in(world, member)
    assert transfer_list(user=world.chair_a).count() == 1
    assert transfer_list(user=world.town_b_user).count() == 1
    assert transfer_list(user=world.lawyer_a).count() == 0
    town_c = make_org(world.district, OrgKind.TOWN, "大石街道总工会")
    from gonghui.accounts.tests.factories import UserFactory

    assert transfer_list(user=UserFactory(role="town_staff", organization=town_c)).count() == 0
