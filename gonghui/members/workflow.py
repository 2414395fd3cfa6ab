"""The members app's three workflows: membership status, transfers, online joining (issue #9).

Each transition names its service, its page form and its API schema, so the one generic page
action (`core.workflow_views`) and one API endpoint per workflow (`core.workflow_api`)
dispatch them, and the buttons come from `Workflow.available()`. Who may take a step is an
`allowed` guard (it hides the button too); what the row must be like is a row `guards` entry,
run on the locked row inside the transition. If you add a state or a step, add it to the
graphs in docs/members.md.
"""

from typing import Any

from gonghui.core.clock import today
from gonghui.core.errors import ApplicationError, PermissionDenied
from gonghui.core.scope import covers
from gonghui.core.workflow import Transition, Workflow

from .choices import JoiningState, MemberStatus, RetainedReason, TransferSide, TransferState
from .models import Member, Transfer

# ---- membership status (MEM-1) ------------------------------------------------------------


def _has_retained_reason(member: Member, actor: Any) -> None:
    if member.retained_reason not in RetainedReason.values:
        raise ApplicationError("请选择保留会籍的原因。", field="reason")


def _no_open_transfer(member: Member, actor: Any) -> None:
    """A member on the way to another union leaves only after the transfer is decided."""
    if member.transfers.filter(state=TransferState.REQUESTED).exists():
        raise ApplicationError("该会员有待审批的会籍接转，请先处理接转。")


def _left_on_not_future(member: Member, actor: Any) -> None:
    if member.left_on > today():
        raise ApplicationError("离会日期不能晚于今天。", field="left_on")


_SERVICES = "gonghui.members.services"
_FORMS = "gonghui.members.forms"
_SCHEMAS = "gonghui.members.schemas"

M = MemberStatus
MEMBER_WORKFLOW = Workflow(
    "members.member",
    M,
    [
        Transition(
            "retain",
            "保留会籍",
            (M.ACTIVE,),
            M.RETAINED,
            "members.edit",
            guards=(_has_retained_reason,),
            service=f"{_SERVICES}.member_retain",
            confirm="确定为「{obj}」保留会籍吗？保留期间不计入在册会员人数。",
            form=f"{_FORMS}.RetainForm",
            schema=f"{_SCHEMAS}.RetainIn",
        ),
        Transition(
            "leave",
            "办理离会",
            (M.ACTIVE, M.RETAINED),
            M.LEFT,
            "members.edit",
            guards=(_no_open_transfer, _left_on_not_future),
            service=f"{_SERVICES}.member_leave",
            confirm="确定为「{obj}」办理离会吗？离会后不再计入会员人数，如需恢复须重新办理。",
            form=f"{_FORMS}.LeaveForm",
            schema=f"{_SCHEMAS}.LeaveIn",
        ),
        Transition(
            "restore",
            "恢复会籍",
            (M.RETAINED, M.LEFT),
            M.ACTIVE,
            "members.edit",
            service=f"{_SERVICES}.member_restore",
        ),
    ],
    model="members.Member",
    object_arg="member",
    state_field="status",
    view_permission="members.view",
    detail_url="members:member_detail",
)


# ---- transfers (MEM-3) --------------------------------------------------------------------


def requesting_unions(transfer: Transfer) -> list:
    return {
        TransferSide.SENDING: [transfer.from_union],
        TransferSide.RECEIVING: [transfer.to_union],
        TransferSide.PARENT: [transfer.from_union, transfer.to_union],
    }[transfer.requested_by_side]


def _other_side_or_parent(transfer: Transfer, actor: Any) -> None:
    """The approver is the side that did not ask, or above both (their common parent)."""
    other = {
        TransferSide.SENDING: [transfer.to_union],
        TransferSide.RECEIVING: [transfer.from_union],
        TransferSide.PARENT: [transfer.from_union, transfer.to_union],
    }[transfer.requested_by_side]
    if not all(covers(actor, union.path) for union in other):
        raise PermissionDenied("会籍接转须由另一方工会或双方共同的上级工会审批。")


def _requesting_side(transfer: Transfer, actor: Any) -> None:
    if not all(covers(actor, union.path) for union in requesting_unions(transfer)):
        raise PermissionDenied("只有提出申请的一方可以撤销。")


def _member_still_in_sending_union(transfer: Transfer, actor: Any) -> None:
    """Approval moves the member: it must still be in the sending union, and a member."""
    member = Member.objects.only("union_id", "status").get(pk=transfer.member_id)
    if member.union_id != transfer.from_union_id or member.status == MemberStatus.LEFT:
        raise ApplicationError("会员的会籍已发生变化（已转出或离会），该申请不能再批准。")


T = TransferState
TRANSFER_WORKFLOW = Workflow(
    "members.transfer",
    T,
    [
        Transition(
            "approve",
            "同意接转",
            (T.REQUESTED,),
            T.APPROVED,
            "members.transfer",
            allowed=(_other_side_or_parent,),
            guards=(_member_still_in_sending_union,),
            service=f"{_SERVICES}.transfer_approve",
        ),
        Transition(
            "reject",
            "驳回接转",
            (T.REQUESTED,),
            T.REJECTED,
            "members.transfer",
            allowed=(_other_side_or_parent,),
            service=f"{_SERVICES}.transfer_reject",
            confirm="确定驳回「{obj}」吗？驳回后申请结束，会员留在原工会。",
            form=f"{_FORMS}.RejectForm",
            schema=f"{_SCHEMAS}.RejectIn",
        ),
        Transition(
            "cancel",
            "撤销接转申请",
            (T.REQUESTED,),
            T.CANCELLED,
            "members.transfer",
            allowed=(_requesting_side,),
            service=f"{_SERVICES}.transfer_cancel",
            confirm="确定撤销「{obj}」吗？撤销后申请结束。",
        ),
    ],
    model="members.Transfer",
    object_arg="transfer",
    view_permission="members.view",
    detail_url="members:transfer_detail",
)


# ---- online joining (MEM-4) ---------------------------------------------------------------

J = JoiningState
JOINING_WORKFLOW = Workflow(
    "members.joining",
    J,
    [
        Transition(
            "approve",
            "批准入会",
            (J.SUBMITTED,),
            J.APPROVED,
            "members.approve_joining",
            service=f"{_SERVICES}.joining_approve",
            form=f"{_FORMS}.JoiningApproveForm",
            schema=f"{_SCHEMAS}.JoiningApproveIn",
        ),
        Transition(
            "reject",
            "不予批准入会",
            (J.SUBMITTED,),
            J.REJECTED,
            "members.approve_joining",
            service=f"{_SERVICES}.joining_reject",
            confirm="确定不予批准「{obj}」吗？申请人将在查询页看到原因。",
            form=f"{_FORMS}.RejectForm",
            schema=f"{_SCHEMAS}.RejectIn",
        ),
    ],
    model="members.JoiningApplication",
    object_arg="application",
    view_permission="members.approve_joining",
    detail_url="members:joining_detail",
)
