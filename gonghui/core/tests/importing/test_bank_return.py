"""The kernel's bank return (core.importing.bank_return), apart from any app: the result
cell, how a row is sorted against the row it names, the list's recount and the bank file's
lines. The apps' own tests (assistance test_payments_return, mutualaid test_payouts_services)
run it on real lists."""

import datetime
from collections import defaultdict
from decimal import Decimal
from types import SimpleNamespace

import pytest

from gonghui.core.errors import ApplicationError
from gonghui.core.importing import bank_return
from gonghui.core.importing.spec import BatchOutcome

STATES = bank_return.PaymentStates("approved", "paid", "failed")
LABELS = {"approved": "待发放", "paid": "已发放", "failed": "发放失败", "draft": "草稿"}


class Sample(bank_return.BankReturnImporter):
    kind = "test.bank_return"
    states = STATES
    noun = "款项"


def row(state: str) -> SimpleNamespace:
    return SimpleNamespace(state=state, get_state_display=lambda: LABELS[state])


@pytest.mark.parametrize(
    ("cell", "paid"), [("成功", True), (1, True), ("已入账", True), ("失败", False), ("0", False)]
)
def test_the_result_cell(cell, paid):
    assert bank_return.parse_result(cell) is paid


def test_an_unknown_result_is_refused_in_chinese():
    with pytest.raises(ApplicationError, match="不是可识别的结果"):
        bank_return.parse_result("处理中")


def test_a_waiting_row_is_sorted_by_date_or_reason_and_a_decided_one_kept(monkeypatch):
    monkeypatch.setattr(bank_return, "today", lambda: datetime.date(2026, 1, 2))
    importer, outcome = Sample(run=None, actor=None), BatchOutcome()
    paid, failed = defaultdict(list), defaultdict(list)
    waiting = [row("approved") for _ in range(3)]
    assert importer._outcome(waiting[0], {"success": True}, outcome, paid, failed) == ""
    day = datetime.date(2025, 12, 20)
    assert (
        importer._outcome(waiting[1], {"success": True, "date": day}, outcome, paid, failed) == ""
    )
    assert (
        importer._outcome(
            waiting[2], {"success": False, "reason": "x" * 300}, outcome, paid, failed
        )
        == ""
    )
    assert paid == {datetime.date(2026, 1, 2): [waiting[0]], day: [waiting[1]]}
    assert list(failed) == ["x" * 200]  # the column's length
    assert importer._outcome(row("paid"), {"success": True}, outcome, paid, failed) == ""
    assert (outcome.updated, outcome.unchanged) == (3, 1)
    said = importer._outcome(row("paid"), {"success": False}, outcome, paid, failed)
    assert "已回盘为「已发放」" in said and "「失败」" in said
    assert "该笔款项当前为「草稿」" in importer._outcome(
        row("draft"), {"success": True}, outcome, paid, failed
    )
    assert importer._outcome(row("failed"), {"success": False}, outcome, paid, failed) == ""
    assert importer.failed_changes() == {}


class Rows:
    """What the recount and the file ask of a queryset, from plain tuples."""

    def __init__(self, values, counts=None):
        self.values, self.counts = values, counts

    def aggregate(self, **_kw):
        return self.counts

    def order_by(self, *_a):
        return self

    def values_list(self, *_a):
        return self

    def iterator(self, chunk_size):
        return iter(self.values)


def test_the_list_is_returned_once_none_waits(monkeypatch):
    monkeypatch.setattr(bank_return, "today", lambda: datetime.date(2026, 1, 2))
    saved = []
    payment_list = SimpleNamespace(
        state="issued", returned_on=None, save=lambda update_fields: saved.append(update_fields)
    )
    left = bank_return.list_recount(
        payment_list, Rows([], {"paid": 2, "failed": 1, "waiting": 1}), STATES
    )
    assert left == 1 and payment_list.state == "issued" and payment_list.paid_count == 2
    bank_return.list_recount(payment_list, Rows([], {"paid": 3, "failed": 1, "waiting": 0}), STATES)
    assert (payment_list.state, payment_list.returned_on) == ("returned", datetime.date(2026, 1, 2))
    assert "returned_on" in saved[-1]


def test_the_bank_files_lines_mask_the_account_and_total_exactly():
    rows = Rows(
        [
            ("A1", "张三", "工行", "5678", Decimal("0.10")),
            ("A2", "李四", "农行", "", Decimal("0.20")),
        ]
    )
    lines = list(bank_return.bank_file_rows(rows, full=False))
    assert lines[0] == [1, "A1", "张三", "工行", "****5678", Decimal("0.10")]
    assert lines[1][4] == ""
    assert lines[-1] == ["合计", "", "2笔", "", "", Decimal("0.30")]
    assert bank_return.failures_message([str(i) for i in range(7)]) == "0、1、2、3、4等"
