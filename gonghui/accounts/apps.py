from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "gonghui.accounts"
    label = "accounts"
    verbose_name = "账号与权限"

    def ready(self) -> None:
        from gonghui.core.audit import register_actions
        from gonghui.core.registry import MenuItem, register_menu

        from . import roles

        roles.register()
        register_actions(
            {
                "accounts.login.locked": "登录锁定（账号+来源）",
                "accounts.login.source_locked": "登录锁定（来源尝试多个账号）",
                "accounts.token.revoked": "API令牌结束",
            }
        )
        register_menu(
            MenuItem("system", "users", "账号管理", "accounts:user_list", "accounts.manage", 30)
        )
