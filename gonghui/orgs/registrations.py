"""What the orgs app puts in the kernel's registry: menu, home-page widget, the home page's
to-dos (terms past or near their end), import kind, demo.

Its permissions are granted by accounts (roles sit above orgs): accounts/roles.py.
"""

from django.conf import settings
from django.urls import reverse

from gonghui.core.clock import today
from gonghui.core.exports import register_list_export
from gonghui.core.importing.kinds import ImportKindSpec, register_import_kind
from gonghui.core.registry import (
    MenuItem,
    Todo,
    Widget,
    register_menu,
    register_menu_section,
    register_todo,
    register_widget,
)

# Who starts a re-election (orgs.elections.election_start) has these to-dos; an auditor,
# who only looks, does not.
TERMS_TODO = "orgs.edit_own"


def register() -> None:
    from . import indicators

    indicators.register()
    from . import queries
    from .importers import EmployerImporter

    register_menu_section("orgs", "组织建设", 10)
    register_menu(
        MenuItem("orgs", "orgs", "组织架构", "orgs:tree", "orgs.view", 10),
        MenuItem("orgs", "employers", "用人单位", "orgs:employer_list", "employers.view", 20),
        MenuItem("orgs", "terms", "换届提醒", "orgs:terms", "orgs.view", 30),
        MenuItem("orgs", "coverage", "双亮与女职工组织", "orgs:coverage", "orgs.view", 40),
    )
    register_widget(
        Widget(
            name="orgs.counts",
            template="orgs/widgets/counts.html",
            context=queries.dashboard_counts,
            permission="orgs.view",
            order=10,
        )
    )
    register_todos()
    from . import exports

    for spec in exports.EXPORTS:
        register_list_export(spec)
    register_import_kind(
        ImportKindSpec(
            kind="employers",
            label="用人单位",
            permission="imports.employers",
            importer=EmployerImporter,
            help="需有“单位名称”“统一社会信用代码”“镇街”“经济类型”“行业”五列。",
            result_links=_employer_import_links,
        )
    )


def _employer_import_links(run, user) -> list[tuple[str, str]]:
    """A finished employer import that changed (or, tried, would change) existing
    employers links to what it changed, for who may see employers (issue #10)."""
    if not run.updated or not user.can("employers.view"):
        return []
    url = reverse("orgs:employer_import_changes", args=[run.pk])
    return [(f"查看已有单位的变更（{run.updated} 家）", url)]


def register_todos() -> None:
    """Counted on the lists the terms page shows (queries.terms_due), so link and count agree."""
    from . import queries

    def terms(which: str):
        def count(user) -> int:
            days = settings.TERM_ALERT_DAYS
            lists = queries.terms_due(user=user, today=today(), days=days, action=TERMS_TODO)
            return lists[which].count()

        return count

    register_todo(
        Todo(
            name="orgs.terms_overdue",
            label="任期已届满未换届的工会",
            permission=TERMS_TODO,
            count=terms("overdue"),
            url="orgs:terms?due=overdue",
            order=50,
            tone="urgent",
        )
    )
    register_todo(
        Todo(
            name="orgs.terms_due_soon",
            label=f"{settings.TERM_ALERT_DAYS}天内任期届满的工会",
            permission=TERMS_TODO,
            count=terms("due_soon"),
            url="orgs:terms?due=soon",
            order=60,
        )
    )
