"""Reads for accounts: users within the reader's scope."""

from typing import Any

from django.db.models import Q, QuerySet

from gonghui.core.scope import access

from .models import User


def user_list(*, user: Any, q: str = "", role: str = "") -> QuerySet[User]:
    qs = User.objects.visible_to(user, "accounts.manage").select_related("organization")
    if q := q.strip():
        qs = qs.filter(Q(username__icontains=q) | Q(display_name__icontains=q))
    if role:
        qs = qs.filter(role=role)
    return qs


def user_get(*, user: Any, pk: Any) -> User:
    return access(User.objects.select_related("organization"), user, pk, "accounts.manage")
