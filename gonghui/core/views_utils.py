"""Small helpers shared by the thin views of every app."""

from collections.abc import Callable
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest

from .errors import ApplicationError


def run_service(form: Any, call: Callable[[], Any]) -> Any:
    """Call a service; put its Chinese error on the form field it names. None on error."""
    try:
        return call()
    except ApplicationError as exc:
        field = exc.field if exc.field in getattr(form, "fields", {}) else None
        form.add_error(field, exc.message)
        return None


def paginate(request: HttpRequest, qs: Any, per_page: int = 50) -> Any:
    paginator = Paginator(qs, per_page)
    return paginator.get_page(request.GET.get("page"))


def query_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def require(user, permission: str) -> None:
    """403 unless the user's role has `permission` (data scope is checked separately)."""
    from django.core.exceptions import PermissionDenied

    if not user.can(permission):
        raise PermissionDenied("您没有权限执行此操作。")
