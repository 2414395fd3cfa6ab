"""Payout lists and the bank's return (CARE-3): approved claims go onto a list for the bank,
and the bank's return marks each claim paid or failed. The same mechanism as assistance's
disbursement lists, from the kernel (core.importing.bank_return).

- `payout_create`: a plan year's approved claims that are on no list yet (of a town, if
  given, and in the actor's scope) go onto a new `Payout`, in one UPDATE that only takes
  claims still free: two lists made at the same moment never share a claim.
- `payout_file`: the list as the bank's .xlsx; the account masked unless the actor holds
  mutualaid.view_full_id and asks; audited.
- `payout_return_start`: the bank's return through the import pipeline (kind
  `mutualaid.bank_return`, importers.payouts.BankReturnImporter); `payout_returned` closes a
  run: counts, state, audit, and the applying unions told of their failures.
- `claim_reissue` (the claim workflow's `reissue`): a failed claim with its account
  corrected goes back to approved and off its list, so the next list takes it. Its amount
  stayed committed against the yearly caps while it was failed (COMMITTED_CLAIM_STATES),
  so nothing is computed again.
"""

import secrets
from typing import Any

from django.db import transaction
from django.db.models import Count, F, QuerySet
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.queries import union_staff
from gonghui.core.audit import audit_record
from gonghui.core.clock import today
from gonghui.core.errors import ApplicationError
from gonghui.core.identity import identity_values, normalize_account
from gonghui.core.importing.bank_return import (
    PaymentStates,
    bank_file,
    list_returned,
)
from gonghui.core.importing.services import import_start
from gonghui.core.money import sum_money
from gonghui.core.permissions import require
from gonghui.core.scope import ensure_visible
from gonghui.orgs.models import Organization

from ..choices import ClaimState, PayoutState
from ..models import Claim, Payout, PlanYear
from ..workflow import CLAIM_WORKFLOW

PAY = "mutualaid.payouts.manage"
VIEW = "mutualaid.view"
FULL_ID = "mutualaid.view_full_id"
BANK_RETURN = "mutualaid.bank_return"
# The claim states a bank's return moves between (core.importing.bank_return).
PAYMENT_STATES = PaymentStates(ClaimState.APPROVED, ClaimState.PAID, ClaimState.PAYMENT_FAILED)


def payout_number(payout: Payout) -> str:
    return f"HF{payout.issued_on.year}{payout.pk:06d}"


def waiting_claims(actor: Any, plan: PlanYear, town: Organization | None = None) -> QuerySet:
    """Approved claims of the plan year on no list yet, in the actor's scope (of `town`)."""
    rows = Claim.objects.visible_to(actor, PAY).filter(
        plan=plan, state=ClaimState.APPROVED, payout__isnull=True
    )
    return rows.within(town.path) if town is not None else rows


@transaction.atomic
def payout_create(*, actor: Any, plan: PlanYear, town: Organization | None = None) -> Payout:
    require(actor, PAY)
    ensure_visible(actor, plan, VIEW)
    if town is not None:
        ensure_visible(actor, town)
    payout = Payout.objects.create(
        number=f"TMP{secrets.token_hex(8)}",  # the real number needs the pk
        plan=plan,
        town=town,
        issued_on=today(),
        created_by=actor,
        org_path=town.path if town is not None else plan.org_path,
    )
    # One UPDATE: a claim another list took meanwhile no longer matches its WHERE.
    taken = waiting_claims(actor, plan, town).update(
        payout=payout, version=F("version") + 1, updated_at=timezone.now()
    )
    if not taken:
        where = town.name if town is not None else "您的管理范围内"
        raise ApplicationError(
            f"{plan}在{where}没有已批准待发放、且未列入发放名单的互助金，不能生成空名单。",
            field="town" if town is not None else "plan",
        )
    figures = payout.claims.aggregate(count=Count("id"), total=sum_money("amount"))
    payout.number = payout_number(payout)
    payout.claim_count, payout.total = figures["count"], figures["total"]
    payout.save(update_fields=["number", "claim_count", "total", "updated_at"])
    audit_record(
        actor=actor,
        action="mutualaid.payout.created",
        target=payout,
        data={
            "plan": plan.pk,
            "town": town.pk if town is not None else None,
            "claim_count": payout.claim_count,
            "total": str(payout.total),
        },
    )
    return payout


def payout_file(*, actor: Any, payout: Payout, full: bool = False) -> tuple[bytes, str]:
    """(the .xlsx for the bank, its name); the whole account only when asked and allowed."""
    require(actor, PAY)
    ensure_visible(actor, payout)
    if full:
        require(actor, FULL_ID)
    content, rows = bank_file(payout.claims.all(), full=full)
    audit_record(
        actor=actor,
        action="mutualaid.payout.downloaded",
        target=payout,
        data={"full": full, "rows": rows},
    )
    return content, f"互助金发放名单-{payout.number}.xlsx"


def payout_return_start(*, actor: Any, payout: Payout, upload: Any, dry_run: bool = False) -> Any:
    """The bank's return file, imported against this list (core.importing)."""
    require(actor, PAY)
    ensure_visible(actor, payout)
    return import_start(
        actor=actor, kind=BANK_RETURN, upload=upload, target=payout.pk, dry_run=dry_run
    )


@transaction.atomic
def payout_returned(
    *, actor: Any, payout: Payout, failed: dict[int, list[str]], run: Any = None
) -> Payout:
    """After a return was imported: the list's counts and state from its claims, audited;
    each union told of its claims that failed (`failed`: union id → claim numbers)."""
    locked = Payout.objects.select_for_update().get(pk=payout.pk)
    list_returned(
        actor=actor,
        payment_list=locked,
        rows=locked.claims.all(),
        states=PAYMENT_STATES,
        returned=PayoutState.RETURNED,
        action="mutualaid.payout.returned",
        run=run,
        failed=failed,
        staff=union_staff(list(failed)),
        url=reverse("mutualaid:claim_list") + f"?state={ClaimState.PAYMENT_FAILED}",
        message=lambda count, shown: (
            f"互助金发放名单{locked.number}中贵会申报的{count}笔医疗互助金发放失败"
            f"（{shown}），请核对开户银行和账号后申请重新发放。"
        ),
    )
    return locked


def claim_reissue(
    *, actor: Any, claim: Claim, version: int | None, bank_name: str, account: str
) -> Claim:
    """A failed payment with its account corrected goes back to approved, off its old list
    (so the next list takes it); audited by the workflow with the list it left."""
    ensure_visible(actor, claim, PAY)
    digits = normalize_account(account)
    if not digits:
        raise ApplicationError("请填写银行账号。", field="account")
    bank_name = (bank_name or "").strip()
    if not bank_name:
        raise ApplicationError("请填写开户银行。", field="bank_name")
    changes = {
        "bank_name": bank_name,
        "failure_reason": "",
        "payout": None,
        **identity_values(account=digits),
    }
    return CLAIM_WORKFLOW.transition(
        claim,
        "reissue",
        actor=actor,
        version=version,
        note="更正开户银行和账号",
        changes=changes,
        data={"payout": claim.payout_id, "failure_reason": claim.failure_reason},
    )
