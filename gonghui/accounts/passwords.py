"""Password rules of 等保 level 3: character classes and no reuse of the last N."""

import re

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError

_CLASSES = [r"[a-z]", r"[A-Z]", r"[0-9]", r"[^a-zA-Z0-9]"]


class MinimumLengthValidator:
    """Django's, in Chinese (its zh-hans catalog leaves this message in English)."""

    def __init__(self, min_length: int = 8):
        self.min_length = min_length

    def validate(self, password: str, user=None) -> None:
        if len(password) < self.min_length:
            raise ValidationError(
                f"密码太短，至少{self.min_length}个字符（现为{len(password)}个）。",
                code="password_too_short",
            )

    def get_help_text(self) -> str:
        return f"至少{self.min_length}个字符。"


class CharacterClassValidator:
    def validate(self, password: str, user=None) -> None:
        present = sum(1 for pattern in _CLASSES if re.search(pattern, password))
        needed = settings.PASSWORD_MIN_CLASSES
        if present < needed:
            raise ValidationError(
                f"密码须包含小写字母、大写字母、数字、符号四类中的至少{needed}类。",
                code="password_classes",
            )

    def get_help_text(self) -> str:
        return f"至少包含小写字母、大写字母、数字、符号中的{settings.PASSWORD_MIN_CLASSES}类。"


class PasswordHistoryValidator:
    def validate(self, password: str, user=None) -> None:
        if user is None or user.pk is None:
            return
        count = settings.PASSWORD_HISTORY_COUNT
        recent = user.password_history.all()[:count]
        if any(check_password(password, old.password) for old in recent):
            raise ValidationError(f"不能使用最近{count}次用过的密码。", code="password_reused")

    def get_help_text(self) -> str:
        return f"不能与最近{settings.PASSWORD_HISTORY_COUNT}次的密码相同。"
