from django.apps import AppConfig


class AssistanceConfig(AppConfig):
    name = "gonghui.assistance"
    label = "assistance"
    verbose_name = "服务职工"

    def ready(self) -> None:
        from . import workflow  # noqa: F401  (registrations)
        from .registrations import register

        register()
