"""Writes for accounts: login with lockout, passwords with history, users, API tokens."""

import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gonghui.core.audit import audit_record
from gonghui.core.context import client_ip, current_ip
from gonghui.core.edit import edit
from gonghui.core.errors import ApplicationError
from gonghui.core.permissions import require
from gonghui.core.scope import ensure_visible

from . import lockout
from .models import ApiToken, PasswordHistory, TokenEnd, User
from .roles import Role

GENERIC_LOGIN_ERROR = "用户名或密码错误。"


def locked_message() -> str:
    # The same for every name, existing or not, and for a source locked for many names.
    return (
        f"登录失败次数过多，已暂停从这台电脑登录（最长{settings.LOGIN_LOCK_MINUTES}分钟）。"
        "请稍后再试，或换一台电脑登录，或请管理员解除锁定。"
    )


def login_attempt(*, username: str, password: str, request: Any) -> User:
    """Authenticate through axes (accounts.lockout): failures count per (name, source) and
    per source; a locked pair or source is refused whatever the password."""
    user = User.objects.filter(username=username).first()
    if lockout.locked(request, username):
        _audit_failure(username, user, reason="locked")
        raise ApplicationError(locked_message())
    authenticated = authenticate(request, username=username, password=password)
    if authenticated is not None:
        audit_record(actor=authenticated, action="accounts.login.succeeded", target=authenticated)
        return authenticated
    _audit_failure(username, user, reason="password")
    if getattr(request, "axes_locked_out", False):  # this failure reached the limit
        _locked_now(username, user)
        raise ApplicationError(locked_message())
    if lockout.source_locked(client_ip(request)):  # it was not before: this failure made it
        audit_record(
            actor=None,
            actor_name=username,
            action="accounts.login.source_locked",
            success=False,
            data={"accounts": settings.LOGIN_SOURCE_MAX_ACCOUNTS},
        )
    raise ApplicationError(GENERIC_LOGIN_ERROR)


def _audit_failure(username: str, user: User | None, *, reason: str) -> None:
    audit_record(
        actor=None,
        actor_name=username,
        action="accounts.login.failed",
        target=user,
        success=False,
        data={"reason": reason},
    )


@transaction.atomic
def _locked_now(username: str, user: User | None) -> None:
    """The pair just locked: record it, and end the account's tokens (someone is guessing
    its password; the owner makes new ones after logging in)."""
    audit_record(
        actor=None, actor_name=username, action="accounts.login.locked", target=user, success=False
    )
    if user is not None:
        tokens_end(user=user, reason=TokenEnd.LOCKOUT, actor=None)


def _password_errors(password: str, user: User) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ApplicationError(" ".join(exc.messages), field="password") from exc


@transaction.atomic
def user_set_password(*, user: User, password: str, actor: User) -> User:
    _password_errors(password, user)
    user.set_password(password)
    user.password_changed_at = timezone.now()
    user.save(update_fields=["password", "password_changed_at"])
    # The history holds the current password and the ones before it, N in all.
    PasswordHistory.objects.create(user=user, password=user.password)
    keep = user.password_history.values_list("pk", flat=True)[: settings.PASSWORD_HISTORY_COUNT]
    user.password_history.exclude(pk__in=list(keep)).delete()
    audit_record(actor=actor, action="accounts.password.changed", target=user)
    # whoever knew the old password may have made a token with it
    tokens_end(user=user, reason=TokenEnd.PASSWORD, actor=actor)
    return user


MANAGE = "accounts.manage"


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    username: str,
    password: str,
    organization: Any,
    role: str,
    display_name: str = "",
) -> User:
    if actor is not None:  # None: the set-up command, before any account exists
        require(actor, MANAGE)
    if role not in Role.values:
        raise ApplicationError("角色不存在。", field="role")
    if User.objects.filter(username=username).exists():
        raise ApplicationError(f"用户名「{username}」已被使用。", field="username")
    user = User(username=username, organization=organization, role=role, display_name=display_name)
    _password_errors(password, user)
    user.set_password(password)
    user.password_changed_at = timezone.now()
    user.save()
    PasswordHistory.objects.create(user=user, password=user.password)
    audit_record(
        actor=actor,
        action="accounts.user.created",
        target=user,
        org_path=organization.path if organization else "",
        data={"role": role, "organization": getattr(organization, "pk", None)},
    )
    return user


def token_create(*, user: User, name: str, days: int | None = None) -> tuple[ApiToken, str]:
    """A new token of `user`; the key is returned once and only its hash is stored."""
    days = settings.API_TOKEN_DAYS if days is None else days
    key = ApiToken.new_key()
    token = ApiToken.objects.create(
        user=user,
        name=name,
        key_hash=ApiToken.hash_key(key),
        prefix=key[3:9],
        expires_at=timezone.now() + datetime.timedelta(days=days),
    )
    audit_record(
        actor=user,
        action="accounts.token.created",
        target=user,
        data={"name": name, "prefix": token.prefix, "days": days},
    )
    return token, key


