"""The members app's list exports (core.exports): the member roster (MEM-5).

RIC and phone are masked unless the user asks for them in full and holds
members.view_full_id; either way the export is audited with its filters and row count.
"""

from gonghui.core.exports import Column, ListExport
from gonghui.core.ids import mask_phone, mask_ric

from .forms import MemberFilterForm
from .queries import member_list


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

EXPORTS = (MEMBERS,)
