from django.shortcuts import redirect
from django.urls import reverse


class PasswordExpiryMiddleware:
    """A user whose password is initial or older than PASSWORD_MAX_AGE_DAYS may only change it."""

    ALLOWED = ("accounts:password_change", "accounts:logout", "accounts:login")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.password_expired
            and not request.path.startswith(("/static/", "/api/"))
            and request.path not in {reverse(name) for name in self.ALLOWED}
        ):
            return redirect("accounts:password_change")
        return self.get_response(request)
