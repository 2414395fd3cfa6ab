from django.apps import AppConfig


class ImportingConfig(AppConfig):
    name = "gonghui.core.importing"
    label = "importing"
    verbose_name = "数据导入"

    def ready(self) -> None:
        # The job handler and audit labels; each app registers its own import kinds.
        from . import audit_actions, jobs  # noqa: F401
