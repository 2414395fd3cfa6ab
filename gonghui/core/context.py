"""Per-request facts that the audit log records (client IP) without passing the request down."""

from contextvars import ContextVar

current_ip: ContextVar[str | None] = ContextVar("current_ip", default=None)


def client_ip(request) -> str | None:
    # Behind nginx the real address comes in X-Real-IP, set by our own proxy config.
    return request.META.get("HTTP_X_REAL_IP") or request.META.get("REMOTE_ADDR")
