"""The orgs app's list exports (core.exports): each list of the app to .xlsx as it is
filtered on its page (issue #10, Lists): organizations, employers (ORG-2), terms due
(ORG-5), two-displays coverage (ORG-6)."""

from typing import Any

from django.conf import settings

from gonghui.core.clock import today
from gonghui.core.exports import Column, ListExport
from gonghui.core.ids import mask_phone

from .forms import (
    CoverageFilterForm,
    EmployerFilterForm,
    ImportChangeFilterForm,
    OrganizationFilterForm,
    TermFilterForm,
)
from .queries import (
    coverage_total,
    display_coverage,
    employer_import_change_rows,
    employer_list,
    organization_list,
    terms_due_rows,
)


def _yes(value: Any) -> str:
    return "是" if value else "否"


EMPLOYER_COLUMNS = (
    Column("单位名称", lambda e: e.name),
    Column("统一社会信用代码", lambda e: e.uscc, text=True),
    Column("经济类型", lambda e: e.get_ownership_display()),
    Column("行业", lambda e: e.get_industry_display()),
    Column("职工人数", lambda e: e.headcount),
    Column("所在镇街", lambda e: e.town.name),
    Column("所属基层工会", lambda e: e.union.name if e.union else ""),
    Column("建会日期", lambda e: e.union.established_on if e.union else None),
    Column("劳务派遣企业", lambda e: _yes(e.is_labor_dispatch)),
    Column("世界500强", lambda e: _yes(e.is_fortune500)),
    Column("地址", lambda e: e.address),
)

EMPLOYERS = ListExport(
    name="orgs.employers",
    label="用人单位",
    permission="employers.view",
    filter_form=EmployerFilterForm,
    rows=lambda user, filters: employer_list(user=user, filters=filters),
    columns=EMPLOYER_COLUMNS,
    list_url="orgs:employer_list",
)

# The chair's phone is masked unless exported in full by who may edit organizations (who
# see and type it on the organization's form anyway); the export is audited either way.
ORGANIZATION_COLUMNS = (
    Column("组织编号", lambda o: str(o.pk), text=True),
    Column("名称", lambda o: o.name),
    Column("统一社会信用代码", lambda o: o.uscc or "", text=True),
    Column("类型", lambda o: o.get_kind_display()),
    Column("组建形式", lambda o: o.get_form_display()),
    Column("上级组织", lambda o: o.parent.name if o.parent else ""),
    Column("所在镇街", lambda o: o.town.name if o.town else ""),
    Column("成立日期", lambda o: o.established_on),
    Column("工会主席", lambda o: o.chair_name),
    Column(
        "联系电话", lambda o: mask_phone(o.chair_phone), full=lambda o: o.chair_phone, text=True
    ),
    Column("会员人数", lambda o: o.member_count),
    Column("女会员人数", lambda o: o.female_member_count),
    Column("亮牌子", lambda o: _yes(o.signboard_displayed)),
    Column("亮身份", lambda o: _yes(o.chair_identity_displayed)),
    Column("女职工组织", lambda o: o.get_women_org_display()),
    Column("状态", lambda o: "有效" if o.is_active else "已撤销"),
)

ORGANIZATIONS = ListExport(
    name="orgs.organizations",
    label="工会组织",
    permission="orgs.view",
    filter_form=OrganizationFilterForm,
    rows=lambda user, filters: organization_list(user=user, filters=filters),
    columns=ORGANIZATION_COLUMNS,
    list_url="orgs:organization_list",
    full_permission="orgs.edit",
)


def _term_rows(user: Any, filters: dict[str, Any]):
    return terms_due_rows(user=user, today=today(), days=settings.TERM_ALERT_DAYS, filters=filters)


def _term_state(term: Any) -> str:
    left = term.days_left(today())
    return f"逾期 {-left} 天" if left < 0 else ("今日届满" if left == 0 else f"剩余 {left} 天")


TERMS = ListExport(
    name="orgs.terms",
    label="换届提醒",
    permission="orgs.view",
    filter_form=TermFilterForm,
    rows=_term_rows,
    columns=(
        Column("工会", lambda t: t.organization.name),
        Column("组织编号", lambda t: str(t.organization_id), text=True),
        Column("所在镇街", lambda t: t.organization.town.name if t.organization.town else ""),
        Column("届次", lambda t: f"第{t.number}届"),
        Column("任期开始", lambda t: t.starts_on),
        Column("届满日期", lambda t: t.ends_on),
        Column("届满情况", _term_state),
        Column("批复文号", lambda t: t.approval_doc_no),
    ),
    list_url="orgs:terms",
)


def _coverage_rows(user: Any, filters: dict[str, Any]) -> list[Any]:
    """The table as the page shows it: one row a town or system, then the total."""
    rows = display_coverage(user=user, filters=filters)
    return [*rows, coverage_total(rows)]


def _unit(row: Any) -> str:
    if row.unit is None:
        return "合计"
    return f"{row.unit.name}（直属基层工会）" if row.direct else row.unit.name


COVERAGE = ListExport(
    name="orgs.coverage",
    label="双亮与女职工组织覆盖情况",
    permission="orgs.view",
    filter_form=CoverageFilterForm,
    rows=_coverage_rows,
    columns=(
        Column("镇街 / 系统", _unit),
        Column("基层工会", lambda r: r.unions),
        Column("双亮", lambda r: r.dual_display),
        Column("双亮率", lambda r: r.dual_display_rate),
        Column("建立女职工组织", lambda r: r.women_org),
        Column("覆盖率", lambda r: r.women_org_rate),
    ),
    list_url="orgs:coverage",
)


def _change_text(change: Any) -> str:
    return "；".join(f"{c.label}：{c.before} → {c.after}" for c in change.changes)


IMPORT_CHANGES = ListExport(
    name="orgs.employer_import_changes",
    label="用人单位导入变更",
    permission="employers.view",
    filter_form=ImportChangeFilterForm,
    rows=lambda user, filters: employer_import_change_rows(user=user, filters=filters),
    columns=(
        Column("导入编号", lambda c: c.run.pk),
        Column("行号", lambda c: c.row),
        Column("单位名称", lambda c: c.employer.name),
        Column("统一社会信用代码", lambda c: c.employer.uscc, text=True),
        Column("变更（原值 → 新值）", _change_text),
    ),
    list_url="orgs:employer_import_change_list",
)

EXPORTS = (ORGANIZATIONS, EMPLOYERS, TERMS, COVERAGE, IMPORT_CHANGES)
