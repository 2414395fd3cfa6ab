"""The bank's return of a payment list, and the list's file for the bank: one mechanism for
every app that pays people through a bank (assistance's disbursement lists, mutual aid's
payout lists).

A payment list (a `Disbursement`, a `Payout`) holds rows (grants, claims) that each have a
`number`, `name`, `bank_name`, the account columns (core.identity.account_columns), an
`amount`, a `state`, `paid_on`, `failure_reason`, `union_id`, `org_path` and `version`, and a
foreign key to the list. The app says which with a small subclass of `BankReturnImporter`
(the hooks below) and registers it as an import kind whose target is the list.

The return's rows: 申请编号, 结果 (成功/失败 or 1/0), 失败原因, 日期. A row is matched by number
among the rows of the run's list only. A row still waiting becomes paid (paid_on: the row's
date, else today) or failed (with the reason); a row the return already decided the same way
is unchanged; a row naming no row of the list, a row a second time, or a row decided the
other way is rejected (the run's error report). Each batch is written with one UPDATE per
date or reason and audited per row; `finish` is the app's (recount the list, tell the unions).
"""

import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any, ClassVar

from django.db import models
from django.db.models import Count, F, Q
from django.utils import timezone

from gonghui.core.audit import audit_record, audit_records
from gonghui.core.clock import today
from gonghui.core.errors import ApplicationError
from gonghui.core.identity import mask
from gonghui.core.ids import normalize_code
from gonghui.core.money import ZERO
from gonghui.core.notify import notify
from gonghui.core.tabular import write_xlsx

from .normalize import clean_text, parse_date
from .readers import cell_text
from .spec import BatchOutcome, Column, Importer

_SUCCESS = {"成功": True, "1": True, "已入账": True, "失败": False, "0": False, "退回": False}
NO_REASON = "银行未注明原因"


def parse_result(value: Any) -> bool:
    """成功/失败 (or 1/0): True when the bank paid."""
    text = cell_text(value).strip()
    if text not in _SUCCESS:
        raise ApplicationError(f"「{text}」不是可识别的结果，应为「成功」或「失败」（或1/0）。")
    return _SUCCESS[text]


BANK_RETURN_COLUMNS = [
    Column(
        "number",
        "申请编号",
        ("编号", "资金编号", "业务编号", "流水号", "申请号"),
        required=True,
        clean=normalize_code,
        text=True,
    ),
    Column(
        "success",
        "结果",
        ("发放结果", "处理结果", "代发结果", "交易结果", "状态"),
        required=True,
        clean=parse_result,
    ),
    Column("reason", "失败原因", ("原因", "备注", "说明", "失败说明"), clean=clean_text),
    Column("date", "日期", ("发放日期", "入账日期", "处理日期", "交易日期"), clean=parse_date),
]


@dataclass(frozen=True)
class PaymentStates:
    """The states of a paid row the return moves between."""

    waiting: str  # approved, on the list, not yet returned
    paid: str
    failed: str


