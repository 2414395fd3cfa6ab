"""`make run`: a developer's machine. Not for production."""

import os

from .env import env_str

os.environ.setdefault(
    "GONGHUI_FIELD_ENCRYPTION_KEYS", "dev1:ZGV2LW9ubHktZmllbGQta2V5LW5vdC1zZWNyZXQtMzI"
)
os.environ.setdefault("GONGHUI_BLIND_INDEX_KEY", "dev-only-blind-index-key")
os.environ.setdefault("GONGHUI_SECRET_KEY", "dev-only-not-secret-" + "x" * 40)
os.environ.setdefault("GONGHUI_DEBUG", "1")

from .base import *  # noqa: E402,F403

SECRET_KEY = env_str("SECRET_KEY")
