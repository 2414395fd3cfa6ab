"""The rights app's list exports (core.exports): cases, the due list, legal-service events
and the statistics page's tables, each as its page filters it.

The worker's phone is masked unless the user asks for it in full and holds
rights.view_full_contact (registrations.py); every export is audited with its filters.
"""

from gonghui.core.exports import Column, ListExport
from gonghui.core.ids import mask_phone

from . import queries
from .forms import CaseFilterForm, CasesDueFilterForm, EventFilterForm, StatsForm


def _name(row, attr: str) -> str:
    related = getattr(row, attr)
    return related.name if related else ""


CASE_COLUMNS = (
    Column("编号", lambda c: c.number, text=True),
    Column("查询码", lambda c: c.tracking_code or "", text=True),
    Column("收到日期", lambda c: c.received_on),
    Column("类别", lambda c: c.get_kind_display()),
    Column("渠道", lambda c: c.get_channel_display()),
    Column("事项", lambda c: c.get_subject_display()),
    Column("联系人", lambda c: c.contact_name),
    Column(
        "联系电话",
        lambda c: mask_phone(c.contact_phone),
        full=lambda c: c.contact_phone,
        text=True,
    ),
    Column("用人单位", lambda c: c.employer_name),
    Column("镇街", lambda c: c.town.name if c.town else "区总工会"),
    Column("工作站", lambda c: _name(c, "station")),
    Column("律师", lambda c: _name(c, "lawyer")),
    Column("状态", lambda c: c.get_state_display()),
    Column("期限", lambda c: c.deadline or ""),
    Column("涉及职工人数", lambda c: c.workers_involved),
    Column("争议金额（元）", lambda c: c.amount_claimed),
    Column("追回金额（元）", lambda c: c.amount_recovered),
    Column("办结日期", lambda c: c.concluded_on or ""),
)

CASES = ListExport(
    name="rights.cases",
    label="维权案件",
    permission="rights.view",
    filter_form=CaseFilterForm,
    rows=lambda user, filters: queries.case_list(user=user, filters=filters),
    columns=CASE_COLUMNS,
    list_url="rights:case_list",
    full_permission="rights.view_full_contact",
    audit_action="rights.case.exported",
)

CASES_DUE = ListExport(
    name="rights.cases_due",
    label="到期与超期案件",
    permission="rights.view",
    filter_form=CasesDueFilterForm,
    rows=lambda user, filters: queries.cases_due_rows(user=user, filters=filters),
    columns=CASE_COLUMNS,
    list_url="rights:cases_due",
    full_permission="rights.view_full_contact",
    audit_action="rights.case.exported",
)

EVENTS = ListExport(
    name="rights.events",
    label="法律服务活动",
    permission="rights.view",
    filter_form=EventFilterForm,
    rows=lambda user, filters: queries.event_list(user=user, filters=filters),
    columns=(
        Column("日期", lambda e: e.held_on),
        Column("类型", lambda e: e.get_kind_display()),
        Column("主题", lambda e: e.title),
        Column("镇街", lambda e: e.town.name),
        Column("地点", lambda e: e.place),
        Column("主办单位", lambda e: e.organizers),
        Column("参加人数", lambda e: e.attendance),
        Column("备注", lambda e: e.notes),
    ),
    list_url="rights:event_list",
    audit_action="rights.event.exported",
)

STATS = ListExport(
    name="rights.stats",
    label="维权统计",
    permission="rights.stats",
    filter_form=StatsForm,
    rows=lambda user, filters: queries.stats_rows(user=user, filters=filters),
    columns=(
        Column("表", lambda r: r[0]),
        Column("项目", lambda r: r[1]),
        Column("件数/数值", lambda r: r[2]),
        Column("涉及职工", lambda r: r[3]),
        Column("金额（元）", lambda r: r[4]),
    ),
    list_url="rights:stats",
    audit_action="rights.stats.exported",
)

EXPORTS = (CASES, CASES_DUE, EVENTS, STATS)
