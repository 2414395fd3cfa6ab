"""One helper to read settings from the environment (prefix GONGHUI_)."""

import os

from django.core.exceptions import ImproperlyConfigured

PREFIX = "GONGHUI_"


def env_str(name: str, default: str | None = None, *, required: bool = False) -> str:
    value = os.environ.get(PREFIX + name)
    if value is None:
        if required:
            raise ImproperlyConfigured(f"Set the environment variable {PREFIX}{name}.")
        return default or ""
    return value


def env_int(name: str, default: int) -> int:
    value = os.environ.get(PREFIX + name)
    return int(value) if value not in (None, "") else default


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(PREFIX + name)
    if value in (None, ""):
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(PREFIX + name)
    if value in (None, ""):
        return default
    return [part.strip() for part in value.split(",") if part.strip()]
