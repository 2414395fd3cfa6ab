"""Posting to the append-only double-entry ledger (FUND-3; docs/adr/0003).

Every write to the ledger goes through `post`: a voucher whose signed amounts per account
(+ debit, − credit) sum to zero, netted to one line per account. Nothing is updated or
deleted (the database refuses it, core.appendonly); `reverse` posts the mirror of a voucher
with a reason. A `source` names what a voucher records, once: posting it again is refused by
the unique key, so a retried job or a repeated bank return never posts twice.

The accounts (科目) each voucher kind moves:
- collection (税务代收到账): Dr district 银行存款 / Cr district 代收经费待分配 (or 待认领 when the
  employer is not matched yet; matching moves it: Dr 待认领 / Cr 待分配);
- allocation (经费分配): Dr district 待分配 / Cr each union's 应返拨 (its share and the extra
  refund), the town's 收入, the district's 收入, 应上解 per upper level; a preparation fund's
  union parts go to its town's 代管工会筹备金;
- refund (经费返拨): Dr the union's 应返拨 / Cr district 银行存款;
- expense (经费支出): Dr the paying organization's 经费支出 (by program) / Cr its 银行存款.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction

from gonghui.core.audit import audit_record, register_actions
from gonghui.core.errors import ApplicationError
from gonghui.core.importing.bulk import bulk_insert
from gonghui.core.money import ZERO, money
from gonghui.orgs.models import Organization

from ..choices import AccountKind, EntryKind
from ..models import Account, LedgerEntry, LedgerLine

register_actions(
    {
        "finance.entry.posted": "记账",
        "finance.entry.reversed": "冲销凭证",
    }
)


class Unbalanced(ValueError):
    """A voucher whose debits and credits differ: a bug in the caller, never saved."""


def account(org: Organization, kind: str, *, level: str = "", program: str = "") -> Account:
    """The organization's account of `kind` (made on first use)."""
    found = Account.objects.filter(org=org, kind=kind, level=level, program=program).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return Account.objects.create(
                org=org, org_path=org.path, kind=kind, level=level, program=program
            )
    except IntegrityError:  # made at the same moment by another posting
        return Account.objects.get(org=org, kind=kind, level=level, program=program)


def accounts(orgs: Iterable[Organization], kind: str) -> dict[int, Account]:
    """Organization id → its account of `kind`, made in one insert for those that lack it."""
    by_id = {org.pk: org for org in orgs}
    found = {
        a.org_id: a
        for a in Account.objects.filter(org_id__in=by_id, kind=kind, level="", program="")
    }
    missing = [
        Account(org=by_id[pk], org_path=by_id[pk].path, kind=kind)
        for pk in by_id
        if pk not in found
    ]
    if missing:
        Account.objects.bulk_create(missing, ignore_conflicts=True)
        found.update(
            (a.org_id, a)
            for a in Account.objects.filter(
                org_id__in=[a.org_id for a in missing], kind=kind, level="", program=""
            )
        )
    return found


def net(amounts: Iterable[tuple[Account, Decimal]]) -> dict[Account, Decimal]:
    """Signed amounts summed per account (+ debit, − credit), zeros dropped."""
    totals: dict[Account, Decimal] = defaultdict(lambda: ZERO)
    for acc, amount in amounts:
        totals[acc] += money(amount)
    return {acc: amount for acc, amount in totals.items() if amount}


@transaction.atomic
def post(
    *,
    actor: Any,
    kind: str,
    org: Organization,
    booked_on: datetime.date,
    memo: str,
    amounts: Mapping[Account, Decimal] | Iterable[tuple[Account, Decimal]],
    source: str | None = None,
    reverses: LedgerEntry | None = None,
    reason: str = "",
    audit: bool = True,
) -> LedgerEntry:
    """A balanced voucher: `amounts` signed per account (+ debit, − credit), netted."""
    pairs = amounts.items() if isinstance(amounts, Mapping) else amounts
    lines = net(pairs)
    debit = sum((a for a in lines.values() if a > 0), ZERO)
    credit = -sum((a for a in lines.values() if a < 0), ZERO)
    if debit != credit:
        raise Unbalanced(f"借方 {debit} ≠ 贷方 {credit}（{memo}）")
    if not lines:
        raise Unbalanced(f"凭证没有分录（{memo}）")
    entry = LedgerEntry.objects.create(
        kind=kind,
        org=org,
        booked_on=booked_on,
        memo=memo[:200],
        total=debit,
        source=source,
        reverses=reverses,
        reason=reason,
        created_by=_user(actor),
    )
    # One raw insert: an allocation's voucher has a line per union of its chunk (thousands).
    bulk_insert(
        LedgerLine,
        [
            {
                "entry_id": entry.pk,
                "account_id": acc.pk,
                "debit": amount if amount > 0 else ZERO,
                "credit": -amount if amount < 0 else ZERO,
            }
            for acc, amount in lines.items()
        ],
    )
    if audit:
        audit_record(
            actor=actor,
            action="finance.entry.posted",
            target=entry,
            org_path=org.path,
            data={"kind": kind, "total": str(debit), "source": source or ""},
        )
    return entry


def posted(source: str) -> LedgerEntry | None:
    """The voucher that recorded `source`, if any (idempotent callers ask first)."""
    return LedgerEntry.objects.filter(source=source).first()


@transaction.atomic
def reverse(
    *, actor: Any, entry: LedgerEntry, reason: str, booked_on: datetime.date | None = None
) -> LedgerEntry:
    """The mirror of `entry` (every line on the other side), naming it and why."""
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError("请填写冲销原因。", field="reason")
    entry = LedgerEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.kind == EntryKind.REVERSAL:
        raise ApplicationError("冲销凭证不能再冲销；如需更正，请重新记账。")
    if LedgerEntry.objects.filter(reverses=entry).exists():
        raise ApplicationError(f"凭证{entry.number}已冲销，不能重复冲销。")
    lines = [(line.account, line.credit - line.debit) for line in entry.lines.select_related()]
    mirror = post(
        actor=actor,
        kind=EntryKind.REVERSAL,
        org=entry.org,
        booked_on=booked_on or entry.booked_on,
        memo=f"冲销{entry.number}：{entry.memo}",
        amounts=lines,
        reverses=entry,
        reason=reason[:200],
        audit=False,
    )
    audit_record(
        actor=actor,
        action="finance.entry.reversed",
        target=entry,
        org_path=entry.org.path,
        data={"reversal": mirror.pk, "reason": reason[:200]},
    )
    return mirror


def cash(org: Organization) -> Account:
    return account(org, AccountKind.CASH)


def _user(actor: Any) -> Any:
    from gonghui.core.actors import actor_user

    return actor_user(actor)


def report_viewed(*, actor: Any, report: str, filters: Mapping[str, Any]) -> None:
    """A report opened (page or API), for the auditor's trail: its name and filters."""
    audit_record(
        actor=actor,
        action="finance.report.viewed",
        org_path=getattr(getattr(actor, "organization", None), "path", ""),
        data={"report": report, "filters": {k: str(v) for k, v in filters.items()}},
    )
