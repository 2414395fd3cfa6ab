"""Writes for accounts: login with lockout, passwords with history, users, API tokens."""

import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from gonghui.core.audit import audit_record
from gonghui.core.edit import edit
from gonghui.core.errors import ApplicationError
from gonghui.core.permissions import require
from gonghui.core.scope import ensure_visible

from .models import ApiToken, PasswordHistory, User
from .roles import Role

GENERIC_LOGIN_ERROR = "用户名或密码错误。"


def login_attempt(*, username: str, password: str, request: Any = None) -> User:
    """Authenticate; count failures; lock the account after too many in a row."""
    user = User.objects.filter(username=username).first()
    if user is not None and user.is_locked:
        audit_record(
            actor=None,
            actor_name=username,
            action="accounts.login.failed",
            target=user,
            success=False,
            data={"reason": "locked"},
        )
        minutes = max(1, int((user.locked_until - timezone.now()).total_seconds() // 60) + 1)
        raise ApplicationError(f"账号因连续登录失败已被锁定，请{minutes}分钟后再试或联系管理员。")
    authenticated = authenticate(request, username=username, password=password)
    if authenticated is None:
        _login_failed(username, user)
        raise ApplicationError(GENERIC_LOGIN_ERROR)
    User.objects.filter(pk=authenticated.pk).update(failed_logins=0, locked_until=None)
    audit_record(actor=authenticated, action="accounts.login.succeeded", target=authenticated)
    return authenticated


def _login_failed(username: str, user: User | None) -> None:
    audit_record(
        actor=None, actor_name=username, action="accounts.login.failed", target=user, success=False
    )
    if user is None:
        return
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(failed_logins=F("failed_logins") + 1)
        user.refresh_from_db(fields=["failed_logins"])
        if user.failed_logins >= settings.LOGIN_MAX_FAILURES:
            until = timezone.now() + datetime.timedelta(minutes=settings.LOGIN_LOCK_MINUTES)
            User.objects.filter(pk=user.pk).update(locked_until=until, failed_logins=0)
            audit_record(
                actor=None,
                actor_name=user.username,
                action="accounts.login.locked",
                target=user,
                success=False,
            )


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


def token_create(*, user: User, name: str, days: int = 365) -> tuple[ApiToken, str]:
    key = ApiToken.new_key()
    token = ApiToken.objects.create(
        user=user,
        name=name,
        key_hash=ApiToken.hash_key(key),
        prefix=key[3:9],
        expires_at=timezone.now() + datetime.timedelta(days=days),
    )
    audit_record(actor=user, action="accounts.token.created", target=user, data={"name": name})
    return token, key


TOKEN_USE_RECORDED_EVERY = 300  # seconds: the token page shows the last use to 5 minutes


def token_authenticate(key: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user__organization")
        .filter(key_hash=ApiToken.hash_key(key))
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    if token.expires_at and token.expires_at < timezone.now():
        return None
    now = timezone.now()
    # At most every few minutes: a write on every API read locked SQLite under load (#11).
    last = token.last_used_at
    if last is None or now - last >= datetime.timedelta(seconds=TOKEN_USE_RECORDED_EVERY):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


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
    require(actor, MANAGE)
    User.objects.filter(pk=user.pk).update(locked_until=None, failed_logins=0)
    audit_record(actor=actor, action="accounts.user.unlocked", target=user)
    user.refresh_from_db()
    return user


def user_reset_password(*, actor: User, user: User, password: str) -> User:
    """An administrator sets a temporary password; the user must change it at next login."""
    require(actor, MANAGE)
    user_set_password(user=user, password=password, actor=actor)
    User.objects.filter(pk=user.pk).update(
        password_changed_at=None, locked_until=None, failed_logins=0
    )
    user.refresh_from_db()
    return user
