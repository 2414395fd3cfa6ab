"""pytest: fast hashing, tasks run in-process, files in a temporary folder."""

import atexit
import os
import shutil
import tempfile

os.environ.setdefault(
    "GONGHUI_FIELD_ENCRYPTION_KEYS", "test1:dGVzdC1vbmx5LWZpZWxkLWtleS1ub3Qtc2VjcmV0MzI"
)
os.environ.setdefault("GONGHUI_BLIND_INDEX_KEY", "test-only-blind-index-key")
os.environ.setdefault("GONGHUI_SECRET_KEY", "test-only-" + "k" * 50)
# Files in a folder per test process: xdist workers run side by side and number their rows
# alike (run-1-errors.xlsx); the processes a test starts (import workers) share their parent's.
# The process that makes the folder removes it when it exits (its children leave it).
_VAR_KEY = f"GONGHUI_TEST_VAR_DIR_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
if _VAR_KEY not in os.environ:
    os.environ[_VAR_KEY] = tempfile.mkdtemp(prefix="gonghui-test-")
    atexit.register(shutil.rmtree, os.environ[_VAR_KEY], ignore_errors=True)
os.environ["GONGHUI_VAR_DIR"] = os.environ[_VAR_KEY]

from .base import *  # noqa: E402,F403

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
]
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": TASK_QUEUES,  # noqa: F405
    }
}
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# The in-process cache: tests clear it without a database (members' rate-limit fixture).
# The counts' keys hold a write stamp no two tests' writes share (orgs migration 0006).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# A permission code nobody registered fails the test that checks it (core.registry.role_can).
STRICT_PERMISSIONS = True
# SQLite: the test database is a file (WAL, a busy timeout), as in production, not Django's
# shared-cache in-memory one. There a second connection (a job's heartbeat thread, a live
# server's) meets a table lock with "database table is locked" at once, which no busy timeout
# waits out: a browser test's job failed so on CI. A file also lets the race tests run.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}  # noqa: F405
