"""Refunds to the grassroots unions (FUND-3): their bank accounts, a period's refund batch,
the bank's file and return, and the voucher of what was paid.

- `bank_account_create` / `bank_account_update`: where a union is paid (one account a
  union; a chair keeps its own union's), the account normalized and stored encrypted.
- `batch_create(actor, period)`: under a lock per period, what is still due to each union in
  the actor's scope (queries.refunds.due_rows: Σ its union-fund allocations' union part and
  extra refund − Σ its waiting or paid lines) goes onto a new batch, one line a union with an
  account. The due is computed inside the lock, so a second batch of the period made at the
  same moment sees the first one's lines and never takes the same money.
- `batch_file`: the batch as the bank's .xlsx (core.importing.bank_return.bank_file).
- `batch_return_start`: the bank's return through the import pipeline (kind
  "finance.bank_return"); its importer marks the lines and posts what was paid through
  `lines_paid` in each written chunk's transaction; `batch_returned` recounts and tells the
  unions of their failures. A failed line stays failed and its money is due again.
- `lines_paid(actor, lines, paid_on, source)`: lines paid on a day, with their voucher
  Dr 应返拨基层工会经费 (each union) / Cr 银行存款 (the district), once per source.
"""

import secrets
from collections import defaultdict
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.queries import union_staff
from gonghui.core.audit import audit_record, audit_records
from gonghui.core.clock import today
from gonghui.core.edit import edit
from gonghui.core.errors import ApplicationError
from gonghui.core.identity import identity_values, normalize_account
from gonghui.core.importing.bank_return import PaymentStates, bank_file, list_returned
from gonghui.core.importing.services import import_start
from gonghui.core.locks import hold
from gonghui.core.money import ZERO, money
from gonghui.core.permissions import require
from gonghui.core.scope import ensure_visible
from gonghui.orgs.choices import OrgKind
from gonghui.orgs.models import Organization

from ..choices import AccountKind, EntryKind, RefundBatchState, RefundState
from ..models import LedgerEntry, RefundBatch, RefundLine, UnionBankAccount
from ..queries import refunds as queries
from ..rules import refunds as rules
from . import ledger

MANAGE = "finance.refunds.manage"
ACCOUNTS = "finance.bank_accounts.manage"
VIEW = "finance.view"
FULL_ID = "finance.view_full_id"
BANK_RETURN = "finance.bank_return"
PAYMENT_STATES = PaymentStates(RefundState.WAITING, RefundState.PAID, RefundState.FAILED)
ACCOUNT_FIELDS = ("account_name", "bank_name", "account", "account_hash", "account_last4")


# ---- bank accounts -----------------------------------------------------------------------------


def _account_values(account_name: str, bank_name: str, account: str) -> dict[str, Any]:
    account_name, bank_name = (account_name or "").strip(), (bank_name or "").strip()
    if not account_name:
        raise ApplicationError("请填写户名。", field="account_name")
    if not bank_name:
        raise ApplicationError("请填写开户银行。", field="bank_name")
    digits = normalize_account(account)
    if not digits:
        raise ApplicationError("请填写银行账号。", field="account")
    return {"account_name": account_name, "bank_name": bank_name, **identity_values(account=digits)}


@transaction.atomic
def bank_account_create(
    *, actor: Any, org: Organization, account_name: str, bank_name: str, account: str
) -> UnionBankAccount:
    """The union's account (a chair: only its own union, which is all its scope holds)."""
    require(actor, ACCOUNTS)
    ensure_visible(actor, org)
    if org.kind != OrgKind.GRASSROOTS:
        raise ApplicationError(f"「{org.name}」不是基层工会，经费只返拨到基层工会。", field="org")
    values = _account_values(account_name, bank_name, account)
    Organization.objects.select_for_update().filter(pk=org.pk).first()
    if UnionBankAccount.objects.filter(org=org).exists():
        raise ApplicationError(f"「{org.name}」已有经费账户，请修改原账户。", field="org")
    made = UnionBankAccount.objects.create(org=org, org_path=org.path, **values)
    audit_record(
        actor=actor,
        action="finance.bank_account.created",
        target=made,
        data={
            "org": org.pk,
            "account_name": made.account_name,
            "bank_name": made.bank_name,
            "account_last4": made.account_last4,
        },
    )
    return made


