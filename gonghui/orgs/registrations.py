"""What the orgs app puts in the kernel's registry: menu, home-page widget, import kind, demo.

Its permissions are granted by accounts (roles sit above orgs): accounts/roles.py.
"""

from gonghui.core.importing.kinds import ImportKindSpec, register_import_kind
from gonghui.core.registry import (
    MenuItem,
    Widget,
    register_menu,
    register_menu_section,
    register_widget,
)


def register() -> None:
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
    register_import_kind(
        ImportKindSpec(
            kind="employers",
            label="用人单位",
            permission="imports.employers",
            importer=EmployerImporter,
            help="需有“单位名称”“统一社会信用代码”“镇街”“经济类型”“行业”五列。",
        )
    )
