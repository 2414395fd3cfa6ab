from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "gonghui.members"
    label = "members"
    verbose_name = "会员"

    def ready(self) -> None:
        from . import audit_actions  # noqa: F401  (registers labels)
        from .registrations import register

        register()
