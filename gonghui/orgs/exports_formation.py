"""The formation lists' exports (core.exports): targets, contacts, foundings (ORG-3)."""

from gonghui.core.exports import Column, ListExport

from .forms_formation import ContactFilterForm, FoundingFilterForm, TargetFilterForm
from .queries_formation import VIEW, formation_contacts, formation_targets, foundings


def _yes(value: object) -> str:
    return "是" if value else "否"


TARGETS = ListExport(
    name="orgs.formation_targets",
    label="组建目标",
    permission=VIEW,
    filter_form=TargetFilterForm,
    rows=lambda user, filters: formation_targets(user=user, filters=filters),
    columns=(
        Column("单位名称", lambda e: e.name),
        Column("统一社会信用代码", lambda e: e.uscc, text=True),
        Column("所在镇街", lambda e: e.town.name),
        Column("行业", lambda e: e.get_industry_display()),
        Column("职工人数", lambda e: e.headcount),
        Column("已缴纳工会筹备金", lambda e: _yes(e.is_lead)),
        Column("劳务派遣企业", lambda e: _yes(e.is_labor_dispatch)),
        Column("最近联系日期", lambda e: e.last_contacted_on),
        Column("地址", lambda e: e.address),
    ),
    list_url="orgs:formation_targets",
)

CONTACTS = ListExport(
    name="orgs.formation_contacts",
    label="组建联系记录",
    permission=VIEW,
    filter_form=ContactFilterForm,
    rows=lambda user, filters: formation_contacts(user=user, filters=filters),
    columns=(
        Column("联系日期", lambda c: c.contacted_on),
        Column("单位名称", lambda c: c.employer.name),
        Column("所在镇街", lambda c: c.employer.town.name),
        Column("联系方式", lambda c: c.get_method_display()),
        Column("单位联系人", lambda c: c.contact_person),
        Column("结果", lambda c: c.get_outcome_display()),
        Column("情况记录", lambda c: c.note),
    ),
    list_url="orgs:formation_contacts",
)

FOUNDINGS = ListExport(
    name="orgs.formation_foundings",
    label="新建工会",
    permission=VIEW,
    filter_form=FoundingFilterForm,
    rows=lambda user, filters: foundings(user=user, filters=filters),
    columns=(
        Column("成立日期", lambda f: f.founded_on),
        Column("工会", lambda f: f.union.name),
        Column("单位名称", lambda f: f.employer.name),
        Column("所在镇街", lambda f: f.employer.town.name),
        Column("劳务派遣企业", lambda f: _yes(f.employer.is_labor_dispatch)),
        Column("首任工会主席", lambda f: f.first_chair),
        Column("成立时会员人数", lambda f: f.founding_members),
    ),
    list_url="orgs:formation_foundings",
)

EXPORTS = (TARGETS, CONTACTS, FOUNDINGS)
