"""What the reports app puts in the kernel's registry: the statistics section of the menu
(统计报表) and its permissions. Its pages and widgets register here too."""

from gonghui.accounts.roles import STAFF, Role
from gonghui.core.audit import register_actions
from gonghui.core.exports import register_list_export
from gonghui.core.registry import (
    MenuItem,
    Widget,
    register_menu,
    register_menu_section,
    register_permissions,
    register_widget,
)


def register() -> None:
    register_permissions(
        {
            # The statistics pages: staff and the auditor, who checks the figures; each
            # figure is shown only with its own indicator's permission as well.
            "reports.view": ("查看统计报表", STAFF | {Role.AUDITOR}),
            # REPORT-2: the district sets its own and the towns' targets, a town its
            # grassroots unions' (reports.services checks the level).
            "reports.targets.set": ("设定目标", STAFF),
        }
    )
    register_menu_section("reports", "统计报表", 80)
    register_menu(MenuItem("reports", "targets", "目标管理", "reports:targets", "reports.view", 20))
    register_stats()
    from . import audit_actions  # noqa: F401  (the targets' audit labels)


def register_stats() -> None:
    """The indicator catalog's pages (REPORT-1): the menu item, the catalog's export, and the
    home page's figures for district and town users."""
    from . import exports_stats, views_stats

    register_menu(MenuItem("reports", "stats", "统计指标", "reports:stats", "reports.view", 10))
    register_list_export(exports_stats.CATALOG)
    register_list_export(exports_stats.BREAKDOWN)
    register_actions({"reports.stats.exported": "导出统计指标"})
    register_widget(
        Widget(
            name="reports.figures",
            template="reports/widgets/figures.html",
            context=views_stats.dashboard_widget,
            permission="reports.view",
            order=20,
        )
    )
