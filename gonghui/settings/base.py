"""Base settings. Safe defaults; every tunable rule is a setting read through env.py."""

import datetime
from pathlib import Path

import dj_database_url

from .env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env_str("SECRET_KEY", required=True)
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "axes",  # login failures and locks (accounts.lockout)
    # The layers, lowest first (import-linter holds them: pyproject.toml); docs/architecture.md.
    "gonghui.core",
    "gonghui.core.importing",
    "gonghui.demo",
    "gonghui.orgs",
    "gonghui.accounts",
    "gonghui.members",
    "gonghui.finance",
    "gonghui.rights",
    "gonghui.assistance",
    "gonghui.mutualaid",
    "gonghui.merit",
    "gonghui.democracy",
    "gonghui.activities",
    "gonghui.reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "gonghui.accounts.middleware.SessionRefreshMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "gonghui.accounts.middleware.PasswordExpiryMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "gonghui.core.middleware.SecurityHeadersMiddleware",
    "gonghui.core.middleware.RequestContextMiddleware",
    "gonghui.core.middleware.ControlCharacterMiddleware",
    "gonghui.core.middleware.ApplicationErrorMiddleware",
    # last, as axes asks: it turns a lock found during the view into its response
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "gonghui.urls"
WSGI_APPLICATION = "gonghui.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "gonghui" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gonghui.core.context_processors.navigation",
            ],
        },
    },
]

