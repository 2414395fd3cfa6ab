"""Disbursement lists and the bank's return (CARE-2): approved grants go onto a list for
the bank, and the bank's return marks each grant paid or failed.

- `disbursement_create`: a program's approved grants that are on no list yet (of a town, if
  given, and in the actor's scope) go onto a new `Disbursement`, in one UPDATE that only
  takes grants still free: two lists made at the same moment never share a grant.
- `disbursement_file`: the list as the bank's .xlsx (core.tabular: formula-safe, IDs as
  text); the account masked unless the actor holds assistance.view_full_id and asks; audited.
- `disbursement_return_start`: the bank's return, through the import pipeline (kind
  `assistance.bank_return`, importers.BankReturnImporter); `disbursement_returned` closes
  a run: counts, state, audit, and the applying unions told of their failures.

A failed grant goes back to approved by the grant workflow's `reissue` (services.grants),
which takes it off its list, so the next list picks it up again.
"""

import secrets
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.core.audit import audit_record
from gonghui.core.clock import today
from gonghui.core.errors import ApplicationError
from gonghui.core.identity import mask
from gonghui.core.importing.services import import_start
from gonghui.core.money import ZERO, sum_money
from gonghui.core.notify import notify
from gonghui.core.permissions import require
from gonghui.core.scope import ensure_visible
from gonghui.core.tabular import write_xlsx

from ..choices import DisbursementState, GrantState
from ..models import Disbursement, Grant, Program

PAY = "assistance.grants.pay"
FULL_ID = "assistance.view_full_id"
BANK_RETURN = "assistance.bank_return"
FILE_HEADERS = ["序号", "申请编号", "姓名", "开户银行", "银行账号", "金额（元）"]


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


def _file_rows(disbursement: Disbursement, full: bool):
    # Plain values, not instances; the account is read (and decrypted) only when shown whole.
    account = "account" if full else "account_last4"
    grants = disbursement.grants.order_by("number").values_list(
        "number", "name", "bank_name", account, "amount"
    )
    count, total = 0, ZERO
    for count, (number, name, bank, shown, amount) in enumerate(
        grants.iterator(chunk_size=2000), start=1
    ):
        total += amount
        yield [count, number, name, bank, shown if full else mask(shown), amount]
    yield ["合计", "", f"{count}笔", "", "", total]


def disbursement_file(
    *, actor: Any, disbursement: Disbursement, full: bool = False
) -> tuple[bytes, str]:
    """(the .xlsx for the bank, its name); the whole account only when asked and allowed."""
    require(actor, PAY)
    ensure_visible(actor, disbursement)
    if full:
        require(actor, FULL_ID)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "list.xlsx"
        rows = write_xlsx(
            path,
            FILE_HEADERS,
            _file_rows(disbursement, full),
            sheet="发放名单",
            text_columns=[1, 4],
        )
        content = path.read_bytes()
    audit_record(
        actor=actor,
        action="assistance.disbursement.downloaded",
        target=disbursement,
        data={"full": full, "rows": rows - 1},
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


def union_staff(union_ids: list[int]) -> dict[int, list[User]]:
    """The active users of each union (who hear of their members' grants)."""
    found: dict[int, list[User]] = defaultdict(list)
    for user in User.objects.filter(is_active=True, organization_id__in=union_ids):
        found[user.organization_id].append(user)
    return found


@transaction.atomic
def disbursement_returned(
    *, actor: Any, disbursement: Disbursement, failed: dict[int, list[str]], run: Any = None
) -> Disbursement:
    """After a return was imported: the list's counts and state from its grants, audited;
    each union told of its grants that failed (`failed`: union id → grant numbers)."""
    locked = Disbursement.objects.select_for_update().get(pk=disbursement.pk)
    counts = locked.grants.aggregate(
        paid=Count("id", filter=Q(state=GrantState.PAID)),
        failed=Count("id", filter=Q(state=GrantState.PAYMENT_FAILED)),
        waiting=Count("id", filter=Q(state=GrantState.APPROVED)),
    )
    locked.paid_count, locked.failed_count = counts["paid"], counts["failed"]
    if not counts["waiting"] and locked.state != DisbursementState.RETURNED:
        locked.state, locked.returned_on = DisbursementState.RETURNED, today()
    locked.save(update_fields=["paid_count", "failed_count", "state", "returned_on", "updated_at"])
    audit_record(
        actor=actor,
        action="assistance.disbursement.returned",
        target=locked,
        data={
            "run": getattr(run, "pk", None),
            "paid_count": locked.paid_count,
            "failed_count": locked.failed_count,
            "waiting": counts["waiting"],
        },
    )
    staff = union_staff(list(failed))
    url = reverse("assistance:grant_list") + f"?state={GrantState.PAYMENT_FAILED}"
    for union_id, numbers in failed.items():
        shown = "、".join(numbers[:5]) + ("等" if len(numbers) > 5 else "")
        notify(
            recipients=staff.get(union_id, []),
            message=(
                f"发放名单{locked.number}中贵会申报的{len(numbers)}笔帮扶资金发放失败"
                f"（{shown}），请核对开户银行和账号后申请重新发放。"
            ),
            target=locked,
            url=url,
        )
    return locked
