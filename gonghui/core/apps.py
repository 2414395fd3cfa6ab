from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "gonghui.core"
    label = "core"
    verbose_name = "公共内核"

    def ready(self) -> None:
        from . import exports, todos  # noqa: F401  (exports registers its job handler)
        from .registry import MenuItem, register_menu, register_menu_section

        register_menu_section("home", "首页", 0)
        register_menu_section("system", "系统", 1000)
        register_menu(
            MenuItem("home", "notifications", "通知", "core:notifications", order=10),
            MenuItem("system", "imports", "数据导入", "importing:import_list", "imports.view", 10),
            MenuItem("system", "audit", "审计日志", "core:audit_list", "audit.view", 20),
        )
        todos.register()