# SQLite (WAL) by default; PostgreSQL through DATABASE_URL (no prefix: the common convention).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'gonghui.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# ---- Login security (等保 level 3; domain-rules §12) ----
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
PASSWORD_MIN_LENGTH = env_int("PASSWORD_MIN_LENGTH", 8)
PASSWORD_MIN_CLASSES = env_int("PASSWORD_MIN_CLASSES", 3)
PASSWORD_HISTORY_COUNT = env_int("PASSWORD_HISTORY_COUNT", 5)
PASSWORD_MAX_AGE_DAYS = env_int("PASSWORD_MAX_AGE_DAYS", 90)
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "gonghui.accounts.passwords.MinimumLengthValidator",
        "OPTIONS": {"min_length": PASSWORD_MIN_LENGTH},
    },
    {"NAME": "gonghui.accounts.passwords.CharacterClassValidator"},
    {"NAME": "gonghui.accounts.passwords.PasswordHistoryValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    # words, pinyin, keyboard runs, years and the site's name dressed up (accounts/common_words.txt)
    {"NAME": "gonghui.accounts.passwords.CommonPatternValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
]
LOGIN_MAX_FAILURES = env_int("LOGIN_MAX_FAILURES", 5)
LOGIN_LOCK_MINUTES = env_int("LOGIN_LOCK_MINUTES", 30)
# A source (IP) that failed under this many user names within LOGIN_LOCK_MINUTES is refused
# for every name: it is guessing accounts, not mistyping one.
LOGIN_SOURCE_MAX_ACCOUNTS = env_int("LOGIN_SOURCE_MAX_ACCOUNTS", 10)
# django-axes counts the failures and holds the locks (accounts.lockout). A lock is bound
# to the (account, source) pair: anyone could lock an account bound to its name alone, and
# the person it belongs to still logs in from their own computer.
AUTHENTICATION_BACKENDS = [
    "gonghui.accounts.lockout.LockoutBackend",  # axes' AxesStandaloneBackend
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "gonghui.accounts.lockout.LoginHandler"
AXES_FAILURE_LIMIT = LOGIN_MAX_FAILURES
AXES_COOLOFF_TIME = datetime.timedelta(minutes=LOGIN_LOCK_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = (
    False  # a lock ends LOGIN_LOCK_MINUTES after it began
)
AXES_CLIENT_IP_CALLABLE = "gonghui.core.context.client_ip"  # the one client address
AXES_LOCKOUT_CALLABLE = "gonghui.accounts.lockout.lockout_response"
AXES_DISABLE_ACCESS_LOG = True  # the audit log records every login and failure
AXES_VERBOSE = False
# Addresses (or networks, "10.0.0.0/8") of the reverse proxies in front of the app. Only a
# request whose socket address is one of them has its X-Forwarded-For / X-Real-IP believed
# (core.context.client_ip); empty: the socket address is the client's.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", [])
# A token lives this many days at most; it ends sooner with a password change, a lockout,
# a deactivation or its revocation, and does not work while the password is expired.
API_TOKEN_DAYS = env_int("API_TOKEN_DAYS", 90)
# Idle timeout: a session expires after this many seconds without a request.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 30 * 60)
# Not on every request (a write per page read locked SQLite under load, issue #11): the
# session is saved when last refreshed more than SESSION_REFRESH_SECONDS ago
# (accounts.middleware.SessionRefreshMiddleware), so the idle limit holds to within that.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_SECONDS = env_int("SESSION_REFRESH_SECONDS", 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "reports:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Audit entries are kept at least this long (网络安全法: ≥ 6 months).
AUDIT_RETENTION_DAYS = env_int("AUDIT_RETENTION_DAYS", 190)

# ---- Organization rules (domain-rules §1) ----
TERM_ALERT_DAYS = env_int("TERM_ALERT_DAYS", 90)
UNION_COMMITTEE_MIN_MEMBERS = env_int("UNION_COMMITTEE_MIN_MEMBERS", 25)
DISTRICT_DIVISION_CODE = env_str("DISTRICT_DIVISION_CODE", "440113")

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "gonghui" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Uploaded files live outside the web root and are never served by URL.
MEDIA_ROOT = VAR_DIR / "files"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Uploaded rosters, error reports and export files hold RICs and phones: they are deleted
# this many days after their run or job (core.retention, a daily periodic job).
FILE_RETENTION_DAYS = env_int("FILE_RETENTION_DAYS", 30)

# Imports run on their own queue, so a big one never keeps an export or another job waiting:
# `make serve` starts one worker per queue (docs/operations.md).
TASK_QUEUES = ["default", "imports"]
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": TASK_QUEUES}}
# A running job touches its row this often; one untouched for the lease (its worker was
# killed) is failed by core.jobs.reap_stale_jobs and can be resumed (issue #11).
JOB_HEARTBEAT_SECONDS = env_int("JOB_HEARTBEAT_SECONDS", 20)
JOB_LEASE_SECONDS = env_int("JOB_LEASE_SECONDS", 120)

# ---- Notifications (core.notify) ----
# Channels by name: "console" (a log line), "email" (EMAIL_BACKEND, to the user's address),
# "sms" (the interface an SMS gateway implements; the stock one sends nothing).
NOTIFY_CHANNELS = env_list("NOTIFY_CHANNELS", ["console"])
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "gonghui@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # axes logs every failure; the audit log records them with the user name and address
    "loggers": {"axes": {"level": env_str("AXES_LOG_LEVEL", "ERROR")}},
}

# ---- Sensitive personal information (domain-rules §12) ----
# "<id>:<urlsafe base64 of 32 bytes>", comma-separated; the first encrypts, all decrypt.
FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEYS", [])
BLIND_INDEX_KEY = env_str("BLIND_INDEX_KEY", "")

# ---- Members and online joining (MEM-4) ----
# Submissions of the public joining form allowed per IP per hour and per phone per day.
JOINING_MAX_PER_IP_PER_HOUR = env_int("JOINING_MAX_PER_IP_PER_HOUR", 10)
JOINING_MAX_PER_PHONE_PER_DAY = env_int("JOINING_MAX_PER_PHONE_PER_DAY", 3)

# ---- Working-day calendar (core.calendar) ----
# chinese_calendar knows 2004–2026 only; for later years list the State Council's holidays
# and 调休 working days here (YYYY-MM-DD, comma-separated) until the package is updated.
CALENDAR_EXTRA_HOLIDAYS = env_list("CALENDAR_EXTRA_HOLIDAYS", [])
CALENDAR_EXTRA_WORKDAYS = env_list("CALENDAR_EXTRA_WORKDAYS", [])

# ---- Rights protection (rights app; domain-rules §5, §6, rules 28-34) ----
# "calendar" or "workday": how the 信访 limits below are counted.
RIGHTS_LIMIT_UNIT = env_str("RIGHTS_LIMIT_UNIT", "calendar")
RIGHTS_ACCEPT_DAYS = env_int("RIGHTS_ACCEPT_DAYS", 15)  # decide acceptance (rule 28)
RIGHTS_CONCLUDE_DAYS = env_int("RIGHTS_CONCLUDE_DAYS", 60)  # conclude after acceptance (rule 29)
RIGHTS_EXTENSION_MAX_DAYS = env_int("RIGHTS_EXTENSION_MAX_DAYS", 30)  # one extension (rule 29)
RIGHTS_MEDIATION_DAYS = env_int("RIGHTS_MEDIATION_DAYS", 15)  # labor-dispute mediation (rule 32)
# Enterprise mediation committee accepts within 3 working days (§6, 人社部令第17号).
RIGHTS_MEDIATION_ACCEPT_WORKDAYS = env_int("RIGHTS_MEDIATION_ACCEPT_WORKDAYS", 3)
RIGHTS_ARBITRATION_LIMIT_DAYS = env_int("RIGHTS_ARBITRATION_LIMIT_DAYS", 365)  # rule 33
RIGHTS_ARBITRATION_WARN_DAYS = env_int("RIGHTS_ARBITRATION_WARN_DAYS", 30)  # rule 33
# Local monthly minimum wage (广州), for the 一裁终局 cap of 12 months (rule 34).
RIGHTS_LOCAL_MIN_WAGE = env_str("RIGHTS_LOCAL_MIN_WAGE", "2500.00")
RIGHTS_GROUP_VISIT_MAX_REPRESENTATIVES = env_int("RIGHTS_GROUP_VISIT_MAX_REPRESENTATIVES", 5)
RIGHTS_DUE_SOON_DAYS = env_int("RIGHTS_DUE_SOON_DAYS", 3)
RIGHTS_AUTO_CLOSE_DAYS = env_int("RIGHTS_AUTO_CLOSE_DAYS", 15)  # close when no feedback
RIGHTS_DUPLICATE_DAYS = env_int("RIGHTS_DUPLICATE_DAYS", 30)
# Online complaint platform: anti-abuse limits and attachments.
RIGHTS_PORTAL_MAX_PER_IP = env_int("RIGHTS_PORTAL_MAX_PER_IP", 5)
RIGHTS_PORTAL_MAX_PER_PHONE = env_int("RIGHTS_PORTAL_MAX_PER_PHONE", 3)
RIGHTS_PORTAL_WINDOW_MINUTES = env_int("RIGHTS_PORTAL_WINDOW_MINUTES", 60)
RIGHTS_PORTAL_MAX_LOOKUPS_PER_IP = env_int("RIGHTS_PORTAL_MAX_LOOKUPS_PER_IP", 20)
RIGHTS_ATTACHMENT_MAX_BYTES = env_int("RIGHTS_ATTACHMENT_MAX_BYTES", 5 * 1024 * 1024)
RIGHTS_ATTACHMENT_MAX_FILES = env_int("RIGHTS_ATTACHMENT_MAX_FILES", 3)
# Status look-ups (number + RIC) allowed per IP per hour on the public page.
JOINING_STATUS_CHECKS_PER_HOUR = env_int("JOINING_STATUS_CHECKS_PER_HOUR", 30)

# ---- Lists (core.lists) ----
# A list counts at most this many rows; past it the total reads "1,000+" (issue #10).
LIST_COUNT_CAP = env_int("LIST_COUNT_CAP", 1000)

# ---- Cache (issue #10: the tree's and dashboard's per-town counts, the joining page's
# rate limits) ----
# The database cache: one store that every gunicorn worker and the job worker share (the
# default in-process cache would give each worker its own counts and its own rate limits),
# kept in the database the site already has (no Redis to run), and, in tests, rolled back
# with each test's transaction. `manage.py createcachetable` creates its table (make run,
# docs/operations.md; Django's test runner does it for the test database).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "gonghui_cache",
        "TIMEOUT": 600,
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }
}

