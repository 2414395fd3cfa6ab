from django.apps import AppConfig


class MutualaidConfig(AppConfig):
    name = "gonghui.mutualaid"
    label = "mutualaid"
    verbose_name = "医疗互助"

    def ready(self) -> None:
        from . import workflow  # noqa: F401  (registrations)
        from .registrations import register

        register()
