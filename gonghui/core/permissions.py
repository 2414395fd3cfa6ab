"""The one role check used by views, API handlers and services alike.

Which roles have a permission is the registry's `permissions` store, filled by each app
(`core.registry.register_permissions`). Data scope is `core.scope`, which calls this too.
"""

from typing import Any

from .errors import PermissionDenied


def require(user: Any, permission: str) -> None:
    """Raise PermissionDenied (403, Chinese message) unless the actor may `permission`."""
    if user is None or not user.can(permission):
        raise PermissionDenied("您没有权限执行此操作。")
