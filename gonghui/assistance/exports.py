"""The assistance app's list exports (core.exports). Each part appends its ListExports to
`EXPORTS` here and registers them from its own `register_<part>()` (registrations.py).

The RIC is masked unless the user asks for it in full and holds assistance.view_full_id;
every export is audited with its filters and row count."""

from gonghui.core.exports import Column, ListExport
from gonghui.core.identity import mask
from gonghui.core.ids import mask_ric

from .forms.files import FileFilterForm
from .forms.grants import GrantFilterForm
from .forms.records import ServiceFilterForm
from .queries import files as file_queries
from .queries.grants import grant_list
from .queries.records import service_list

FILE_COLUMNS = (
    Column("档案编号", lambda f: f.number, text=True),
    Column("姓名", lambda f: f.name),
    Column("身份证号", lambda f: mask_ric(f.ric), full=lambda f: f.ric, text=True),
    Column("困难类别", lambda f: f.get_category_display()),
    Column("致困原因", lambda f: f.get_cause_display()),
    Column("共同生活人数", lambda f: f.household_size),
    Column("家庭年可支配收入（元）", lambda f: f.annual_income),
    Column("家庭年刚性支出（元）", lambda f: f.essential_expenses),
    Column("人均月收入（元）", lambda f: f.per_head_monthly),
    Column("适用低保标准（元）", lambda f: f.living_standard),
    Column("建档工会", lambda f: f.union.name),
    Column("镇街", lambda f: f.town.name if f.town else ""),
    Column("状态", lambda f: f.get_state_display()),
    Column("建档日期", lambda f: f.opened_on),
    Column("审批日期", lambda f: f.approved_on or ""),
    Column("帮扶联系人", lambda f: f.contact_name),
    Column("最近走访", lambda f: f.last_visit_on or ""),
    Column("下次走访期限", lambda f: f.visit_due or ""),
    Column("年度复核期限", lambda f: f.review_due or ""),
    Column("退档日期", lambda f: f.exited_on or ""),
)

FILES = ListExport(
    name="assistance.files",
    label="困难职工档案",
    permission="assistance.view",
    filter_form=FileFilterForm,
    rows=lambda user, filters: file_queries.file_list(user=user, filters=filters),
    columns=FILE_COLUMNS,
    list_url="assistance:file_list",
    full_permission="assistance.view_full_id",
    audit_action="assistance.file.exported",
)

FILE_EXPORTS = [FILES]
EXPORTS: list[ListExport] = [*FILE_EXPORTS]


# ---- service records (CARE-4) and in-kind deliveries (CARE-2) -------------------------------


def _recipient(record) -> str:
    if record.employer_id:
        return record.employer.name
    if record.recipient_union_id:
        return record.recipient_union.name
    return record.site


SERVICES = ListExport(
    name="assistance.services",
    label="服务记录",
    permission="assistance.view",
    filter_form=ServiceFilterForm,
    rows=lambda user, filters: service_list(user=user, filters=filters),
    columns=(
        Column("编号", lambda r: r.number, text=True),
        Column("日期", lambda r: r.held_on),
        Column("类别", lambda r: r.get_kind_display()),
        Column("名称", lambda r: r.title),
        Column("组织单位", lambda r: r.organizer.name),
        Column("所属项目", lambda r: str(r.program) if r.program_id else ""),
        Column("对象", lambda r: r.get_recipient_display()),
        Column("受赠单位或场所", _recipient),
        Column("物品", lambda r: r.item),
        Column("数量", lambda r: r.quantity),
        Column("物品价值（元）", lambda r: r.value),
        Column("慰问金或补助金额（元）", lambda r: r.amount),
        Column("受益人数", lambda r: r.head_count),
        Column("逐人登记", lambda r: "是" if r.named else "否"),
    ),
    list_url="assistance:service_list",
    audit_action="assistance.service.exported",
)
SERVICE_EXPORTS = [SERVICES]
EXPORTS += SERVICE_EXPORTS


# ---- grants (CARE-2) -------------------------------------------------------------------------


def _grant_columns():
    return (
        Column("申请编号", lambda g: g.number, text=True),
        Column("项目", lambda g: str(g.program)),
        Column("类别", lambda g: g.program.kind.name),
        Column("姓名", lambda g: g.name),
        Column("身份证号", lambda g: mask_ric(g.ric), full=lambda g: g.ric, text=True),
        Column("金额（元）", lambda g: g.amount),
        Column("申报工会", lambda g: g.union.name),
        Column("镇街", lambda g: g.town.name if g.town else ""),
        Column(
            "困难类别",
            lambda g: g.hardship_file.get_category_display() if g.hardship_file_id else "",
        ),
        Column("子女姓名", lambda g: g.child_name),
        Column("录取学校", lambda g: g.school),
        Column("开户银行", lambda g: g.bank_name),
        Column("银行账号", lambda g: mask(g.account_last4), full=lambda g: g.account, text=True),
        Column("状态", lambda g: g.get_state_display()),
        Column("申请日期", lambda g: g.submitted_on),
        Column("批准日期", lambda g: g.approved_on or ""),
        Column("发放日期", lambda g: g.paid_on or ""),
    )


def _grant_rows(user, filters):
    return grant_list(user=user, filters=filters).select_related("hardship_file")


GRANTS = ListExport(
    name="assistance.grants",
    label="帮扶资金",
    permission="assistance.view",
    filter_form=GrantFilterForm,
    rows=_grant_rows,
    columns=_grant_columns(),
    list_url="assistance:grant_list",
    full_permission="assistance.view_full_id",
    audit_action="assistance.grant.exported",
)
GRANT_EXPORTS = [GRANTS]
EXPORTS += GRANT_EXPORTS
