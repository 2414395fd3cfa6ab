from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "gonghui.accounts"
    label = "accounts"
    verbose_name = "账号与权限"

    def ready(self) -> None:
        from gonghui.core.registry import MenuItem, register_menu

        from . import roles

        roles.register()
        register_menu(
            MenuItem("system", "users", "账号管理", "accounts:user_list", "accounts.manage", 30)
        )
