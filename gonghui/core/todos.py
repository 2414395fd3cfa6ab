"""The kernel's own lines of the home page's inbox (registry store `todos`): the user's
unread notifications, and the imports they started lately that finished with rejected rows.

Each count is one query; the apps register their own to-dos in their `registrations.py`.
"""

from typing import Any

from django.db.models import QuerySet

from .notify import unread_count
from .registry import Todo, register_todo


def imports_with_errors(user: Any) -> QuerySet:
    from .importing.queries import runs_with_errors

    return runs_with_errors(user)


def register() -> None:
    register_todo(
        Todo(
            name="core.imports_with_errors",
            label="导入完成但有未导入的行",
            permission="imports.view",
            count=lambda user: imports_with_errors(user).count(),
            url="importing:import_list?errors=1",
            order=80,
        )
    )
    register_todo(
        Todo(
            name="core.unread_notifications",
            label="未读通知",
            permission=None,
            count=unread_count,
            url="core:notifications?unread=1",
            order=90,
            badge=False,  # the menu's 通知 item has its own badge
        )
    )
