"""The JSON API (/api/v1/): one NinjaAPI, each app's router mounted here (PLAT-4)."""

from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError
from ninja.security import APIKeyCookie, HttpBearer

from gonghui.accounts.services import token_authenticate
from gonghui.core.errors import ApplicationError


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        user = token_authenticate(token)
        if user is not None:
            request.user = user
        return user


class SessionAuth(APIKeyCookie):
    """The logged-in page session; unsafe methods need the CSRF token as on the pages."""

    param_name = "sessionid"

    def __init__(self):
        super().__init__(csrf=True)

    def authenticate(self, request, key):
        user = getattr(request, "user", None)
        return user if user is not None and user.is_authenticated else None


api = NinjaAPI(
    title="工会工作平台 API",
    version="1",
    urls_namespace="api",
    auth=[TokenAuth(), SessionAuth()],
    docs_url="/docs",
)


@api.exception_handler(ApplicationError)
def application_error(request, exc: ApplicationError):
    return api.create_response(
        request, {"detail": exc.message, "field": exc.field}, status=exc.status
    )


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": "未找到该记录。"}, status=404)


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    return api.create_response(request, {"detail": "未登录或令牌无效。"}, status=401)


@api.exception_handler(ValidationError)
def invalid(request, exc: ValidationError):
    errors = [
        {
            "field": ".".join(str(p) for p in e.get("loc", [])[1:]),
            "message": f"格式不正确：{e.get('msg', '')}",
        }
        for e in exc.errors
    ]
    return api.create_response(
        request, {"detail": "请求数据不正确。", "errors": errors}, status=422
    )


# Each app's router; a new domain adds its line (docs/development.md).
ROUTERS = [
    "gonghui.core.api.router",
    "gonghui.orgs.api.router",
    "gonghui.members.api.router",
    "gonghui.rights.api.router",
    "gonghui.core.importing.api.router",
]
for _router in ROUTERS:
    api.add_router("/", _router)
