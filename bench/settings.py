"""The production settings as `bench/pages.py --concurrent` serves them: plain HTTP on localhost.

Everything else is `gonghui.settings.production` (DEBUG off, no query log, the same
middleware, sessions saved on every request, the database cache). Only what needs HTTPS is
turned off, since the benchmark's server has no nginx in front: the redirect to HTTPS,
HSTS and the secure-cookie flags (a cookie marked secure is not sent back over HTTP).
"""

import os

os.environ.setdefault(
    "GONGHUI_FIELD_ENCRYPTION_KEYS", "bench1:YmVuY2gtb25seS1maWVsZC1rZXktbm90LXNlY3JldCE"
)
os.environ.setdefault("GONGHUI_BLIND_INDEX_KEY", "bench-only-blind-index-key")
os.environ.setdefault("GONGHUI_SECRET_KEY", "bench-only-" + "k" * 50)
os.environ.setdefault("GONGHUI_SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("GONGHUI_HSTS_SECONDS", "0")

from gonghui.settings.production import *  # noqa: E402,F403

ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_PROXY_SSL_HEADER = None
# The benchmark's clients stand where nginx stands in production (loopback, docs/operations.md):
# `bench/load.py` gives each worker's complaint its own address in X-Forwarded-For, as nginx
# would, so the complaint page's per-IP limit is counted per worker, not for all at once.
TRUSTED_PROXIES = ["127.0.0.1/32", "::1/128"]
LOGGING = {  # the server's own log only: a log line per request would be measured too
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