def bank_account_update(
    *,
    actor: Any,
    bank_account: UnionBankAccount,
    version: int | None,
    account_name: str,
    bank_name: str,
    account: str,
) -> UnionBankAccount:
    """A corrected account; lines already issued keep the account they were sent with."""
    require(actor, ACCOUNTS)
    values = _account_values(account_name, bank_name, account)
    return edit(
        UnionBankAccount,
        bank_account,
        actor=actor,
        version=version,
        changes=values,
        editable=ACCOUNT_FIELDS,
        permission=ACCOUNTS,
        action="finance.bank_account.updated",
        # never the account itself in the audit log: its last four digits
        audited=["account_name", "bank_name", "account_last4"],
    )


# ---- batches -----------------------------------------------------------------------------------


def _lock_name(period: date) -> str:
    return f"finance.refunds:{period:%Y-%m}"


@transaction.atomic
def batch_create(*, actor: Any, period: date) -> RefundBatch:
    """A period's batch of what is due to each union in the actor's scope (see the module)."""
    require(actor, MANAGE)
    period = rules.month(period)
    hold(_lock_name(period))
    due = [r for r in queries.due_rows(user=actor, period=period) if r.due > 0]
    payable = [r for r in due if r.bank_account is not None]
    if not payable:
        missing = len(due)
        reason = f"，其中{missing}个基层工会缺少经费账户" if missing else ""
        raise ApplicationError(
            f"{period:%Y年%m月}所属期在您的管理范围内没有待返拨的经费{reason}，不能生成空批次。",
            field="period",
        )
    org = actor.organization
    batch = RefundBatch.objects.create(
        number=f"TMP{secrets.token_hex(8)}",  # the real number needs the pk
        period=period,
        issued_on=today(),
        created_by=actor,
        org_path=org.path,
    )
    seq = RefundLine.objects.filter(period=period).count()
    lines = [
        _line(batch, row, rules.line_number(period, seq + i)) for i, row in enumerate(payable, 1)
    ]
    RefundLine.objects.bulk_create(lines, batch_size=1000)
    batch.number = rules.batch_number(period, batch.pk)
    batch.line_count = len(lines)
    batch.total = sum((line.amount for line in lines), ZERO)
    batch.save(update_fields=["number", "line_count", "total", "updated_at"])
    audit_record(
        actor=actor,
        action="finance.refund_batch.created",
        target=batch,
        data={
            "period": period.isoformat(),
            "line_count": batch.line_count,
            "total": str(batch.total),
            "missing_account": len(due) - len(payable),
        },
    )
    batch.missing_account = len(due) - len(payable)
    return batch


def _line(batch: RefundBatch, row: Any, number: str) -> RefundLine:
    account = row.bank_account
    return RefundLine(
        batch=batch,
        number=number,
        union_id=row.union_id,
        org_path=row.union_path,
        period=batch.period,
        name=account.account_name,
        bank_name=account.bank_name,
        share_amount=row.share,
        extra_amount=row.extra,
        amount=row.due,
        due_on=row.due_on,
        **identity_values(account=account.account),
    )


def batch_file(*, actor: Any, batch: RefundBatch, full: bool = False) -> tuple[bytes, str]:
    """(the .xlsx for the bank, its name); the whole account only when asked and allowed."""
    require(actor, MANAGE)
    ensure_visible(actor, batch)
    if full:
        require(actor, FULL_ID)
    content, rows = bank_file(batch.lines.all(), full=full, sheet="经费返拨")
    audit_record(
        actor=actor,
        action="finance.refund_batch.downloaded",
        target=batch,
        data={"full": full, "rows": rows},
    )
    return content, f"经费返拨-{batch.number}.xlsx"


