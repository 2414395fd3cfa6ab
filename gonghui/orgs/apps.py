from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "gonghui.orgs"
    label = "orgs"
    verbose_name = "组织建设"

    def ready(self) -> None:
        from . import audit_actions  # noqa: F401  (registers labels)
        from .registrations import register

        register()