class BankReturnImporter(Importer):
    """The bank's return against one list (the run's target). Subclasses set the hooks:

    - `kind`, `example`; `model` (the paid rows) and `list_model` (the list);
    - `list_field`: the rows' foreign key to the list ("disbursement", "payout");
    - `states`: a PaymentStates; `paid_action`, `failed_action`: the audit codes;
    - `noun`: what one row is called in messages ("资金", "互助金");
    - `failed_changes()`: more columns to set on a failed row;
    - `paid(rows, day)`: after the rows a batch marks paid on `day` are written, in the
      same transaction (the domains post the payment to the finance ledger here);
    - `finish()`: after a run that wrote (`self.failed`: union id → numbers that failed)."""

    columns = BANK_RETURN_COLUMNS
    model: ClassVar[type[models.Model]]
    list_model: ClassVar[type[models.Model]]
    list_field: ClassVar[str]
    states: ClassVar[PaymentStates]
    paid_action: ClassVar[str]
    failed_action: ClassVar[str]
    noun: ClassVar[str] = "资金"

    def __init__(self, *, run: Any, actor: Any):
        super().__init__(run=run, actor=actor)
        self.target = (
            self.list_model.objects.get(pk=run.target_id) if run and run.target_id else None
        )
        self.rows = itertools.count()
        self.seen: dict[str, int] = {}  # number -> the file's row that named it first
        self.failed: dict[int, list[str]] = defaultdict(list)  # union id -> numbers

    def failed_changes(self) -> dict[str, Any]:
        return {}

    def paid(self, rows: list[Any], day: Any) -> None:
        """The rows this batch just marked paid on `day` (never a row twice, ever)."""

    def check(self, values: dict[str, Any]) -> dict[str, Any]:
        return dict(values, _seq=next(self.rows))

    def key(self, record: dict[str, Any]) -> int:
        # Repeats are found in upsert, where the message can say it is the same row.
        return record["_seq"]

    def upsert(self, records: list[dict[str, Any]], *, write: bool) -> BatchOutcome:
        outcome = BatchOutcome()
        rows = self.model._default_manager.filter(
            **{self.list_field: self.target}, number__in=[r["number"] for r in records]
        ).only("id", "number", "state", "union_id", "org_path", "name")
        if write:
            rows = rows.select_for_update()
        found = {row.number: row for row in rows}
        paid: dict[Any, list[Any]] = defaultdict(list)
        failed: dict[str, list[Any]] = defaultdict(list)
        for record in records:
            number = record["number"]
            first = self.seen.setdefault(number, record["_row"])
            if first != record["_row"]:
                reason = f"申请编号{number}在第{first}行已回盘，同一笔{self.noun}只能回盘一次。"
                outcome.rejected.append((record, "申请编号", reason, ""))
                continue
            row = found.get(number)
            if row is None:
                reason = f"申请编号「{number}」不在发放名单{self.target.number}中。"
                outcome.rejected.append((record, "申请编号", reason, ""))
                continue
            if problem := self._outcome(row, record, outcome, paid, failed):
                outcome.rejected.append((record, "结果", problem, ""))
        if write:
            self._write(paid, failed)
        return outcome

    def _outcome(self, row: Any, record: dict, outcome: BatchOutcome, paid, failed) -> str:
        """Sort the row into `paid` / `failed`, or count it unchanged; else the problem."""
        success, states = record["success"], self.states
        if row.state == states.waiting:
            outcome.updated += 1
            if success:
                paid[record.get("date") or today()].append(row)
            else:
                failed[(record.get("reason") or NO_REASON)[:200]].append(row)
            return ""
        if row.state == (states.paid if success else states.failed):
            outcome.unchanged += 1
            return ""
        if row.state in (states.paid, states.failed):
            return (
                f"该笔已回盘为「{row.get_state_display()}」，与本行的"
                f"「{'成功' if success else '失败'}」不符，请向银行核实。"
            )
        return f"该笔{self.noun}当前为「{row.get_state_display()}」，不能回盘。"

    def _write(self, paid: dict, failed: dict) -> None:
        manager, now = self.model._default_manager, timezone.now()
        for day, rows in paid.items():
            manager.filter(pk__in=[r.pk for r in rows]).update(
                state=self.states.paid,
                paid_on=day,
                failure_reason="",
                version=F("version") + 1,
                updated_at=now,
            )
            self._audit(rows, self.paid_action, {"paid_on": str(day)})
            self.paid(rows, day)
        for reason, rows in failed.items():
            manager.filter(pk__in=[r.pk for r in rows]).update(
                state=self.states.failed,
                failure_reason=reason,
                version=F("version") + 1,
                updated_at=now,
                **self.failed_changes(),
            )
            for row in rows:
                self.failed[row.union_id].append(row.number)
            self._audit(rows, self.failed_action, {"reason": reason})

    def _audit(self, rows: list[Any], action: str, data: dict[str, Any]) -> None:
        data = {"run": self.run.pk, self.list_field: self.target.pk, **data}
        audit_records(
            actor=self.actor,
            action=action,
            target_type=self.model._meta.label_lower,
            targets=((r.pk, str(r), r.org_path, data) for r in rows),
        )