def batch_return_start(
    *, actor: Any, batch: RefundBatch, upload: Any, dry_run: bool = False
) -> Any:
    """The bank's return file, imported against this batch (core.importing)."""
    require(actor, MANAGE)
    ensure_visible(actor, batch)
    return import_start(
        actor=actor, kind=BANK_RETURN, upload=upload, target=batch.pk, dry_run=dry_run
    )


@transaction.atomic
def batch_returned(
    *, actor: Any, batch: RefundBatch, failed: dict[int, list[str]], run: Any = None
) -> RefundBatch:
    """After a return was imported: the batch's counts and state from its lines, audited;
    each union told of its refunds that failed (`failed`: union id → line numbers)."""
    locked = RefundBatch.objects.select_for_update().get(pk=batch.pk)
    list_returned(
        actor=actor,
        payment_list=locked,
        rows=locked.lines.all(),
        states=PAYMENT_STATES,
        returned=RefundBatchState.RETURNED,
        action="finance.refund_batch.returned",
        run=run,
        failed=failed,
        staff=union_staff(list(failed)),
        url=reverse("finance:refund_list") + f"?state={RefundState.FAILED}",
        message=lambda count, shown: (
            f"经费返拨批次{locked.number}中返拨贵会的{count}笔经费未能入账（{shown}），"
            "请核对本会经费账户的户名、开户银行和账号；更正后将在下一批次重新返拨。"
        ),
    )
    return locked


# ---- paid: the voucher -------------------------------------------------------------------------


def _district(path: str) -> Organization:
    """The federation at the root of `path` ("/1/5/9/" → "/1/"): its bank account pays."""
    return Organization.objects.get(path=f"/{path.strip('/').split('/')[0]}/")


@transaction.atomic
def lines_paid(*, actor: Any, lines: list[RefundLine], paid_on: date, source: str) -> LedgerEntry:
    """Mark `lines` paid on `paid_on` and post their voucher (once per `source`): Dr each
    union's 应返拨基层工会经费 / Cr the district's 银行存款. Lines already posted are left as
    they are; a failed line is refused. The bank return calls it for the lines it has just
    marked paid, the demo for lines still waiting."""
    require(actor, MANAGE)
    if (done := ledger.posted(source)) is not None:
        return done
    rows = list(
        RefundLine.objects.select_for_update()
        .filter(pk__in=[line.pk for line in lines], entry__isnull=True)
        .select_related("union", "batch")
        .order_by("pk")
    )
    if bad := [r.number for r in rows if r.state == RefundState.FAILED]:
        raise ApplicationError(f"返拨{'、'.join(bad[:5])}已回盘为失败，不能记为已返拨。")
    if not rows:
        raise ApplicationError("没有待记账的经费返拨。")
    payable = ledger.accounts({r.union for r in rows}, AccountKind.REFUND_PAYABLE)
    total = sum((money(r.amount) for r in rows), ZERO)
    district = _district(rows[0].org_path)
    amounts: dict[Any, Any] = defaultdict(lambda: ZERO)
    for r in rows:
        amounts[payable[r.union_id]] += r.amount
    amounts[ledger.cash(district)] = -total
    entry = ledger.post(
        actor=actor,
        kind=EntryKind.REFUND,
        org=district,
        booked_on=paid_on,
        memo=f"经费返拨{rows[0].batch.number}：{len(rows)}笔",
        amounts=dict(amounts),
        source=source,
    )
    waiting = [r for r in rows if r.state == RefundState.WAITING]
    RefundLine.objects.filter(pk__in=[r.pk for r in rows]).update(
        state=RefundState.PAID,
        paid_on=paid_on,
        failure_reason="",
        entry=entry,
        version=F("version") + 1,
        updated_at=timezone.now(),
    )
    if waiting:  # the bank return audits the lines it marks itself
        data = {"paid_on": paid_on.isoformat(), "entry": entry.pk}
        audit_records(
            actor=actor,
            action="finance.refund.paid",
            target_type=RefundLine._meta.label_lower,
            targets=((r.pk, str(r), r.org_path, data) for r in waiting),
        )
    return entry
