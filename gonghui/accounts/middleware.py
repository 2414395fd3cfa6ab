import time

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse


class PasswordExpiryMiddleware:
    """A user whose password is initial or older than PASSWORD_MAX_AGE_DAYS may only change it."""

    ALLOWED = ("accounts:password_change", "accounts:logout", "accounts:login")

    def __init__(self, get_response):
        self.get_response = get_response
        self._allowed: frozenset[str] | None = None

    def allowed_paths(self) -> frozenset[str]:
        # reversed once, not three times on every request of a logged-in user
        if self._allowed is None:
            self._allowed = frozenset(reverse(name) for name in self.ALLOWED)
        return self._allowed

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.password_expired
            and not request.path.startswith(("/static/", "/api/"))
            and request.path not in self.allowed_paths()
        ):
            return redirect("accounts:password_change")
        return self.get_response(request)


class SessionRefreshMiddleware:
    """Keeps a session in use alive without rewriting it on every request (issue #11).

    With SESSION_SAVE_EVERY_REQUEST every page read wrote the session row, and on SQLite
    those writes queued behind each other ("database is locked" under load). Instead a
    session is saved (its expiry moved SESSION_COOKIE_AGE ahead) when it was last refreshed
    more than SESSION_REFRESH_SECONDS ago: the idle limit holds to within that interval and
    a busy user writes at most once per interval. Placed after SessionMiddleware, so the
    session is saved on the way out."""

    KEY = "_refreshed_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.is_empty() or not session.session_key:
            return response
        now = time.time()
        if now - float(session.get(self.KEY, 0)) >= settings.SESSION_REFRESH_SECONDS:
            session[self.KEY] = now
        return response
