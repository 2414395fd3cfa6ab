"""The one role check used by views, API handlers and services alike."""

from typing import Any

from .errors import PermissionDenied


def require(user: Any, permission: str) -> None:
    """Raise PermissionDenied (403, Chinese message) unless the user's role has `permission`.

    Data scope is separate: rows come through `core.scope.access` / `visible_to`.
    """
    if not user.can(permission):
        raise PermissionDenied("您没有权限执行此操作。")
