from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "gonghui.core"
    label = "core"
    verbose_name = "公共内核"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created
        from django.db.models.signals import pre_save

        from .appendonly import register_sqlite_function
        from .storable import check_before_save

        # SQLite's append-only triggers ask this connection's function (core.appendonly).
        connection_created.connect(register_sqlite_function, dispatch_uid="core.appendonly")

        # Every save of a project row is checked against what its columns can hold.
        pre_save.connect(check_before_save, dispatch_uid="core.storable")
        from . import audit_export, exports, retention, todos  # noqa: F401  (exports: its job handler)
        from .registry import MenuItem, register_menu, register_menu_section

        register_menu_section("home", "首页", 0)
        register_menu_section("system", "系统", 1000)
        register_menu(
            MenuItem("home", "notifications", "通知", "core:notifications", order=10),
            MenuItem("system", "imports", "数据导入", "importing:import_list", "imports.view", 10),
            MenuItem("system", "audit", "审计日志", "core:audit_list", "audit.view", 20),
        )
        todos.register()
        audit_export.register()
        register_job_reaper()
        retention.register()


def register_job_reaper() -> None:
    import datetime

    from .jobs import reap_stale_jobs
    from .periodic import PeriodicJob, register_periodic

    # Jobs whose worker died (kill -9, OOM) are failed so they can be resumed (issue #11).
    register_periodic(
        PeriodicJob(
            name="core.reap_stale_jobs",
            title="中断任务检查",
            every=datetime.timedelta(minutes=1),
            run=lambda actor: {"failed": reap_stale_jobs()},
        )
    )
