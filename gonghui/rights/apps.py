from django.apps import AppConfig


class RightsConfig(AppConfig):
    name = "gonghui.rights"
    label = "rights"
    verbose_name = "维权"

    def ready(self) -> None:
        from gonghui.core.scope import register_role_rule

        from . import audit_actions, jobs, workflow  # noqa: F401  (registrations)
        from .models import Case

        # A station lawyer sees only the cases assigned to them (RIGHTS-2).
        register_role_rule(Case, "lawyer", lambda qs, user: qs.filter(lawyer__user=user))
