"""The JSON API (/api/v1/): one NinjaAPI, each app's router mounted here (PLAT-4)."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
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


@api.exception_handler(RequestDataTooBig)
def too_big(request, exc):
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / (1024 * 1024)
    return api.create_response(
        request, {"detail": f"请求内容太大（上限 {limit:g} MB）。"}, status=413
    )


@api.exception_handler(OverflowError)
def out_of_range(request, exc):
    # The last net: a number no column holds (schemas bound the fields they know).
    return api.create_response(request, {"detail": "数值超出范围。"}, status=422)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": "未找到该记录。"}, status=404)


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    return api.create_response(request, {"detail": "未登录或令牌无效。"}, status=401)


# ninja's own messages (a body it cannot parse, a method not allowed …) in Chinese.
HTTP_MESSAGES = {
    400: "请求内容无法解析，请发送有效的 JSON。",
    401: "未登录或令牌无效。",
    403: "您没有权限执行此操作。",
    404: "未找到该记录。",
    405: "不支持该请求方法。",
}


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    message = HTTP_MESSAGES.get(exc.status_code, "请求不正确。")
    return api.create_response(request, {"detail": message}, status=exc.status_code)


# pydantic's error types in Chinese; anything else is "格式不正确".
VALIDATION_MESSAGES = {
    "missing": "必填。",
    "int_parsing": "应为整数。",
    "int_type": "应为整数。",
    "int_from_float": "应为整数。",
    "float_parsing": "应为数字。",
    "decimal_parsing": "应为数字，如 1200.50。",
    "decimal_type": "应为数字，如 1200.50。",
    "bool_parsing": "应为 true 或 false。",
    "bool_type": "应为 true 或 false。",
    "date_parsing": "应为日期，如 2026-12-01。",
    "date_from_datetime_parsing": "应为日期，如 2026-12-01。",
    "date_type": "应为日期，如 2026-12-01。",
    "datetime_parsing": "应为时间，如 2026-12-01T09:00:00。",
    "string_type": "应为文字。",
    "string_too_long": "太长，最多{max_length}个字符。",
    "string_too_short": "太短，至少{min_length}个字符。",
    "greater_than_equal": "不能小于{ge}。",
    "less_than_equal": "不能大于{le}。",
    "greater_than": "应大于{gt}。",
    "less_than": "应小于{lt}。",
    "literal_error": "应为以下之一：{expected}。",
    "union_tag_invalid": "操作不正确，应为以下之一：{expected_tags}。",
    "union_tag_not_found": "缺少 action（要执行的操作）。",
    "json_invalid": "不是有效的 JSON。",
    "value_error": "{error}",  # a validator's own (Chinese) message
    "model_attributes_type": "格式不正确。",
    "dict_type": "应为对象。",
    "list_type": "应为列表。",
}


def validation_message(error: dict) -> str:
    template = VALIDATION_MESSAGES.get(error.get("type", ""), "格式不正确。")
    try:
        return template.format(**(error.get("ctx") or {}))
    except (KeyError, IndexError):
        return template


def _field(loc: list) -> str:
    # ("body", "payload", "channel") names the field "channel"; ("query", "start"): "start"
    parts = [str(p) for p in loc]
    if parts[:1] == ["body"] and len(parts) > 2:
        parts = parts[2:]
    elif parts:
        parts = parts[1:]
    return ".".join(parts)


@api.exception_handler(ValidationError)
def invalid(request, exc: ValidationError):
    errors = [
        {"field": _field(e.get("loc", [])), "message": validation_message(e)} for e in exc.errors
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
    "gonghui.assistance.api.router",
    "gonghui.mutualaid.api.router",
    "gonghui.finance.api.router",
    "gonghui.merit.api.router",
    "gonghui.democracy.api.router",
    "gonghui.activities.api.router",
    "gonghui.core.importing.api.router",
    "gonghui.accounts.api.router",
    "gonghui.reports.api.router",
]
for _router in ROUTERS:
    api.add_router("/", _router)
