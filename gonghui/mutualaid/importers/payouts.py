"""The bank's return of a payout list (kind "mutualaid.bank_return", target a Payout): the
kernel's bank return (core.importing.bank_return) on claims. Rows 申请编号, 结果 (成功/失败 or
1/0), 失败原因, 日期, matched by claim number within that list only. A failed claim keeps its
amount committed against the yearly caps (COMMITTED_CLAIM_STATES): nothing else changes.

The claims a batch marks paid on one day are posted to the finance ledger as ONE expense
voucher of the plan's organizer (program 医疗互助金), in the batch's transaction: source
"mutualaid.payout:<payout id>:<first claim id>". A claim is paid once, so the first claim
id names the voucher for good: a re-run or a resumed run never posts twice."""

from typing import Any

from gonghui.core.importing import bank_return
from gonghui.core.money import sum_money
from gonghui.core.scope import access
from gonghui.finance.choices import Program
from gonghui.finance.services.expenses import post_expense

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

    def paid(self, rows: list[Any], day: Any) -> None:
        payout = self.target
        claims = Claim.objects.filter(pk__in=[r.pk for r in rows])
        post_expense(
            actor=self.actor,
            org=payout.plan.organizer,
            program=Program.MUTUAL_AID,
            amount=claims.aggregate(total=sum_money("amount"))["total"],
            paid_on=day,
            source=f"mutualaid.payout:{payout.pk}:{min(r.pk for r in rows)}",
            memo=f"医疗互助金发放：名单{payout.number}，{len(rows)}笔（{day:%Y-%m-%d}）",
        )

    def finish(self) -> None:
        payout_returned(
            actor=self.actor, payout=self.target, failed=dict(self.failed), run=self.run
        )


def payout_choices(user: Any) -> Any:
    """The lists a return may go into: those the user may pay."""
    return Payout.objects.visible_to(user, PAY)


def payout_for_import(user: Any, pk: Any) -> Payout:
    return access(Payout, user, pk, PAY, field="target_id")