def list_recount(
    payment_list: Any, rows: models.QuerySet, states: PaymentStates, returned: str = "returned"
) -> int:
    """Set a locked list's paid and failed counts from its rows and, once none waits, its
    state to `returned` (today); save it and return how many still wait."""
    counts = rows.aggregate(
        paid=Count("id", filter=Q(state=states.paid)),
        failed=Count("id", filter=Q(state=states.failed)),
        waiting=Count("id", filter=Q(state=states.waiting)),
    )
    payment_list.paid_count, payment_list.failed_count = counts["paid"], counts["failed"]
    if not counts["waiting"] and payment_list.state != returned:
        payment_list.state, payment_list.returned_on = returned, today()
    payment_list.save(
        update_fields=["paid_count", "failed_count", "state", "returned_on", "updated_at"]
    )
    return counts["waiting"]


def failures_message(numbers: list[str]) -> str:
    """The first few numbers of a union's failed rows, for its notice."""
    return "、".join(numbers[:5]) + ("等" if len(numbers) > 5 else "")


def list_returned(
    *,
    actor: Any,
    payment_list: Any,
    rows: models.QuerySet,
    states: PaymentStates,
    returned: str,
    action: str,
    run: Any,
    failed: dict[int, list[str]],
    staff: dict[int, list[Any]],
    url: str,
    message: Callable[[int, str], str],
) -> None:
    """After a return was imported, for a list locked by the caller: its counts and state
    (`list_recount`), audited as `action`; each union (`failed`: union id → row numbers)
    told of its own failures, `message(count, first numbers)`, with a link to `url`."""
    waiting = list_recount(payment_list, rows, states, returned=returned)
    audit_record(
        actor=actor,
        action=action,
        target=payment_list,
        data={
            "run": getattr(run, "pk", None),
            "paid_count": payment_list.paid_count,
            "failed_count": payment_list.failed_count,
            "waiting": waiting,
        },
    )
    for union_id, numbers in failed.items():
        notify(
            recipients=staff.get(union_id, []),
            message=message(len(numbers), failures_message(numbers)),
            target=payment_list,
            url=url,
        )


# ---- the list's file for the bank -------------------------------------------------------------

BANK_FILE_HEADERS = ["序号", "申请编号", "姓名", "开户银行", "银行账号", "金额（元）"]


def bank_file_rows(rows: models.QuerySet, *, full: bool) -> Iterable[Sequence[Any]]:
    """One line per row by number, then the total; the account masked unless `full`.
    Plain values, not instances: the account is read (and decrypted) only when shown whole."""
    account = "account" if full else "account_last4"
    values = rows.order_by("number").values_list("number", "name", "bank_name", account, "amount")
    count, total = 0, ZERO
    for count, (number, name, bank, shown, amount) in enumerate(
        values.iterator(chunk_size=2000), start=1
    ):
        total += amount
        yield [count, number, name, bank, shown if full else mask(shown), amount]
    yield ["合计", "", f"{count}笔", "", "", total]


def bank_file(rows: models.QuerySet, *, full: bool, sheet: str = "发放名单") -> tuple[bytes, int]:
    """(the .xlsx, how many rows it lists): formula-safe, numbers and accounts as text."""
    with TemporaryDirectory() as folder:
        path = Path(folder) / "list.xlsx"
        written = write_xlsx(
            path,
            BANK_FILE_HEADERS,
            bank_file_rows(rows, full=full),
            sheet=sheet,
            text_columns=[1, 4],
        )
        return path.read_bytes(), written - 1