TOKEN_USE_RECORDED_EVERY = 300  # seconds: the token page shows the last use to 5 minutes


def token_authenticate(key: str) -> User | None:
    """The user of a usable token, or None (401). A token works only while it is neither
    revoked nor expired, its user is active with a password that has not expired, and the
    request's source is not locked for guessing accounts (accounts.lockout)."""
    # get(), not first(): the hash is unique, and first()'s ORDER BY was a fifth of the
    # cost of compiling this query, which every API request runs (issue #11).
    try:
        token = ApiToken.objects.select_related("user__organization").get(
            key_hash=ApiToken.hash_key(key), revoked_at__isnull=True
        )
    except ApiToken.DoesNotExist:
        return None
    if not token.usable or not _token_user_may_use(token):
        return None
    if lockout.source_locked(current_ip.get()):
        return None
    now = timezone.now()
    # At most every few minutes: a write on every API read locked SQLite under load (#11).
    last = token.last_used_at
    if last is None or now - last >= datetime.timedelta(seconds=TOKEN_USE_RECORDED_EVERY):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def _token_user_may_use(token: ApiToken) -> bool:
    user = token.user
    if not user.is_active or user.password_expired:
        return False
    # A password set around the services (manage.py changepassword) ends older tokens too.
    return token.created_at >= user.password_changed_at


def tokens_end(*, user: User, reason: str, actor: Any) -> int:
    """End every live token of `user` (a password change, a lockout, a deactivation)."""
    live = list(ApiToken.objects.filter(user=user, revoked_at__isnull=True))
    for token in live:
        _revoke(token, reason=reason, actor=actor)
    return len(live)


def _revoke(token: ApiToken, *, reason: str, actor: Any) -> ApiToken:
    token.revoked_at = timezone.now()
    token.revoked_reason = reason
    token.revoked_by = actor if isinstance(actor, User) else None
    token.save(update_fields=["revoked_at", "revoked_reason", "revoked_by"])
    audit_record(
        actor=actor,
        action="accounts.token.revoked",
        target=token.user,
        data={"name": token.name, "prefix": token.prefix, "reason": reason},
    )
    return token


@transaction.atomic
def token_revoke(*, actor: User, token_id: Any) -> ApiToken:
    """The owner ends one of their tokens; a district admin ends anyone's in their scope."""
    token = _token_for_revoke(actor, token_id)
    if token.revoked_at is not None:
        raise ApplicationError("该令牌已经结束，无需再撤销。")
    reason = TokenEnd.OWNER if token.user_id == actor.pk else TokenEnd.ADMIN
    return _revoke(token, reason=reason, actor=actor)


def _token_for_revoke(actor: User, token_id: Any) -> ApiToken:
    from .queries import token_get  # queries import nothing of services; this keeps it so

    return token_get(user=actor, pk=token_id, lock=True)


USER_FIELDS = ["organization", "role", "display_name", "is_active"]


@transaction.atomic
def user_update(
    *, actor: User, user: User, organization: Any, role: str, display_name: str, is_active: bool
) -> User:
    require(actor, MANAGE)
    if user.pk == actor.pk and (not is_active or role != actor.role):
        raise ApplicationError("不能停用自己的账号或修改自己的角色。", field="role")
    if role not in Role.values:
        raise ApplicationError("角色不存在。", field="role")
    ensure_visible(actor, organization)  # a user is put only where the admin's scope reaches
    if user.is_active and not is_active:
        tokens_end(user=user, reason=TokenEnd.DEACTIVATED, actor=actor)
    return edit(
        User,
        user,
        actor=actor,
        version=None,  # accounts carry no version; the admin page is the only editor
        changes={
            "organization": organization,
            "role": role,
            "display_name": display_name,
            "is_active": is_active,
        },
        editable=USER_FIELDS,
        permission=MANAGE,
        action="accounts.user.updated",
        audited=["organization_id", "role", "display_name", "is_active"],
    )


def user_unlock(*, actor: User, user: User) -> User:
    """Forget the user's failures from every source, so every lock on them ends."""
    require(actor, MANAGE)
    ensure_visible(actor, user, MANAGE)
    removed = lockout.unlock(user.username)
    audit_record(actor=actor, action="accounts.user.unlocked", target=user, data={"rows": removed})
    return user


def user_reset_password(*, actor: User, user: User, password: str) -> User:
    """An administrator sets a temporary password; the user must change it at next login."""
    require(actor, MANAGE)
    user_set_password(user=user, password=password, actor=actor)
    User.objects.filter(pk=user.pk).update(password_changed_at=None)
    lockout.unlock(user.username)
    user.refresh_from_db()
    return user
