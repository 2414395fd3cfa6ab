"""The activity and registration lists' exports (core.exports): the lists' own queries, so
scope holds; a member's phone is masked (the desk needs the last 4 only)."""

from django.utils import timezone

from gonghui.core.exports import Column, ListExport
from gonghui.core.identity import mask

from ..forms.activities import ActivityFilterForm, RegistrationFilterForm
from ..queries.activities import VIEW, activity_list, registration_list


def _at(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


ACTIVITIES = ListExport(
    name="activities.activities",
    label="文体活动",
    permission=VIEW,
    filter_form=ActivityFilterForm,
    rows=lambda user, filters: activity_list(user=user, filters=filters),
    columns=(
        Column("年度", lambda a: a.year),
        Column("活动名称", lambda a: a.name),
        Column("活动类型", lambda a: a.get_kind_display()),
        Column("主办工会", lambda a: a.organizer.name),
        Column("开始时间", lambda a: _at(a.starts_at)),
        Column("结束时间", lambda a: _at(a.ends_at)),
        Column("地点", lambda a: a.place),
        Column("名额", lambda a: a.capacity or "不限"),
        Column("报名开始", lambda a: a.registration_opens_on or ""),
        Column("报名截止", lambda a: a.registration_closes_on or ""),
        Column("已确认", lambda a: a.confirmed_count),
        Column("候补", lambda a: a.waitlisted_count),
        Column("已签到", lambda a: a.checked_in_count),
        Column("状态", lambda a: a.get_state_display()),
    ),
    list_url="activities:activity_list",
    audit_action="activities.activity.exported",
)

REGISTRATIONS = ListExport(
    name="activities.registrations",
    label="活动报名",
    permission=VIEW,
    filter_form=RegistrationFilterForm,
    rows=lambda user, filters: registration_list(user=user, filters=filters),
    columns=(
        Column("活动", lambda r: r.activity.name),
        Column("报名顺序", lambda r: r.position),
        Column("姓名", lambda r: r.member.name),
        Column(
            "手机号", lambda r: mask(r.member.phone_last4), full=lambda r: r.member.phone, text=True
        ),
        Column("工会", lambda r: r.union.name),
        Column("报名方式", lambda r: r.get_source_display()),
        Column("状态", lambda r: r.get_state_display()),
        Column("报名时间", lambda r: _at(r.registered_at)),
        Column("签到时间", lambda r: _at(r.checked_in_at)),
        Column("成绩", lambda r: r.result),
        Column("获奖", lambda r: r.prize),
    ),
    list_url="activities:registration_list",
    full_permission="members.view_full_id",  # the roster's own rule for whole numbers
    audit_action="activities.registration.exported",
)
EXPORTS = [ACTIVITIES, REGISTRATIONS]
