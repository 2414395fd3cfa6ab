"""List exports of enrollment (core.exports), registered by registrations.register_enrollments.

The RIC is masked (the last 4 only) unless the user asks for it in full and holds
mutualaid.view_full_id; every export is audited with its filters and row count."""

from gonghui.core.exports import Column, ListExport
from gonghui.core.ids import mask_ric

from ..forms.enrollments import BatchFilterForm, EnrollmentFilterForm
from ..queries import enrollments as queries

ENROLLMENTS = ListExport(
    name="mutualaid.enrollments",
    label="医疗互助参保记录",
    permission="mutualaid.view",
    filter_form=EnrollmentFilterForm,
    rows=lambda user, filters: queries.enrollment_list(user=user, filters=filters),
    columns=(
        Column("年度", lambda e: e.plan.year),
        Column("姓名", lambda e: e.member.name),
        Column(
            "身份证号", lambda e: mask_ric(e.member.ric), full=lambda e: e.member.ric, text=True
        ),
        Column("参保工会", lambda e: e.union.name),
        Column("镇街", lambda e: e.town.name if e.town_id else ""),
        Column("批次编号", lambda e: e.batch.number, text=True),
        Column("续保", lambda e: "是" if e.is_renewal else "否"),
        Column("状态", lambda e: e.get_state_display()),
        Column("登记日期", lambda e: e.enrolled_on),
        Column("生效日期", lambda e: e.effective_on or ""),
        Column("观察期至", lambda e: e.waiting_until or ""),
        Column("退保日期", lambda e: e.cancelled_on or ""),
        Column("缴费金额（元）", lambda e: e.contribution),
    ),
    list_url="mutualaid:enrollment_list",
    full_permission="mutualaid.view_full_id",
    audit_action="mutualaid.enrollment.exported",
)

BATCHES = ListExport(
    name="mutualaid.batches",
    label="医疗互助参保批次",
    permission="mutualaid.view",
    filter_form=BatchFilterForm,
    rows=lambda user, filters: queries.batch_list(user=user, filters=filters),
    columns=(
        Column("批次编号", lambda b: b.number, text=True),
        Column("年度", lambda b: b.plan.year),
        Column("参保工会", lambda b: b.union.name),
        Column("镇街", lambda b: b.town.name if b.town_id else ""),
        Column("方式", lambda b: b.get_source_display()),
        Column("登记日期", lambda b: b.enrolled_on),
        Column("参保人数", lambda b: b.enrolled_count),
        Column("其中续保", lambda b: b.renewal_count),
        Column("未参保人数", lambda b: b.refused_count),
        Column("应缴金额（元）", lambda b: b.amount_due),
        Column("已缴金额（元）", lambda b: b.amount_paid),
        Column("尚欠金额（元）", lambda b: b.amount_due - b.amount_paid),
        Column("缴清日期", lambda b: b.paid_on or ""),
    ),
    list_url="mutualaid:batch_list",
    audit_action="mutualaid.batch.exported",
)

ENROLLMENT_EXPORTS = [ENROLLMENTS, BATCHES]
