"""Per-request facts that the audit log records (client IP) without passing the request down."""

import functools
import ipaddress
from contextvars import ContextVar

from django.conf import settings

current_ip: ContextVar[str | None] = ContextVar("current_ip", default=None)

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def client_ip(request) -> str | None:
    """The client's address: every rate limit, the login lock and the audit log use this one.

    Forwarded headers are the client's to write, so they are believed only when the socket
    address is a configured proxy (settings.TRUSTED_PROXIES). Then the client is the
    right-most address of X-Forwarded-For that is not a trusted proxy (each proxy appends
    the address it saw; what lies left of that the client wrote), else X-Real-IP.
    """
    remote = request.META.get("REMOTE_ADDR")
    if not _is_trusted(remote):
        return remote
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for hop in reversed([h for h in hops if h]):
        if _parse(hop) is None:
            return remote  # a malformed hop: nothing left of it can be believed
        if not _is_trusted(hop):
            return hop
    real = request.META.get("HTTP_X_REAL_IP", "").strip()
    return real if _parse(real) is not None else remote


def _parse(address: str | None) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(address or "")
    except ValueError:
        return None


def _is_trusted(address: str | None) -> bool:
    parsed = _parse(address)
    return parsed is not None and any(
        parsed in net for net in _proxies(tuple(settings.TRUSTED_PROXIES))
    )


@functools.cache
def _proxies(entries: tuple[str, ...]) -> tuple[Network, ...]:
    # Keyed on the setting's value, so a test's override takes effect.
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)
