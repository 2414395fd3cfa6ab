"""会籍接转 (MEM-3): requested by either union, approved by the other side or a common parent.

requested → approved (the member moves) / rejected / cancelled (`workflow.TRANSFER_WORKFLOW`,
whose `allowed` guards say who may decide). Approval locks the member, moves union, employer
and org_path in one transaction, and recounts both unions, so the member is in exactly one
union before and after and never in none.
"""

from typing import Any

from django.db import IntegrityError, transaction

from gonghui.core.audit import audit_record
from gonghui.core.errors import ApplicationError, PermissionDenied
from gonghui.core.permissions import require
from gonghui.core.scope import covers, ensure_visible
from gonghui.orgs.models import Employer, Organization

from ..choices import MemberStatus, TransferSide
from ..choices import TransferState as S
from ..models import Member, Transfer
from ..workflow import TRANSFER_WORKFLOW
from .members import check_employer, check_union, union_recount


def _side(actor: Any, member: Member, to_union: Organization) -> str:
    sending, receiving = covers(actor, member.union.path), covers(actor, to_union.path)
    if sending and receiving:
        return TransferSide.PARENT
    if sending:
        return TransferSide.SENDING
    if receiving:
        return TransferSide.RECEIVING
    raise PermissionDenied("会籍接转须由转出或转入工会提出。")


def _check_request(member: Member, to_union: Organization, to_employer: Employer | None) -> None:
    check_union(to_union)
    if member.status == MemberStatus.LEFT:
        raise ApplicationError("该人员已离会，不能接转；请按入会办理。")
    if to_union.pk == member.union_id:
        raise ApplicationError("转入工会与现所在工会相同。", field="to_union")
    check_employer(to_employer, to_union)
    if member.transfers.filter(state=S.REQUESTED).exists():
        raise ApplicationError("该会员已有待审批的会籍接转，请先处理该申请。")


@transaction.atomic
def transfer_request(
    *,
    actor: Any,
    member: Member,
    to_union: Organization,
    to_employer: Employer | None = None,
    reason: str = "",
) -> Transfer:
    """Either side asks. The receiving side names a member it cannot see (by full RIC), so
    the member is locked without the scope; `_side` decides whether the actor may ask."""
    require(actor, "members.transfer")
    member = (
        Member.objects.select_for_update(of=("self",)).select_related("union").get(pk=member.pk)
    )
    side = _side(actor, member, to_union)
    _check_request(member, to_union, to_employer)
    try:
        with transaction.atomic():
            transfer = Transfer.objects.create(
                member=member,
                from_union=member.union,
                to_union=to_union,
                from_employer=member.employer,
                to_employer=to_employer,
                requested_by_side=side,
                reason=reason.strip()[:200],
                requested_by=actor,
                org_path=to_union.path,
            )
    except IntegrityError as exc:  # two requests at the same moment
        raise ApplicationError("该会员已有待审批的会籍接转，请先处理该申请。") from exc
    TRANSFER_WORKFLOW.record_start(transfer, actor=actor, note=transfer.reason)
    audit_record(
        actor=actor,
        action="members.transfer.requested",
        target=transfer,
        data={"member": member.pk, "from": member.union_id, "to": to_union.pk, "side": side},
    )
    return transfer


def _move_member(actor: Any, transfer: Transfer) -> None:
    """The member (locked by transfer_approve, checked by the approve guard) moves."""
    member = Member.objects.get(pk=transfer.member_id)
    Member.objects.filter(pk=member.pk).update(
        union=transfer.to_union,
        employer=transfer.to_employer,
        org_path=transfer.to_union.path,
        version=member.version + 1,
    )
    union_recount(transfer.from_union)
    union_recount(transfer.to_union)
    audit_record(
        actor=actor,
        action="members.member.transferred",
        target=member,
        org_path=transfer.to_union.path,
        data={
            "union_id": [transfer.from_union_id, transfer.to_union_id],
            "employer_id": [transfer.from_employer_id, transfer.to_employer_id],
            "transfer": transfer.pk,
        },
    )


@transaction.atomic
def transfer_approve(*, actor: Any, transfer: Transfer, version: int | None) -> Transfer:
    ensure_visible(actor, transfer, "members.transfer")
    # Lock the member before the transfer row: the same order as transfer_request.
    Member.objects.select_for_update().filter(pk=transfer.member_id).first()
    done = TRANSFER_WORKFLOW.transition(transfer, "approve", actor=actor, version=version)
    _move_member(actor, done)
    return done


def transfer_reject(
    *, actor: Any, transfer: Transfer, version: int | None, reason: str
) -> Transfer:
    ensure_visible(actor, transfer, "members.transfer")
    if not reason.strip():
        raise ApplicationError("请填写驳回原因。", field="reason")
    return TRANSFER_WORKFLOW.transition(
        transfer, "reject", actor=actor, version=version, note=reason.strip()
    )


def transfer_cancel(*, actor: Any, transfer: Transfer, version: int | None) -> Transfer:
    ensure_visible(actor, transfer, "members.transfer")
    return TRANSFER_WORKFLOW.transition(transfer, "cancel", actor=actor, version=version)
