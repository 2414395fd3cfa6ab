"""The claim list's export (core.exports): the list's own query, so scope holds; the bank
account masked unless the user asks for it in full and holds mutualaid.view_full_id."""

from gonghui.core.exports import Column, ListExport
from gonghui.core.identity import mask

from ..choices import BenefitKind
from ..forms.claims import ClaimFilterForm
from ..queries.claims import claim_list


def _benefit(kind: str):
    def cell(claim):
        return sum((b.amount for b in claim.benefits.all() if b.kind == kind), start=0) or 0

    return cell


def _rows(user, filters):
    return claim_list(user=user, filters=filters).prefetch_related("benefits")


CLAIMS = ListExport(
    name="mutualaid.claims",
    label="医疗互助金申请",
    permission="mutualaid.view",
    filter_form=ClaimFilterForm,
    rows=_rows,
    columns=(
        Column("申请编号", lambda c: c.number, text=True),
        Column("计划年度", lambda c: c.plan.year),
        Column("姓名", lambda c: c.name),
        Column("类别", lambda c: c.get_event_kind_display()),
        Column("发病或受伤日期", lambda c: c.event_on),
        Column("入院日期", lambda c: c.admitted_on or ""),
        Column("出院日期", lambda c: c.discharged_on or ""),
        Column("医院", lambda c: c.hospital),
        Column("诊断", lambda c: c.diagnosis),
        Column("医疗总费用（元）", lambda c: c.total_cost),
        Column("基本医保支付（元）", lambda c: c.insurance_paid),
        Column("个人自付（元）", lambda c: c.own_cost),
        *(Column(f"{label}（元）", _benefit(kind)) for kind, label in BenefitKind.choices),
        Column("核定金额（元）", lambda c: c.amount),
        Column("扣减或不予资助原因", lambda c: "；".join(c.reasons or [])),
        Column("申请工会", lambda c: c.union.name),
        Column("镇街", lambda c: c.town.name if c.town else ""),
        Column("开户银行", lambda c: c.bank_name),
        Column("银行账号", lambda c: mask(c.account_last4), full=lambda c: c.account, text=True),
        Column("状态", lambda c: c.get_state_display()),
        Column("申请日期", lambda c: c.submitted_on),
        Column("批准日期", lambda c: c.approved_on or ""),
        Column("发放日期", lambda c: c.paid_on or ""),
    ),
    list_url="mutualaid:claim_list",
    full_permission="mutualaid.view_full_id",
    audit_action="mutualaid.claim.exported",
)
CLAIM_EXPORTS = [CLAIMS]
