"""The orgs app's list exports (core.exports): the employer register (ORG-2)."""

from gonghui.core.exports import Column, ListExport

from .forms import EmployerFilterForm
from .queries import employer_list

EMPLOYER_COLUMNS = (
    Column("单位名称", lambda e: e.name),
    Column("统一社会信用代码", lambda e: e.uscc, text=True),
    Column("经济类型", lambda e: e.get_ownership_display()),
    Column("行业", lambda e: e.get_industry_display()),
    Column("职工人数", lambda e: e.headcount),
    Column("所在镇街", lambda e: e.town.name),
    Column("所属基层工会", lambda e: e.union.name if e.union else ""),
    Column("劳务派遣企业", lambda e: e.is_labor_dispatch),
    Column("世界500强", lambda e: e.is_fortune500),
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

EXPORTS = (EMPLOYERS,)
