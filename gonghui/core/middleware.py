from django.conf import settings

from .context import client_ip, current_ip

# No inline scripts or remote origins: everything the pages need is served from /static/.
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'"
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", CSP)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if request.user.is_authenticated if hasattr(request, "user") else False:
            response.setdefault("Cache-Control", "no-store")
        return response


class RequestContextMiddleware:
    """Remembers the client IP for the audit log of this request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_ip.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            current_ip.reset(token)


def idle_seconds() -> int:
    return settings.SESSION_COOKIE_AGE


class ApplicationErrorMiddleware:
    """Renders an ApplicationError that escaped a view as a Chinese error page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.shortcuts import render

        from .errors import ApplicationError

        if isinstance(exception, ApplicationError):
            return render(
                request, "core/error.html", {"message": exception.message}, status=exception.status
            )
        return None


class ControlCharacterMiddleware:
    """A NUL in a query or form parameter is refused before any view (issue #11): no column
    can hold it (PostgreSQL raises), and SQLite's text search raised on it ("unterminated
    string"). The API answers JSON, a page the product's 400 page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_nul(request.GET) or (
            request.method == "POST"
            and request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data")
            and _has_nul(request.POST)
        ):
            return _refuse_control_characters(request)
        return self.get_response(request)


def _has_nul(params) -> bool:
    return any("\x00" in key or any("\x00" in v for v in values) for key, values in params.lists())


def _refuse_control_characters(request):
    from django.http import JsonResponse
    from django.shortcuts import render

    message = "请求含有无法处理的控制字符（NUL），请删除后重试。"
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"detail": message}, status=400, json_dumps_params={"ensure_ascii": False}
        )
    return render(request, "core/error.html", {"message": message}, status=400)
