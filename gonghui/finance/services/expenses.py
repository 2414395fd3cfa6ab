"""Expenses (FUND-3): what the union pays out of its fund, posted to the ledger through ONE
service, so the district's spending on each program is a ledger figure.

- `post_expense`: the voucher of a payment another domain already made and checked
  (assistance grants, mutual-aid claims: their bank returns call it through the hook
  core.importing.bank_return.BankReturnImporter.paid). Dr the paying organization's 经费支出
  (by program) / Cr its 银行存款. Idempotent by `source`: a second call returns the first
  voucher, so a re-run return never posts twice. No permission of its own: the caller's
  action (importing the bank's return) was the permission.
- `expense_record`: a payment staff register by hand (报刊订阅补贴, 培训补贴 …) on the page or
  the API: finance.expenses.record, the organization in the actor's scope; its source is
  the form's key, so a form posted twice records once.
"""

import datetime
import re
import uuid
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction

from gonghui.core.errors import ApplicationError
from gonghui.core.money import parse_money
from gonghui.core.permissions import require
from gonghui.core.scope import ensure_visible
from gonghui.orgs.models import Organization

from ..choices import AccountKind, EntryKind, Program
from ..models import LedgerEntry
from . import ledger

RECORD = "finance.expenses.record"
KEY = re.compile(r"^[0-9A-Za-z_-]{8,40}$")


def post_expense(
    *,
    actor: Any,
    org: Organization,
    program: str,
    amount: Decimal,
    paid_on: datetime.date,
    source: str,
    memo: str,
) -> LedgerEntry | None:
    """Dr 经费支出(org, program) / Cr 银行存款(org); the voucher already posted for `source`
    if there is one; None for a zero amount (nothing was paid)."""
    if program not in Program.values:
        raise ApplicationError(f"「{program}」不是经费支出项目。", field="program")
    amount = parse_money(amount, field="amount")
    source = (source or "").strip()
    if not source or len(source) > 80:
        raise ApplicationError("支出凭证须注明来源（不超过80个字符）。", field="source")
    if (done := ledger.posted(source)) is not None:
        return done
    if not amount:
        return None
    expense = ledger.account(org, AccountKind.EXPENSE, program=program)
    try:
        with transaction.atomic():
            return ledger.post(
                actor=actor,
                kind=EntryKind.EXPENSE,
                org=org,
                booked_on=paid_on,
                memo=(memo or Program(program).label).strip()[:200],
                amounts={expense: amount, ledger.cash(org): -amount},
                source=source,
            )
    except IntegrityError:  # the same source posted at the same moment elsewhere
        done = ledger.posted(source)
        if done is None:
            raise
        return done


def expense_record(
    *,
    actor: Any,
    org: Organization,
    program: str,
    amount: Any,
    paid_on: datetime.date,
    memo: str,
    key: str = "",
) -> LedgerEntry:
    """A payment registered by staff (登记经费支出); `key` makes a repeated post harmless."""
    require(actor, RECORD)
    ensure_visible(actor, org)
    amount = parse_money(amount, field="amount")
    if not amount:
        raise ApplicationError("支出金额须大于零。", field="amount")
    memo = (memo or "").strip()
    if not memo:
        raise ApplicationError("请填写摘要（支出事由）。", field="memo")
    if key and not KEY.match(key):
        raise ApplicationError("key 只能是8到40位字母、数字、下划线或连字符。", field="key")
    source = f"finance.expense:{key or uuid.uuid4().hex}"
    if (done := ledger.posted(source)) is not None and done.org_id != org.pk:
        raise ApplicationError("该 key 已用于另一笔支出，请换一个。", field="key")
    entry = post_expense(
        actor=actor,
        org=org,
        program=program,
        amount=amount,
        paid_on=paid_on,
        source=source,
        memo=f"{Program(program).label}：{memo}" if program in Program.values else memo,
    )
    assert entry is not None  # a positive amount always posts
    return entry
