import hashlib
import secrets

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone

from gonghui.core.registry import role_can
from gonghui.core.scope import ScopedQuerySet

from .roles import Role


class UserQuerySet(ScopedQuerySet):
    pass


class ScopedUserManager(UserManager.from_queryset(UserQuerySet)):
    """Django's UserManager with `visible_to(user)` (users of the reader's subtree)."""


class User(AbstractUser):
    """A staff account. Sees the subtree of `organization` (core.scope)."""

    SCOPE_FIELDS = ("organization__path",)

    display_name = models.CharField("姓名", max_length=50, blank=True)
    organization = models.ForeignKey(
        "orgs.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
        verbose_name="所属组织",
    )
    role = models.CharField("角色", max_length=30, choices=Role, default=Role.GRASSROOTS_CHAIR)
    password_changed_at = models.DateTimeField("密码修改时间", null=True, blank=True)

    objects = ScopedUserManager()

    class Meta:
        ordering = ["username"]
        verbose_name = "用户"

    def __str__(self) -> str:
        return self.display_name or self.username

    def can(self, permission: str) -> bool:
        return self.is_active and role_can(self.role, permission)

    @property
    def password_expired(self) -> bool:
        from django.conf import settings

        if self.password_changed_at is None:
            return True
        age = timezone.now() - self.password_changed_at
        return age.days >= settings.PASSWORD_MAX_AGE_DAYS


class PasswordHistory(models.Model):
    """The hashes of a user's previous passwords, so the last N are not reused."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField(max_length=128)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user_id}@{self.created_at:%Y-%m-%d}"


class TokenEnd(models.TextChoices):
    """Why a token stopped working before it expired."""

    OWNER = "owner", "本人撤销"
    ADMIN = "admin", "管理员撤销"
    PASSWORD = "password", "密码已修改"
    LOCKOUT = "lockout", "账号登录被锁定"
    DEACTIVATED = "deactivated", "账号已停用"


class ApiToken(models.Model):
    """A bearer token for the API. Only its SHA-256 is stored; the key is shown once.

    It works until `expires_at`, unless revoked (`revoked_at`, with why and by whom), and
    never while its user is inactive or their password is expired (services.token_authenticate).
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("用途", max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField("撤销时间", null=True, blank=True)
    revoked_reason = models.CharField("结束原因", max_length=20, choices=TokenEnd, blank=True)
    revoked_by = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="撤销人",
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name}（{self.prefix}…）"

    @property
    def state(self) -> str:
        """In words, for the token pages."""
        if self.revoked_at is not None:
            return self.get_revoked_reason_display() or "已撤销"
        if self.expires_at is not None and self.expires_at <= timezone.now():
            return "已过期"
        return "有效"

    @property
    def usable(self) -> bool:
        return self.state == "有效"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @staticmethod
    def new_key() -> str:
        return "gh_" + secrets.token_urlsafe(32)
