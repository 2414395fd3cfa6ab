"""The audit log's export (core.exports; issue #10, Lists): the entries /audit/ shows for
its filters, to .xlsx, for who may read the log (`audit.view`). The export is itself an
entry of the log (`core.audit.exported`, with its filters and row count)."""

from typing import Any

from django.utils import timezone

from .audit import action_label, data_rows, register_actions
from .exports import Column, ListExport, register_list_export
from .forms import AuditFilterForm
from .queries import audit_list

AUDIT_EXPORT = "core.audit"


def _changes(entry: Any) -> str:
    """The entry's data in words, one field a line: "名称：甲 → 乙" or "原因：补录"."""
    lines = []
    for label, before, after in data_rows(entry.target_type, entry.data or {}):
        lines.append(f"{label}：{before}" if after is None else f"{label}：{before} → {after}")
    return "\n".join(lines)


AUDIT = ListExport(
    name=AUDIT_EXPORT,
    label="审计日志",
    permission="audit.view",
    filter_form=AuditFilterForm,
    rows=lambda user, filters: audit_list(user=user, filters=filters),
    columns=(
        Column("时间", lambda e: timezone.localtime(e.at).strftime("%Y-%m-%d %H:%M:%S")),
        Column("操作人", lambda e: e.actor_name),
        Column("操作人类型", lambda e: e.get_actor_kind_display()),
        Column("IP", lambda e: e.ip or "", text=True),
        Column("操作", lambda e: action_label(e.action)),
        Column("操作代码", lambda e: e.action),
        Column("结果", lambda e: "成功" if e.success else "失败"),
        Column("对象", lambda e: e.target_repr),
        Column("对象编号", lambda e: e.target_id, text=True),
        Column("变更内容", _changes),
    ),
    list_url="core:audit_list",
    audit_action="core.audit.exported",
)


def register() -> None:
    """Called from core's AppConfig.ready()."""
    register_actions({"core.audit.exported": "导出审计日志"})
    register_list_export(AUDIT)
