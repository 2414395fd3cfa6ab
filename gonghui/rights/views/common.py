from django.core.exceptions import PermissionDenied


def need(user, permission: str) -> None:
    if not user.can(permission):
        raise PermissionDenied("您没有权限执行此操作。")


def form_errors_to_messages(request, form) -> None:
    from django.contrib import messages

    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}：{error}" if label else error)
