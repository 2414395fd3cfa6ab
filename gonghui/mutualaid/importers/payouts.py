"""The bank's return of a payout list (kind "mutualaid.bank_return", target a Payout): the
kernel's bank return (core.importing.bank_return) on claims. Rows 申请编号, 结果 (成功/失败 or
1/0), 失败原因, 日期, matched by claim number within that list only. A failed claim keeps its
amount committed against the yearly caps (COMMITTED_CLAIM_STATES): nothing else changes."""

from typing import Any

from gonghui.core.importing import bank_return
from gonghui.core.scope import access

from ..models import Claim, Payout
from ..services.payouts import PAY, PAYMENT_STATES, payout_returned


class BankReturnImporter(bank_return.BankReturnImporter):
    kind = "mutualaid.bank_return"
    example = {"number": "HZ2013000001", "success": "成功", "reason": "", "date": "2013-12-20"}
    model = Claim
    list_model = Payout
    list_field = "payout"
    states = PAYMENT_STATES
    paid_action = "mutualaid.claim.paid"
    failed_action = "mutualaid.claim.payment_failed"
    noun = "互助金"

    def finish(self) -> None:
        payout_returned(
            actor=self.actor, payout=self.target, failed=dict(self.failed), run=self.run
        )


def payout_choices(user: Any) -> Any:
    """The lists a return may go into: those the user may pay."""
    return Payout.objects.visible_to(user, PAY)


def payout_for_import(user: Any, pk: Any) -> Payout:
    return access(Payout, user, pk, PAY, field="target_id")
