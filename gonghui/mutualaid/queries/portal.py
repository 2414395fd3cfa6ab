"""The worker's own claim (/m/mutualaid/): found by its claim number and the member's RIC
together, as online joining's status look-up (members.services.joining): one answer for a
wrong number, a wrong RIC or nothing at all, and the same per-IP limit on look-ups (counted
with the other public look-ups: one budget per IP for guessing number + RIC)."""

from dataclasses import dataclass

from gonghui.core.errors import ApplicationError
from gonghui.core.identity import ric_hash
from gonghui.core.ids import normalize_code
from gonghui.members.services.joining import throttle_status_checks

from ..choices import ClaimState
from ..models import Claim

NOT_FOUND = "未找到该申请，请核对申请编号和身份证号。"

# What each state means for the worker, in plain words.
PLAIN_STATES = {
    ClaimState.SUBMITTED: "工会已提交您的申请，正在等待镇街审核。",
    ClaimState.REVIEWED: "镇街已审核通过，正在等待区总工会审批。",
    ClaimState.APPROVED: "区总工会已批准资助，互助金将通过银行发放到您的账户。",
    ClaimState.PAID: "互助金已发放到您的银行账户。",
    ClaimState.PAYMENT_FAILED: "银行未能将互助金转入您的账户，请联系所在工会核对开户银行和账号，更正后将重新发放。",
    ClaimState.REJECTED: "经审核，本次申请不予资助。",
}


@dataclass
class ClaimStatus:
    """What the worker sees of their own claim, and nothing else."""

    claim: Claim
    plain: str
    benefits: list  # [(item name, amount, [lines])]


def worker_claim(*, number: str, ric: str, ip: str | None = None) -> ClaimStatus:
    """The claim `number` if it was made for the person of this RIC; else
    ApplicationError(NOT_FOUND), the same whatever exists."""
    throttle_status_checks(ip)
    number, ric = normalize_code(number), normalize_code(ric)
    found = (
        Claim.objects.filter(number=number)
        .select_related("plan", "member")
        .only(
            "number",
            "name",
            "state",
            "amount",
            "reasons",
            "decision_note",
            "failure_reason",
            "event_kind",
            "submitted_on",
            "reviewed_on",
            "approved_on",
            "paid_on",
            "plan__year",
            "plan__name",
            "member__ric_hash",
        )
        .first()
        if number
        else None
    )
    if found is None or not ric or found.member.ric_hash != ric_hash(ric):
        raise ApplicationError(NOT_FOUND)
    benefits = [
        (b.item.name, b.amount, [str(line) for line in b.lines or []])
        for b in found.benefits.select_related("item").order_by("item__order", "id")
    ]
    return ClaimStatus(claim=found, plain=PLAIN_STATES.get(found.state, ""), benefits=benefits)
