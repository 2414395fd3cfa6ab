"""The contracts' list exports (core.exports): the lists' own queries, so scope holds."""

from gonghui.core.exports import Column, ListExport

from ..forms.contracts import ContractFilterForm, OfferFilterForm, RateFilterForm
from ..queries.contracts import STATS, VIEW, contract_list, offer_list, rate_list

CONTRACTS = ListExport(
    name="democracy.contracts",
    label="集体合同",
    permission=VIEW,
    filter_form=ContractFilterForm,
    rows=lambda user, filters: contract_list(user=user, filters=filters),
    columns=(
        Column("合同名称", lambda c: c.title),
        Column("合同类型", lambda c: c.get_kind_display()),
        Column("签订范围", lambda c: c.get_scope_display()),
        Column("签约工会", lambda c: c.union.name),
        Column("所在镇街", lambda c: c.union.town.name if c.union.town_id else ""),
        Column("用人单位", lambda c: c.employer.name if c.employer_id else ""),
        Column("行业", lambda c: c.get_industry_display() if c.industry else ""),
        Column("区域", lambda c: c.area),
        Column("签订日期", lambda c: c.signed_on),
        Column("生效起始日期", lambda c: c.starts_on),
        Column("期满日期", lambda c: c.ends_on),
        Column("报送日期", lambda c: c.submitted_on or ""),
        Column("生效日期", lambda c: c.effective_on or ""),
        Column("状态", lambda c: c.get_state_display()),
        Column(
            "工资增长幅度（%）",
            lambda c: c.wage_increase_pct if c.wage_increase_pct is not None else "",
        ),
        Column("覆盖职工人数", lambda c: c.workers_covered),
        Column("覆盖单位数", lambda c: c.covered_count),
        Column("续签自", lambda c: c.renews.title if c.renews_id else ""),
    ),
    list_url="democracy:contract_list",
    audit_action="democracy.contract.exported",
)

RATE_EMPLOYERS = ListExport(
    name="democracy.contract_rates",
    label="集体合同建制情况",
    permission=STATS,
    filter_form=RateFilterForm,
    rows=lambda user, filters: rate_list(user=user, filters=filters),
    columns=(
        Column("单位名称", lambda e: e.name),
        Column("统一社会信用代码", lambda e: e.uscc, text=True),
        Column("所在镇街", lambda e: e.town.name),
        Column("基层工会", lambda e: e.union.name if e.union_id else ""),
        Column("经济类型", lambda e: e.get_ownership_display()),
        Column("世界500强", lambda e: "是" if e.is_fortune500 else "否"),
        Column("职工人数", lambda e: e.headcount),
    ),
    list_url="democracy:contract_rates",
    audit_action="democracy.contract_rates.exported",
)

OFFERS = ListExport(
    name="democracy.offers",
    label="协商要约",
    permission=VIEW,
    filter_form=OfferFilterForm,
    rows=lambda user, filters: offer_list(user=user, filters=filters),
    columns=(
        Column("要约行动", lambda o: o.campaign.name),
        Column("单位", lambda o: o.employer.name),
        Column("发出日期", lambda o: o.sent_on),
        Column("应答复日期", lambda o: o.answer_due),
        Column("答复", lambda o: o.get_answer_display()),
        Column("答复日期", lambda o: o.answered_on or ""),
        Column("结果", lambda o: o.get_outcome_display()),
        Column("签订的合同", lambda o: o.contract.title if o.contract_id else ""),
    ),
    list_url="democracy:offer_list",
    audit_action="democracy.offers.exported",
)

CONTRACT_EXPORTS = [CONTRACTS, RATE_EMPLOYERS, OFFERS]
