"""List exports of collections (core.exports), registered by
registrations.register_collections: the collection list and the three lists of FUND-1."""

from gonghui.core.exports import Column, ListExport

from ..forms.collections import (
    CollectionFilterForm,
    NonPayerFilterForm,
    PayerFilterForm,
    PayrollJumpFilterForm,
)
from ..queries import collections as queries

VIEW = "finance.view"
_KINDS = {"union_fund": "工会经费", "preparation": "工会筹备金"}


def _month(day) -> str:
    return f"{day:%Y-%m}" if day else ""


COLLECTIONS = ListExport(
    name="finance.collections",
    label="税务代收记录",
    permission=VIEW,
    filter_form=CollectionFilterForm,
    rows=lambda user, filters: queries.collection_list(user=user, filters=filters),
    columns=(
        Column("所属期", lambda c: _month(c.period), text=True),
        Column("统一社会信用代码", lambda c: c.uscc, text=True),
        Column("单位名称（代收文件）", lambda c: c.employer_name),
        Column("用人单位", lambda c: c.employer.name if c.employer_id else ""),
        Column("镇街", lambda c: c.employer.town.name if c.employer_id else ""),
        Column("经费类型", lambda c: c.get_fund_kind_display()),
        Column("工资总额（元）", lambda c: c.payroll),
        Column("代收金额（元）", lambda c: c.amount),
        Column("代收日期", lambda c: c.collected_on),
        Column("税票号", lambda c: c.voucher_no, text=True),
        Column("状态", lambda c: "冲销行" if c.reverses_id else c.get_state_display()),
        Column("冲销原因", lambda c: c.reason),
    ),
    list_url="finance:collection_list",
    audit_action="finance.collection.exported",
)

PAYERS = ListExport(
    name="finance.payers_without_union",
    label="未建会缴费单位（工会筹备金）",
    permission=VIEW,
    filter_form=PayerFilterForm,
    rows=lambda user, filters: list(queries.payers_without_union(user=user, filters=filters)),
    columns=(
        Column("单位名称", lambda p: p["employer__name"] or p["name"]),
        Column("统一社会信用代码", lambda p: p["uscc"], text=True),
        Column("镇街", lambda p: p["employer__town__name"] or ""),
        Column("是否已匹配单位", lambda p: "是" if p["employer_id"] else "否"),
        Column("现已建会", lambda p: "是" if p["employer__union_id"] else "否"),
        Column("月数", lambda p: p["months"]),
        Column("首月", lambda p: _month(p["first"]), text=True),
        Column("末月", lambda p: _month(p["last"]), text=True),
        Column("筹备金合计（元）", lambda p: p["total"]),
    ),
    list_url="finance:payers_without_union",
    audit_action="finance.collection.exported",
)


def _non_payer_rows(user, filters):
    period, rows = queries.non_payers(user=user, filters=filters)
    return [(period, e) for e in rows]


NON_PAYERS = ListExport(
    name="finance.non_payers",
    label="已建会未缴费单位",
    permission=VIEW,
    filter_form=NonPayerFilterForm,
    rows=_non_payer_rows,
    columns=(
        Column("所属期", lambda r: _month(r[0]), text=True),
        Column("单位名称", lambda r: r[1].name),
        Column("统一社会信用代码", lambda r: r[1].uscc, text=True),
        Column("镇街", lambda r: r[1].town.name),
        Column("基层工会", lambda r: r[1].union.name),
        Column("职工人数", lambda r: r[1].headcount),
        Column("最近缴费所属期", lambda r: _month(r[1].last_paid), text=True),
    ),
    list_url="finance:non_payers",
    audit_action="finance.collection.exported",
)

JUMPS = ListExport(
    name="finance.payroll_jumps",
    label="工资总额异常变动",
    permission=VIEW,
    filter_form=PayrollJumpFilterForm,
    rows=lambda user, filters: queries.payroll_jumps(user=user, filters=filters),
    columns=(
        Column("所属期", lambda r: _month(r["period"]), text=True),
        Column("单位名称", lambda r: r["employer_name"]),
        Column("统一社会信用代码", lambda r: r["uscc"], text=True),
        Column("经费类型", lambda r: _KINDS.get(r["fund_kind"], r["fund_kind"])),
        Column("上月工资总额（元）", lambda r: r["previous_payroll"]),
        Column("本月工资总额（元）", lambda r: r["payroll"]),
        Column("变动（%）", lambda r: r["percent"]),
    ),
    list_url="finance:payroll_jumps",
    audit_action="finance.collection.exported",
)

COLLECTION_EXPORTS = [COLLECTIONS, PAYERS, NON_PAYERS, JUMPS]
