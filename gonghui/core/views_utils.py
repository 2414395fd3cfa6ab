"""Small helpers shared by the thin views of every app."""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest

from .errors import ApplicationError
from .lists import paginate  # noqa: F401  (every list page pages through core.lists)
from .permissions import require  # noqa: F401  (views import it from here)


def run_service(form: Any, call: Callable[[], Any]) -> Any:
    """Call a service; put its Chinese error on the form field it names. None on error."""
    try:
        return call()
    except ApplicationError as exc:
        field = exc.field if exc.field in getattr(form, "fields", {}) else None
        form.add_error(field, exc.message)
        return None


def query_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def form_errors_to_messages(request: HttpRequest, form: Any) -> None:
    """A form posted from a detail page shows its errors there, as messages."""
    from django.contrib import messages

    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}：{error}" if label else error)
