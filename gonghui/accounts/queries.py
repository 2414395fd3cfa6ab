"""Reads for accounts: users within the reader's scope."""

from collections import defaultdict
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from gonghui.core.scope import NOT_FOUND, access
from gonghui.core.storable import id_in_range

from . import lockout
from .models import ApiToken, User

# A district admin manages every account of their scope, and so their tokens.
MANAGE_TOKENS = "accounts.manage"


def user_list(*, user: Any, q: str = "", role: str = "") -> QuerySet[User]:
    qs = User.objects.visible_to(user, "accounts.manage").select_related("organization")
    if q := q.strip():
        qs = qs.filter(Q(username__icontains=q) | Q(display_name__icontains=q))
    if role:
        qs = qs.filter(role=role)
    return qs


def user_get(*, user: Any, pk: Any) -> User:
    return access(User.objects.select_related("organization"), user, pk, "accounts.manage")


def tokens_of(*, owner: User) -> QuerySet[ApiToken]:
    """A user's own tokens, newest first (the token page and GET /account/tokens)."""
    return ApiToken.objects.filter(user=owner).select_related("revoked_by")


def token_get(*, user: Any, pk: Any, lock: bool = False) -> ApiToken:
    """One token: the reader's own, or one of a user in a district admin's scope. 404 alike
    for missing and not the reader's, as everywhere."""
    if not id_in_range(pk):
        raise Http404(NOT_FOUND)
    qs = ApiToken.objects.select_related("user").filter(
        Q(user=user) | Q(user__in=User.objects.visible_to(user, MANAGE_TOKENS))
    )
    if lock:
        qs = qs.select_for_update(of=("self",))
    try:
        return qs.get(pk=pk)
    except (ApiToken.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(NOT_FOUND) from exc


def user_tokens(*, user: Any, pk: Any) -> tuple[User, QuerySet[ApiToken]]:
    """A user in the admin's scope and their tokens (the admin's token page and API).

    404 without the permission too: whose tokens exist is not for others to learn, and the
    API answers every foreign id with 404 (tests/test_scope_walk.py)."""
    users = User.objects.visible_to(user, MANAGE_TOKENS).select_related("organization")
    target = access(users, user, pk)
    return target, tokens_of(owner=target)


def locked_usernames(users: list[User]) -> set[str]:
    return lockout.locked_usernames([u.username for u in users])


def union_staff(union_ids: list[int]) -> dict[int, list[User]]:
    """The active users of each union (who hear of their members' grants, claims, failures)."""
    found: dict[int, list[User]] = defaultdict(list)
    for user in User.objects.filter(is_active=True, organization_id__in=union_ids):
        found[user.organization_id].append(user)
    return found
