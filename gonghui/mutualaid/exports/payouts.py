"""The payout list's export (core.exports): the list page's filters, its own query."""

from gonghui.core.exports import Column, ListExport

from ..forms.payouts import PayoutFilterForm
from ..queries import payouts as queries

PAYOUT_EXPORTS = (
    ListExport(
        name="mutualaid.payouts",
        label="互助金发放名单",
        permission="mutualaid.view",
        filter_form=PayoutFilterForm,
        rows=lambda user, filters: queries.payout_list(user=user, filters=filters),
        columns=(
            Column("名单编号", lambda p: p.number, text=True),
            Column("计划年度", lambda p: str(p.plan)),
            Column("镇街", lambda p: p.town.name if p.town else "全部镇街"),
            Column("生成日期", lambda p: p.issued_on),
            Column("笔数", lambda p: p.claim_count),
            Column("合计金额（元）", lambda p: p.total),
            Column("成功笔数", lambda p: p.paid_count),
            Column("失败笔数", lambda p: p.failed_count),
            Column("状态", lambda p: p.get_state_display()),
            Column("回盘日期", lambda p: p.returned_on or ""),
        ),
        list_url="mutualaid:payout_list",
        audit_action="mutualaid.payout.exported",
    ),
)
