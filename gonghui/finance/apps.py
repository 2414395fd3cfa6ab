from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "gonghui.finance"
    label = "finance"
    verbose_name = "工会经费"

    def ready(self) -> None:
        from .registrations import register

        register()
