from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """Figures across the domains: the home page now; the indicator catalog, targets and the
    annual report with issue #13. Reads every domain through the registry; writes nothing."""

    name = "gonghui.reports"
    label = "reports"
    verbose_name = "统计与报告"

    def ready(self) -> None:
        from gonghui.core.registry import MenuItem, register_menu

        register_menu(MenuItem("home", "dashboard", "首页", "reports:dashboard", order=0))
        from .registrations import register

        register()
