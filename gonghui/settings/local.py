"""`make run`: a developer's machine. Not for production."""

import os

from .env import env_str

os.environ.setdefault(
    "GONGHUI_FIELD_ENCRYPTION_KEYS", "dev1:ZGV2LW9ubHktZmllbGQta2V5LW5vdC1zZWNyZXQtMzI"
)
os.environ.setdefault("GONGHUI_BLIND_INDEX_KEY", "dev-only-blind-index-key")
os.environ.setdefault("GONGHUI_SECRET_KEY", "dev-only-not-secret-" + "x" * 40)
# Off by default so that `make run` shows the product's own 404 and 500 pages, as people
# will see them; GONGHUI_DEBUG=1 for Django's technical pages while developing.
os.environ.setdefault("GONGHUI_DEBUG", "0")

from .base import *  # noqa: E402,F403

SECRET_KEY = env_str("SECRET_KEY")

# Static files straight from the apps' folders (no collectstatic on a developer's machine).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
