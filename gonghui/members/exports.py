"""The members app's list exports (core.exports): the member roster (MEM-5), transfers
(MEM-3) and online joining applications (MEM-4), each as its list page filters it.

RIC and phone are masked unless the user asks for them in full and holds
members.view_full_id; either way the export is audited with its filters and row count.
"""

from django.utils import timezone

from gonghui.core.exports import Column, ListExport
from gonghui.core.ids import mask_phone, mask_ric

from .forms import JoiningFilterForm, MemberFilterForm, TransferFilterForm
from .queries import joining_list, member_list, transfer_list


def _yes(attr: str):
    return lambda m: getattr(m, attr)


MEMBER_COLUMNS = (
    Column("姓名", lambda m: m.name),
    Column("身份证号", lambda m: mask_ric(m.ric), full=lambda m: m.ric, text=True),
    Column("性别", lambda m: m.get_sex_display()),
    Column("出生日期", lambda m: m.birth_date),
    Column("手机号", lambda m: mask_phone(m.phone), full=lambda m: m.phone, text=True),
    Column("所属基层工会", lambda m: m.union.name),
    Column("工作单位", lambda m: m.employer.name if m.employer else ""),
    Column("入会日期", lambda m: m.joined_on),
    Column("学历", lambda m: m.get_education_display()),
    Column("民族", lambda m: m.ethnicity),
    Column("农民工", _yes("is_migrant_worker")),
    Column("劳务派遣工", _yes("is_dispatched")),
    Column("新就业形态劳动者", _yes("is_new_form_worker")),
    Column("劳模", _yes("is_model_worker")),
    Column("会籍状态", lambda m: m.get_status_display()),
)

MEMBERS = ListExport(
    name="members.members",
    label="会员名册",
    permission="members.view",
    filter_form=MemberFilterForm,
    rows=lambda user, filters: member_list(user=user, filters=filters),
    columns=MEMBER_COLUMNS,
    list_url="members:member_list",
    full_permission="members.view_full_id",
    audit_action="members.member.exported",
)


def _local(moment):
    """A time as the page shows it (site time zone), to the minute."""
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def _name(row, attr: str) -> str:
    related = getattr(row, attr)
    return related.name if related else ""


TRANSFER_COLUMNS = (
    Column("接转编号", lambda t: str(t.pk), text=True),  # a str: an int is written as a number
    Column("会员", lambda t: t.member.name),
    Column("身份证号", lambda t: mask_ric(t.member.ric), full=lambda t: t.member.ric, text=True),
    Column("转出工会", lambda t: t.from_union.name),
    Column("转入工会", lambda t: t.to_union.name),
    Column("原工作单位", lambda t: _name(t, "from_employer")),
    Column("新工作单位", lambda t: _name(t, "to_employer")),
    Column("申请方", lambda t: t.get_requested_by_side_display()),
    Column("接转原因", lambda t: t.reason),
    Column("申请时间", lambda t: _local(t.created_at)),
    Column("状态", lambda t: t.get_state_display()),
)

TRANSFERS = ListExport(
    name="members.transfers",
    label="会籍接转",
    permission="members.view",
    filter_form=TransferFilterForm,
    rows=lambda user, filters: transfer_list(user=user, filters=filters),
    columns=TRANSFER_COLUMNS,
    list_url="members:transfer_list",
    full_permission="members.view_full_id",
    audit_action="members.transfer.exported",
)

JOINING_COLUMNS = (
    Column("申请编号", lambda a: a.number, text=True),
    Column("姓名", lambda a: a.name),
    Column("身份证号", lambda a: mask_ric(a.ric), full=lambda a: a.ric, text=True),
    Column("手机号", lambda a: mask_phone(a.phone), full=lambda a: a.phone, text=True),
    Column("工作单位", lambda a: a.employer.name),
    Column("审核工会", lambda a: a.deciding_org.name),
    Column("提交时间", lambda a: _local(a.created_at)),
    Column("状态", lambda a: a.get_state_display()),
    Column("审核意见", lambda a: a.decision_reason),
)

JOINING = ListExport(
    name="members.joining",
    label="网上入会申请",
    permission="members.approve_joining",
    filter_form=JoiningFilterForm,
    rows=lambda user, filters: joining_list(user=user, filters=filters),
    columns=JOINING_COLUMNS,
    list_url="members:joining_list",
    full_permission="members.view_full_id",
    audit_action="members.joining.exported",
)

EXPORTS = (MEMBERS, TRANSFERS, JOINING)
