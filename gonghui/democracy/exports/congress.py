"""The congress lists' exports (core.exports): the lists' own queries, so scope and filters
hold; run as the export job."""

from gonghui.core.exports import Column, ListExport

from ..choices import DisclosureItem, DisclosureMethod
from ..forms.congress import EmployerFilterForm, RecordFilterForm, SessionFilterForm
from ..queries.congress import VIEW, employer_rows, record_list, session_list


def _yes(value: bool) -> str:
    return "是" if value else "否"


def _labels(choices, codes: list[str]) -> str:
    return "、".join(choices(c).label for c in codes if c in choices.values)


SESSIONS = ListExport(
    name="democracy.congress_sessions",
    label="职代会",
    permission=VIEW,
    filter_form=SessionFilterForm,
    rows=lambda user, filters: session_list(user=user, filters=filters),
    columns=(
        Column("用人单位", lambda s: s.employer.name),
        Column("统一社会信用代码", lambda s: s.employer.uscc, text=True),
        Column("基层工会", lambda s: s.union.name),
        Column("形式", lambda s: s.get_form_display()),
        Column("届次", lambda s: s.term_number or ""),
        Column("会次", lambda s: s.session_number or ""),
        Column("召开日期", lambda s: s.held_on),
        Column("职工总数", lambda s: s.workers_total),
        Column("应到人数", lambda s: s.delegates_total),
        Column("实到人数", lambda s: s.delegates_attended),
        Column("符合召开条件", lambda s: _yes(s.is_quorate)),
        Column("一线职工代表", lambda s: s.frontline_delegates),
        Column("中高层管理人员代表", lambda s: s.manager_delegates),
        Column("女职工代表", lambda s: s.women_delegates),
        Column("审议事项", lambda s: s.agenda),
        Column("决议", lambda s: s.resolutions),
    ),
    list_url="democracy:congress_list",
    audit_action="democracy.congress_sessions.exported",
)

RECORDS = ListExport(
    name="democracy.open_affairs",
    label="厂务公开",
    permission=VIEW,
    filter_form=RecordFilterForm,
    rows=lambda user, filters: record_list(user=user, filters=filters),
    columns=(
        Column("用人单位", lambda r: r.employer.name),
        Column("统一社会信用代码", lambda r: r.employer.uscc, text=True),
        Column("基层工会", lambda r: r.union.name),
        Column("年度", lambda r: r.year),
        Column("公开事项", lambda r: _labels(DisclosureItem, r.items)),
        Column("公开形式", lambda r: _labels(DisclosureMethod, r.methods)),
        Column("公开频次", lambda r: r.get_frequency_display()),
        Column("监督小组", lambda r: _yes(r.has_supervision_group)),
        Column("最近一次公开", lambda r: r.last_disclosed_on or ""),
        Column("已建制", lambda r: _yes(r.is_complete)),
    ),
    list_url="democracy:open_affairs_list",
    audit_action="democracy.open_affairs.exported",
)

EMPLOYERS = ListExport(
    name="democracy.congress_employers",
    label="职代会和厂务公开建制单位",
    permission=VIEW,
    filter_form=EmployerFilterForm,
    rows=lambda user, filters: employer_rows(user=user, filters=filters),
    columns=(
        Column("用人单位", lambda e: e.name),
        Column("统一社会信用代码", lambda e: e.uscc, text=True),
        Column("经济类型", lambda e: e.get_ownership_display()),
        Column("镇街", lambda e: e.town.name),
        Column("基层工会", lambda e: e.union.name if e.union_id else ""),
        Column("职工人数", lambda e: e.headcount),
        Column("职代会", lambda e: "已召开" if e.has_congress else "未召开"),
        Column("最近一次职代会", lambda e: e.last_congress or ""),
        Column("厂务公开", lambda e: "已建制" if e.has_open_affairs else "未建制"),
    ),
    list_url="democracy:congress_employers",
    audit_action="democracy.congress_employers.exported",
)
CONGRESS_EXPORTS = [SESSIONS, RECORDS, EMPLOYERS]
