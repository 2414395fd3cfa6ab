"""The refund imports: the bank's return of a batch, and the unions' bank accounts.

The bank's return of a refund batch (kind "finance.bank_return", target a RefundBatch): the
kernel's bank return (core.importing.bank_return) on refund lines. Rows 申请编号 (the line's
number, FB…), 结果, 失败原因, 日期, matched within that batch only. The lines paid on a day are
posted to the ledger (services.refunds.lines_paid) in the same transaction that marks them,
one voucher per day of each written chunk; a failed line's money is due again."""

from typing import Any

from gonghui.core.errors import ApplicationError
from gonghui.core.identity import mask, normalize_account
from gonghui.core.importing import bank_return
from gonghui.core.importing.normalize import clean_text
from gonghui.core.importing.spec import BatchOutcome, Column, Importer, RowInvalid
from gonghui.core.scope import access
from gonghui.orgs.queries import grassroots_by_name_or_uscc

from ..models import RefundBatch, RefundLine, UnionBankAccount
from ..queries.refunds import unions_visible
from ..services.refunds import (
    MANAGE,
    PAYMENT_STATES,
    bank_account_create,
    bank_account_update,
    batch_returned,
    lines_paid,
)


class BankReturnImporter(bank_return.BankReturnImporter):
    kind = "finance.bank_return"
    example = {"number": "FB201301000001", "success": "成功", "reason": "", "date": "2013-03-20"}
    model = RefundLine
    list_model = RefundBatch
    list_field = "batch"
    states = PAYMENT_STATES
    paid_action = "finance.refund.paid"
    failed_action = "finance.refund.failed"
    noun = "经费返拨"

    def paid(self, rows: list[Any], day: Any) -> None:
        """The kernel's hook, inside the chunk's transaction: the lines just marked paid on
        `day` get their voucher, named by the run and the first line (a resumed run skips
        committed chunks, and a line is paid once, so no source is posted twice)."""
        first = min(row.pk for row in rows)
        lines_paid(
            actor=self.actor, lines=rows, paid_on=day, source=f"refund:{self.run.pk}:{first}"
        )

    def finish(self) -> None:
        batch_returned(actor=self.actor, batch=self.target, failed=dict(self.failed), run=self.run)


def batch_for_import(user: Any, pk: Any) -> RefundBatch:
    return access(RefundBatch, user, pk, MANAGE, field="target_id")


# ---- the unions' bank accounts (kind "finance.bank_accounts") ----------------------------------


def _account(raw: Any) -> str:
    digits = normalize_account(raw)
    if not digits:
        raise ApplicationError("不能为空。")
    return digits


BANK_ACCOUNT_COLUMNS = [
    Column(
        "union",
        "工会",
        ("基层工会", "工会名称", "所属工会", "统一社会信用代码", "单位"),
        required=True,
        clean=clean_text,
    ),
    Column(
        "account_name",
        "户名",
        ("账户名称", "开户名称", "收款户名"),
        required=True,
        clean=clean_text,
    ),
    Column(
        "bank_name", "开户银行", ("开户行", "银行", "开户网点"), required=True, clean=clean_text
    ),
    Column(
        "account",
        "银行账号",
        ("账号", "银行帐号", "收款账号", "经费账号"),
        required=True,
        clean=_account,
        text=True,
        mask=lambda text: mask(str(text)[-4:]),
    ),
]


class BankAccountImporter(Importer):
    """Each row: a grassroots union of the uploader's scope (full name or USCC) and its
    account, created or corrected through the same services as the form (audited); a row
    that changes nothing is unchanged."""

    kind = "finance.bank_accounts"
    columns = BANK_ACCOUNT_COLUMNS
    example = {
        "union": "示例公司工会委员会",
        "account_name": "示例公司工会委员会",
        "bank_name": "中国工商银行番禺支行",
        "account": "6222020200112345678",
    }

    def check(self, values: dict[str, Any]) -> dict[str, Any]:
        try:
            union = grassroots_by_name_or_uscc(unions_visible(self.actor), values["union"])
        except ApplicationError as exc:
            raise RowInvalid([("工会", exc.message)]) from exc
        return {**values, "org": union}

    def key(self, record: dict[str, Any]) -> int:
        return record["org"].pk

    def upsert(self, records: list[dict[str, Any]], *, write: bool) -> BatchOutcome:
        outcome = BatchOutcome()
        held = {
            a.org_id: a
            for a in UnionBankAccount.objects.filter(org__in=[r["org"] for r in records])
        }
        for record in records:
            found = held.get(record["org"].pk)
            wanted = (record["account_name"], record["bank_name"], record["account"])
            if found is not None and (found.account_name, found.bank_name, found.account) == wanted:
                outcome.unchanged += 1
                continue
            try:
                if write:
                    self._save(record, found)
            except ApplicationError as exc:
                outcome.rejected.append((record, "银行账号", exc.message, ""))
                continue
            if found is None:
                outcome.created += 1
            else:
                outcome.updated += 1
        return outcome

    def _save(self, record: dict[str, Any], found: UnionBankAccount | None) -> None:
        fields = {k: record[k] for k in ("account_name", "bank_name", "account")}
        if found is None:
            bank_account_create(actor=self.actor, org=record["org"], **fields)
        else:
            bank_account_update(actor=self.actor, bank_account=found, version=None, **fields)
