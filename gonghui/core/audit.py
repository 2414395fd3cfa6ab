"""The audit log (PLAT-2): who, when, what, before/after. Written inside the caller's transaction."""

import datetime
import decimal
from typing import Any

from django.db import models

from .actors import actor_kind, actor_label, actor_user
from .context import current_ip
from .models import AuditEntry

# Dotted action code -> Chinese label shown in the audit browser. Apps add theirs.
ACTION_LABELS: dict[str, str] = {
    "accounts.login.succeeded": "登录成功",
    "accounts.login.failed": "登录失败",
    "accounts.login.locked": "账号锁定",
    "accounts.logout": "退出登录",
    "accounts.password.changed": "修改密码",
    "accounts.user.created": "新建用户",
    "accounts.user.updated": "修改用户",
    "accounts.user.unlocked": "解除锁定",
    "accounts.token.created": "创建API令牌",
    "core.job.started": "启动后台任务",
    "core.list.exported": "导出列表",
    "core.demo.loaded": "装入演示数据",
    "core.backup.created": "备份数据库",
}


def register_actions(labels: dict[str, str]) -> None:
    ACTION_LABELS.update(labels)


def action_label(code: str) -> str:
    return ACTION_LABELS.get(code, code)


def _jsonable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime.date | datetime.datetime | decimal.Decimal):
        return str(value)
    return value


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """Field values of `obj`, JSON-ready, for the before/after of an entry."""
    names = fields or [f.attname for f in obj._meta.concrete_fields]
    return {name: _jsonable(getattr(obj, name, None)) for name in names}


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    keys = set(before) | set(after)
    return {k: [before.get(k), after.get(k)] for k in sorted(keys) if before.get(k) != after.get(k)}


def audit_record(
    *,
    actor: Any,
    action: str,
    target: models.Model | None = None,
    org_path: str = "",
    data: dict[str, Any] | None = None,
    success: bool = True,
    actor_name: str = "",
) -> AuditEntry:
    """`actor`: a User, a `core.actors` system or portal actor, or None (the system)."""
    return AuditEntry.objects.create(
        actor=actor_user(actor),
        actor_kind=actor_kind(actor),
        actor_name=actor_name or actor_label(actor),
        ip=current_ip.get(),
        action=action,
        success=success,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:255] if target is not None else "",
        org_path=org_path or getattr(target, "org_path", "") or getattr(target, "path", ""),
        data=data or {},
    )


def audit_records(
    *,
    actor: Any,
    action: str,
    target_type: str,
    targets: Any,
    success: bool = True,
) -> int:
    """One entry per target, written with one bulk insert (a batch approval of 10,000
    grants): `targets` gives (pk, repr, org_path, data) for each. Same columns as
    `audit_record`; returns how many were written."""
    user, kind, name, ip = (
        actor_user(actor),
        actor_kind(actor),
        actor_label(actor),
        current_ip.get(),
    )
    rows = [
        AuditEntry(
            actor=user,
            actor_kind=kind,
            actor_name=name,
            ip=ip,
            action=action,
            success=success,
            target_type=target_type,
            target_id=str(pk),
            target_repr=str(text)[:255],
            org_path=path or "",
            data=data or {},
        )
        for pk, text, path, data in targets
    ]
    AuditEntry.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


# Keys of an entry's data that are not fields of the target, in Chinese.
DATA_LABELS = {
    "state": "状态",
    "note": "说明",
    "kind": "类型",
    "dry_run": "试导入",
    "file": "文件",
    "rows": "行数",
    "created": "新增",
    "updated": "更新",
    "unchanged": "无变化",
    "rejected": "未导入",
    "message": "说明",
    "run": "导入记录",
}


def _label(target_type: str, key: str) -> str:
    from django.apps import apps
    from django.core.exceptions import FieldDoesNotExist

    if key in DATA_LABELS:
        return DATA_LABELS[key]
    try:
        model = apps.get_model(target_type) if target_type else None
    except (LookupError, ValueError):
        model = None
    if model is not None:
        name = key.removesuffix("_id")
        try:
            return str(model._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:
            pass
    return key


def _text(value: Any) -> str:
    if value is None or value == "":
        return "（空）"
    if value is True:
        return "是"
    if value is False:
        return "否"
    return str(value)


def data_rows(target_type: str, data: dict[str, Any]) -> list[tuple[str, str, str | None]]:
    """(label, before, after) for each changed field; (label, value, None) for the rest."""
    rows = []
    for key, value in data.items():
        label = _label(target_type, key)
        if isinstance(value, list) and len(value) == 2:
            rows.append((label, _text(value[0]), _text(value[1])))
        else:
            rows.append((label, _text(value), None))
    return rows
