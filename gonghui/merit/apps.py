from django.apps import AppConfig


class MeritConfig(AppConfig):
    name = "gonghui.merit"
    label = "merit"
    verbose_name = "建功立业"

    def ready(self) -> None:
        from .registrations import register

        register()
