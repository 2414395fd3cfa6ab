"""The refund pages' exports (core.exports): each list's filters, its own query."""

from gonghui.core.exports import Column, ListExport

from ..forms.refunds import BatchFilterForm, DueUnpaidFilterForm, RefundFilterForm
from ..queries import refunds as queries
from ..rules.refunds import on_time


def _on_time(line) -> str:
    if line.paid_on is None:
        return ""
    return "按时" if on_time(line.due_on, line.paid_on) else "逾期"


REFUND_EXPORTS = (
    ListExport(
        name="finance.refunds",
        label="经费返拨",
        permission="finance.view",
        filter_form=RefundFilterForm,
        rows=lambda user, filters: queries.refund_list(user=user, filters=filters),
        columns=(
            Column("返拨编号", lambda r: r.number, text=True),
            Column("工会", lambda r: r.union.name),
            Column("镇街", lambda r: r.union.town.name if r.union.town else ""),
            Column("所属期", lambda r: f"{r.period:%Y-%m}", text=True),
            Column("留成部分（元）", lambda r: r.share_amount),
            Column("额外返还部分（元）", lambda r: r.extra_amount),
            Column("返拨金额（元）", lambda r: r.amount),
            Column("返拨期限", lambda r: r.due_on),
            Column("状态", lambda r: r.get_state_display()),
            Column("返拨日期", lambda r: r.paid_on or ""),
            Column("按时", _on_time),
            Column("失败原因", lambda r: r.failure_reason),
            Column("批次编号", lambda r: r.batch.number, text=True),
        ),
        list_url="finance:refund_list",
        audit_action="finance.refunds.exported",
    ),
    ListExport(
        name="finance.refund_batches",
        label="经费返拨批次",
        permission="finance.view",
        filter_form=BatchFilterForm,
        rows=lambda user, filters: queries.batch_list(user=user, filters=filters),
        columns=(
            Column("批次编号", lambda b: b.number, text=True),
            Column("所属期", lambda b: f"{b.period:%Y-%m}", text=True),
            Column("生成日期", lambda b: b.issued_on),
            Column("笔数", lambda b: b.line_count),
            Column("合计金额（元）", lambda b: b.total),
            Column("成功笔数", lambda b: b.paid_count),
            Column("失败笔数", lambda b: b.failed_count),
            Column("状态", lambda b: b.get_state_display()),
            Column("回盘日期", lambda b: b.returned_on or ""),
        ),
        list_url="finance:batch_list",
        audit_action="finance.refund_batches.exported",
    ),
    ListExport(
        name="finance.due_unpaid",
        label="应返未返经费",
        permission="finance.view",
        filter_form=DueUnpaidFilterForm,
        rows=lambda user, filters: queries.due_unpaid(user=user, **filters),
        columns=(
            Column("工会", lambda r: r.union_name),
            Column("镇街", lambda r: r.town_name),
            Column("已分配（元）", lambda r: r.allocated),
            Column("已返拨（元）", lambda r: r.paid),
            Column("应返未返（元）", lambda r: r.unpaid),
            Column("最早返拨期限", lambda r: r.oldest_due or ""),
        ),
        list_url="finance:due_unpaid",
        audit_action="finance.due_unpaid.exported",
    ),
)