# ---- Import pipeline (MEM-2, ORG-2, PLAT-5) ----
IMPORT_MAX_UPLOAD_MB = env_int("IMPORT_MAX_UPLOAD_MB", 50)
IMPORT_BATCH_SIZE = env_int("IMPORT_BATCH_SIZE", 10_000)  # rows per transaction
IMPORT_ERROR_SAMPLE = env_int("IMPORT_ERROR_SAMPLE", 500)  # rejected cells listed on the page
# python-calamine holds the whole sheet in memory (535 MB at 400,000 rows); an .xlsx whose
# sheet XML is larger than this is read streaming (core.importing.xlsx_stream: flat memory).
IMPORT_XLSX_STREAM_ABOVE_MB = env_int("IMPORT_XLSX_STREAM_ABOVE_MB", 100)
# Files of more rows than this are read and checked by a child process
# (core.importing.checking) while the job's own process writes; off: all in the job's process.
IMPORT_PARALLEL_ABOVE_ROWS = env_int("IMPORT_PARALLEL_ABOVE_ROWS", 20_000)
IMPORT_CHECK_APART = env_bool("IMPORT_CHECK_APART", True)
# Limits no upload can pass (issue #12), checked at upload and again before reading. Rows
# of a file (title and header rows included): sized for the whole district's roster.
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 1_000_000)
# An .xlsx is a zip: what its parts expand to in all, and how much any part of over 1 MB
# may expand (a real roster's sheet about 10 times; a 2.2 MB file that expanded to 654 MB,
# 300 times, held the only worker ~400 s).
IMPORT_XLSX_MAX_UNCOMPRESSED_MB = env_int("IMPORT_XLSX_MAX_UNCOMPRESSED_MB", 1000)
IMPORT_XLSX_MAX_RATIO = env_int("IMPORT_XLSX_MAX_RATIO", 100)
# The longest cell of a CSV read (Excel's own cell limit); a row with a longer one is rejected.
IMPORT_CSV_FIELD_MAX_CHARS = env_int("IMPORT_CSV_FIELD_MAX_CHARS", 32_767)
# Rights: 信访 review (rule 30) and arbitration tracking (rule 34).
RIGHTS_REVIEW_REQUEST_DAYS = env_int("RIGHTS_REVIEW_REQUEST_DAYS", 30)  # ask within 30 days
RIGHTS_REVIEW_DAYS = env_int("RIGHTS_REVIEW_DAYS", 30)  # the review is answered within 30 days
RIGHTS_AWARD_DAYS = env_int("RIGHTS_AWARD_DAYS", 45)  # award due after arbitration acceptance
RIGHTS_AWARD_EXTENSION_DAYS = env_int("RIGHTS_AWARD_EXTENSION_DAYS", 15)
RIGHTS_LAWSUIT_DAYS = env_int("RIGHTS_LAWSUIT_DAYS", 15)  # sue within 15 days of the award
