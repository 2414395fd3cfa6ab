from django.apps import AppConfig


class RightsConfig(AppConfig):
    name = "gonghui.rights"
    label = "rights"
    verbose_name = "维权"

    def ready(self) -> None:
        from . import audit_actions, jobs, workflow  # noqa: F401  (registrations)
        from .registrations import register

        register()
