"""What the rights app puts in the kernel's registry: permissions, menu, the lawyer's role
rule, the daily overdue check."""

import datetime

from gonghui.accounts.roles import DISTRICT, STAFF, Role
from gonghui.core.clock import today
from gonghui.core.periodic import PeriodicJob, register_periodic
from gonghui.core.registry import (
    MenuItem,
    register_menu,
    register_menu_section,
    register_permissions,
)
from gonghui.core.scope import register_role_rule


def register() -> None:
    from .models import Case
    from .services.overdue import OVERDUE_GRANTS, OVERDUE_JOB, OVERDUE_TITLE, cases_mark_overdue

    # Staff register and assign; a lawyer handles only assigned cases (the role rule below);
    # panel set-up is district-level; figures for staff (RIGHTS-1…5).
    register_permissions(
        {
            "rights.view": ("查看维权案件", STAFF | {Role.LAWYER}),
            "rights.register": ("登记与交办维权案件", STAFF),
            "rights.handle": ("办理维权案件", STAFF | {Role.LAWYER}),
            "rights.manage": ("管理工作站与律师团", DISTRICT),
            "rights.stats": ("查看维权统计", STAFF),
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
