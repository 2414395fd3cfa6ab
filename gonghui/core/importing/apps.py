from django.apps import AppConfig


class ImportingConfig(AppConfig):
    name = "gonghui.core.importing"
    label = "importing"
    verbose_name = "数据导入"

    def ready(self) -> None:
        # Registers the job handler, the audit labels and the importers of each app.
        from gonghui.members import importers as _members  # noqa: F401
        from gonghui.orgs import importers as _orgs  # noqa: F401

        from . import audit_actions, jobs  # noqa: F401
