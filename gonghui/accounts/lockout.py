"""Login locks on django-axes (docs/operations.md, "Security").

axes counts the failures of each (user name, source) pair in its AccessAttempt table and
locks the pair after LOGIN_MAX_FAILURES for LOGIN_LOCK_MINUTES. A lock bound to the pair
cannot be used to lock a person out: they still log in from their own computer. It counts
names, not accounts, so a name nobody has locks and answers exactly as an account does.

On top of that, a source that failed under LOGIN_SOURCE_MAX_ACCOUNTS different names
within the window is guessing accounts: it is refused for every name, right passwords too
(`LoginHandler.is_locked`), and its API tokens do not work either.
"""

import datetime

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone


def _window_start() -> datetime.datetime:
    return timezone.now() - settings.AXES_COOLOFF_TIME


def source_locked(ip: str | None) -> bool:
    """Whether `ip` failed under too many user names in the window."""
    if not ip:
        return False
    names = (
        AccessAttempt.objects.filter(ip_address=ip, attempt_time__gte=_window_start())
        .values("username")
        .distinct()
    )
    return names.count() >= settings.LOGIN_SOURCE_MAX_ACCOUNTS


def locked(request, username: str) -> bool:
    """Whether a login as `username` from this request's source is refused now."""
    return not AxesProxyHandler.is_allowed(request, {"username": username})


def locked_usernames(usernames: list[str]) -> set[str]:
    """Which of `usernames` are locked from some source (the admin's list shows them)."""
    pairs = (
        AccessAttempt.objects.filter(username__in=usernames, attempt_time__gte=_window_start())
        .values("username", "ip_address")
        .annotate(failures=Sum("failures_since_start"))
        .filter(failures__gte=settings.LOGIN_MAX_FAILURES)
    )
    return {pair["username"] for pair in pairs}


def failures_by_source(username: str) -> list[dict]:
    """The sources `username` failed from in the window, with their counts (newest first)."""
    rows = (
        AccessAttempt.objects.filter(username=username, attempt_time__gte=_window_start())
        .values("ip_address")
        .annotate(failures=Sum("failures_since_start"))
        .order_by("-failures")
    )
    return list(rows)


def unlock(username: str) -> int:
    """Forget every failure of `username` (all sources); returns how many rows went."""
    return AxesProxyHandler.reset_attempts(username=username)


class LoginHandler(AxesDatabaseHandler):
    """axes' database handler plus the lock on a source that tries many names."""

    def is_locked(self, request, credentials=None) -> bool:
        if super().is_locked(request, credentials):
            return True
        return source_locked(getattr(request, "axes_ip_address", None))


def lockout_response(request, original_response, credentials=None):
    """The login page already says why (services.login_attempt): keep its response.

    axes would replace it with its own English page; ours answers the same for every name.
    """
    return original_response


class LockoutBackend(AxesStandaloneBackend):
    """axes' check before the password check, for every login that has a request.

    `authenticate()` without a request (a shell, a management command, a test) has no source
    to count and is no way in from outside; axes would raise there, Django's own check goes on.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
