"""Disbursement lists and the bank's return (CARE-2): approved grants go onto a list for
the bank, and the bank's return marks each grant paid or failed.

- `disbursement_create`: a program's approved grants that are on no list yet (of a town, if
  given, and in the actor's scope) go onto a new `Disbursement`, in one UPDATE that only
  takes grants still free: two lists made at the same moment never share a grant.
- `disbursement_file`: the list as the bank's .xlsx (core.importing.bank_return.bank_file:
  formula-safe, IDs as text); the account masked unless the actor holds
  assistance.view_full_id and asks; audited.
- `disbursement_return_start`: the bank's return, through the import pipeline (kind
  `assistance.bank_return`, importers.BankReturnImporter on the kernel's
  core.importing.bank_return); `disbursement_returned` closes a run: counts, state, audit,
  and the applying unions told of their failures.

A failed grant goes back to approved by the grant workflow's `reissue` (services.grants),
which takes it off its list, so the next list picks it up again.
"""

import secrets
from typing import Any

from django.db import transaction
from django.db.models import Count, F
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.queries import union_staff
from gonghui.core.audit import audit_record
from gonghui.core.clock import today
from gonghui.core.errors import ApplicationError
from gonghui.core.importing.bank_return import (
    PaymentStates,
    bank_file,
    list_returned,
)
from gonghui.core.importing.services import import_start
from gonghui.core.money import sum_money
from gonghui.core.permissions import require
from gonghui.core.scope import ensure_visible

from ..choices import DisbursementState, GrantState
from ..models import Disbursement, Grant, Program

PAY = "assistance.grants.pay"
FULL_ID = "assistance.view_full_id"
BANK_RETURN = "assistance.bank_return"
# The grant states a bank's return moves between (core.importing.bank_return).
PAYMENT_STATES = PaymentStates(GrantState.APPROVED, GrantState.PAID, GrantState.PAYMENT_FAILED)


def waiting_grants(actor: Any, program: Program, town: Any = None):
    """Approved grants of the program on no list yet, in the actor's scope (of `town`)."""
    rows = Grant.objects.visible_to(actor, PAY).filter(
        program=program, state=GrantState.APPROVED, disbursement__isnull=True
    )
    return rows.within(town.path) if town is not None else rows


@transaction.atomic
def disbursement_create(*, actor: Any, program: Program, town: Any = None) -> Disbursement:
    require(actor, PAY)
    ensure_visible(actor, program, "assistance.view")
    if town is not None:
        ensure_visible(actor, town)
    disbursement = Disbursement.objects.create(
        number=f"TMP{secrets.token_hex(8)}",  # the real number needs the pk
        program=program,
        town=town,
        issued_on=today(),
        created_by=actor,
        org_path=town.path if town is not None else program.org_path,
    )
    # One UPDATE: a grant another list took meanwhile no longer matches its WHERE.
    taken = waiting_grants(actor, program, town).update(
        disbursement=disbursement, version=F("version") + 1, updated_at=timezone.now()
    )
    if not taken:
        where = f"{town.name}" if town is not None else "您的管理范围内"
        raise ApplicationError(
            f"{program}在{where}没有已批准待发放、且未列入发放名单的资金，不能生成空名单。",
            field="town" if town is not None else "program",
        )
    figures = disbursement.grants.aggregate(count=Count("id"), total=sum_money("amount"))
    disbursement.number = f"FF{disbursement.issued_on.year}{disbursement.pk:06d}"
    disbursement.grant_count = figures["count"]
    disbursement.total = figures["total"]
    disbursement.save(update_fields=["number", "grant_count", "total", "updated_at"])
    audit_record(
        actor=actor,
        action="assistance.disbursement.created",
        target=disbursement,
        data={
            "program": program.pk,
            "town": town.pk if town is not None else None,
            "grant_count": disbursement.grant_count,
            "total": str(disbursement.total),
        },
    )
    return disbursement


def disbursement_file(
    *, actor: Any, disbursement: Disbursement, full: bool = False
) -> tuple[bytes, str]:
    """(the .xlsx for the bank, its name); the whole account only when asked and allowed."""
    require(actor, PAY)
    ensure_visible(actor, disbursement)
    if full:
        require(actor, FULL_ID)
    content, rows = bank_file(disbursement.grants.all(), full=full)
    audit_record(
        actor=actor,
        action="assistance.disbursement.downloaded",
        target=disbursement,
        data={"full": full, "rows": rows},
    )
    return content, f"发放名单-{disbursement.number}.xlsx"


def disbursement_return_start(
    *, actor: Any, disbursement: Disbursement, upload: Any, dry_run: bool = False
) -> Any:
    """The bank's return file, imported against this list (core.importing)."""
    require(actor, PAY)
    ensure_visible(actor, disbursement)
    return import_start(
        actor=actor, kind=BANK_RETURN, upload=upload, target=disbursement.pk, dry_run=dry_run
    )


@transaction.atomic
def disbursement_returned(
    *, actor: Any, disbursement: Disbursement, failed: dict[int, list[str]], run: Any = None
) -> Disbursement:
    """After a return was imported: the list's counts and state from its grants, audited;
    each union told of its grants that failed (`failed`: union id → grant numbers)."""
    locked = Disbursement.objects.select_for_update().get(pk=disbursement.pk)
    list_returned(
        actor=actor,
        payment_list=locked,
        rows=locked.grants.all(),
        states=PAYMENT_STATES,
        returned=DisbursementState.RETURNED,
        action="assistance.disbursement.returned",
        run=run,
        failed=failed,
        staff=union_staff(list(failed)),
        url=reverse("assistance:grant_list") + f"?state={GrantState.PAYMENT_FAILED}",
        message=lambda count, shown: (
            f"发放名单{locked.number}中贵会申报的{count}笔帮扶资金发放失败"
            f"（{shown}），请核对开户银行和账号后申请重新发放。"
        ),
    )
    return locked
