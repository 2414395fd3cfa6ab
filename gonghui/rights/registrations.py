"""What the rights app puts in the kernel's registry: permissions, menu, the lawyer's role
rule, the daily overdue check, the home page's to-dos (cases past or near their limit) and
a lawyer's own cases by deadline; the report's case figures as indicators (indicators.py)."""

import datetime

from django.conf import settings

from gonghui.accounts.roles import DISTRICT, STAFF, Role
from gonghui.core.audit import register_actions
from gonghui.core.clock import today
from gonghui.core.exports import register_list_export
from gonghui.core.periodic import PeriodicJob, register_periodic
from gonghui.core.registry import (
    MenuItem,
    PortalPage,
    Todo,
    Widget,
    register_menu,
    register_menu_section,
    register_permissions,
    register_portal_page,
    register_todo,
    register_widget,
)
from gonghui.core.scope import register_role_rule


def register() -> None:
    from . import indicators
    from .models import Case

    indicators.register()
    from .services.overdue import OVERDUE_GRANTS, OVERDUE_JOB, OVERDUE_TITLE, cases_mark_overdue

    # Staff register and assign; a lawyer handles only assigned cases (the role rule below);
    # panel set-up is district-level; figures for staff (RIGHTS-1…5).
    register_portal_page(
        PortalPage(
            "complaint",
            "投诉咨询",
            "反映劳动权益问题，取得查询码跟进办理。",
            "rights:complaint_new",
            20,
        )
    )
    register_portal_page(
        PortalPage(
            "complaint_track",
            "投诉进度查询",
            "凭查询码查看办理进度与结果，办结后评价。",
            "rights:complaint_track",
            21,
        )
    )
    register_permissions(
        {
            "rights.view": ("查看维权案件", STAFF | {Role.LAWYER}),
            "rights.register": ("登记与交办维权案件", STAFF),
            "rights.handle": ("办理维权案件", STAFF | {Role.LAWYER}),
            "rights.manage": ("管理工作站与律师团", DISTRICT),
            "rights.stats": ("查看维权统计", STAFF),
            # The worker's phone in full in an export (audited); on the pages it is masked.
            # Those who register and follow cases up by phone, as members.view_full_id.
            "rights.view_full_contact": (
                "导出完整联系电话",
                {Role.DISTRICT_ADMIN, Role.TOWN_STAFF},
            ),
        }
    )
    # A station lawyer sees only the cases assigned to them (RIGHTS-2).
    register_role_rule(Case, Role.LAWYER, lambda qs, user: qs.filter(lawyer__user=user))
    register_menu_section("rights", "维权服务", 30)
    register_menu(
        MenuItem("rights", "rights", "维权服务", "rights:case_list", "rights.view", 10),
    )
    # The one way to run it: `manage.py periodic` (docs/rights.md, docs/operations.md).
    register_periodic(
        PeriodicJob(
            name=OVERDUE_JOB,
            title=OVERDUE_TITLE,
            every=datetime.timedelta(days=1),
            run=lambda actor: cases_mark_overdue(today=today(), actor=actor).as_dict(),
            grants=OVERDUE_GRANTS,
        )
    )
    register_home()
    register_exports()


def register_exports() -> None:
    from . import exports

    for spec in exports.EXPORTS:
        register_list_export(spec)
    register_actions(
        {
            "rights.case.exported": "导出维权案件",
            "rights.event.exported": "导出法律服务活动",
            "rights.stats.exported": "导出维权统计",
        }
    )


def register_home() -> None:
    """The inbox counts the very list its link opens (queries.case_list with `due`), so the
    two always agree; a lawyer's are their own cases through the role rule."""
    from . import queries

    def due(which: str):
        return lambda user: queries.case_list(user=user, filters={"due": which}).count()

    register_todo(
        Todo(
            name="rights.cases_overdue",
            label="已超期的维权案件",
            permission="rights.handle",
            count=due("overdue"),
            url="rights:case_list?due=overdue",
            order=30,
            tone="urgent",
        )
    )
    register_todo(
        Todo(
            name="rights.cases_due_soon",
            label=f"{settings.RIGHTS_DUE_SOON_DAYS}天内到期的维权案件",
            permission="rights.handle",
            count=due("soon"),
            url="rights:case_list?due=soon",
            order=40,
        )
    )
    register_widget(
        Widget(
            name="rights.my_cases",
            template="rights/widgets/my_cases.html",
            context=lambda user: queries.my_cases(user=user),
            permission="rights.handle",
            order=5,
        )
    )
