"""Django settings for fazhi, read from the environment.

DATABASE_URL selects the database in every mode (default: SQLite in WAL mode under var/).
FAZHI_ENV=production switches on the production defaults (DEBUG off, secure cookies, HSTS…).
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("FAZHI_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)

PRODUCTION = os.environ.get("FAZHI_ENV", "development") == "production"
DEBUG = os.environ.get("DEBUG", "0" if PRODUCTION else "1") == "1"

_DEV_SECRET = "dev-only-insecure-secret-key-0123456789-not-for-production-use-!!"
SECRET_KEY = os.environ.get("SECRET_KEY", "" if PRODUCTION else _DEV_SECRET)
if PRODUCTION and not SECRET_KEY:
    raise RuntimeError("FAZHI_ENV=production 需要设置环境变量 SECRET_KEY")

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "fazhi.core",
    "fazhi.registry",
    "fazhi.deadlines",
    "fazhi.powers",
    "fazhi.inspections",
    "fazhi.cases",
    "fazhi.complaints",
    "fazhi.credit",
    "fazhi.sampling",
    "fazhi.file_reviews",
    "fazhi.remedies",
    "fazhi.disclosure",
    "fazhi.normative_docs",
    "fazhi.major_decisions",
    "fazhi.legal_affairs",
    "fazhi.activities",
    "fazhi.exams",
    "fazhi.reports",
    "fazhi.publicity",
    "fazhi.web",
    "fazhi.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "fazhi.core.middleware.RefuseNulBytes",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "fazhi.core.middleware.RequestContextMiddleware",
    "fazhi.core.middleware.SuperuserAuditMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "fazhi.core.middleware.SessionPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "fazhi.core.middleware.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "fazhi.urls"
WSGI_APPLICATION = "fazhi.wsgi.application"

# The API docs' Swagger UI is served from django-ninja's own static files and template, not a CDN (issue 14 §8),
# without "ninja" in INSTALLED_APPS: as an app it was imported (with pydantic) by every process, ~0.2 s of every
# command's start-up (issue 19 §5). Its folders are found without importing it (fazhi.api.root.LocalSwagger).
NINJA_DIR = Path(importlib.util.find_spec("ninja").origin).parent  # type: ignore[union-attr,arg-type]
STATICFILES_DIRS = [NINJA_DIR / "static"]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [NINJA_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "fazhi.web.context.navigation",
            ],
        },
    }
]

DEFAULT_SQLITE = f"sqlite:///{VAR_DIR / 'fazhi.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL", DEFAULT_SQLITE), conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Persistent connections: each WSGI thread keeps its SQLite connection (and page cache) instead of
    # reopening the file and re-running the PRAGMAs on every request.
    DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("FAZHI_CONN_MAX_AGE", "600"))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        "init_command": "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA busy_timeout=30000;"
        "PRAGMA cache_size=-65536;PRAGMA mmap_size=268435456;PRAGMA temp_store=MEMORY;",
    }
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("FAZHI_TEST_SQLITE", None)}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = ["fazhi.core.security.LockoutBackend", "django.contrib.auth.backends.ModelBackend"]
# Password policy for a level-3 system (fazhi.core.passwords, docs/security.md): at least 12 characters of three of
# the four classes, no dictionary word or date, not like the user's names, not one of the last 5 passwords; a new
# password every FAZHI_PASSWORD_MAX_AGE_DAYS days.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "fazhi.core.passwords.LengthAndClassesValidator", "OPTIONS": {"min_length": 12, "min_classes": 3}},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
     "OPTIONS": {"user_attributes": ("username", "display_name")}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "fazhi.core.passwords.DictionaryValidator"},
    {"NAME": "fazhi.core.passwords.DateValidator"},
    {"NAME": "fazhi.core.passwords.HistoryValidator", "OPTIONS": {"keep": 5}},
]  # fmt: skip
FAZHI_PASSWORD_MAX_AGE_DAYS = int(os.environ.get("FAZHI_PASSWORD_MAX_AGE_DAYS", "90"))
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling (fazhi.core.lockout): per address over all accounts, per account and address with backoff, per
# account from unknown addresses; the 安全管理员 unlocks. Addresses of reverse proxies whose X-Forwarded-For is believed.
FAZHI_LOCKOUT: dict[str, int] = {}
FAZHI_TRUSTED_PROXIES = [p.strip() for p in os.environ.get("FAZHI_TRUSTED_PROXIES", "").split(",") if p.strip()]
# Second factor (TOTP, django-otp): required for these roles in production, optional for everyone else.
FAZHI_OTP_REQUIRED_ROLES = (
    [
        r
        for r in os.environ.get(
            "FAZHI_OTP_REQUIRED_ROLES", "leader,legal_reviewer,admin,security_admin,audit_admin"
        ).split(",")
        if r
    ]
    if PRODUCTION
    else [r for r in os.environ.get("FAZHI_OTP_REQUIRED_ROLES", "").split(",") if r]
)
# API bearer tokens expire after this many days (at most 365); they can be revoked at any time.
FAZHI_API_TOKEN_DAYS = int(os.environ.get("FAZHI_API_TOKEN_DAYS", "90"))
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "fazhi 法治")

LANGUAGE_CODE = "zh-hans"
# The only language: LocaleMiddleware would otherwise follow a browser set to English (Django's field errors,
# month names) — every screen is Chinese whatever the browser asks for.
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = Path(os.environ.get("FAZHI_MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 50 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Sessions end 30 minutes after the last request (idle) and 8 hours after the login (absolute), whichever comes first
# (fazhi.core.middleware.SessionPolicyMiddleware); the cookie ends with the browser.
SESSION_COOKIE_AGE = 8 * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
FAZHI_SESSION_IDLE_SECONDS = int(os.environ.get("FAZHI_SESSION_IDLE_SECONDS", str(30 * 60)))
FAZHI_SESSION_ABSOLUTE_SECONDS = int(os.environ.get("FAZHI_SESSION_ABSOLUTE_SECONDS", str(8 * 3600)))
# Content-Security-Policy (fazhi.core.middleware.ContentSecurityPolicyMiddleware): scripts and styles from this
# site only; no plug-ins, frames or foreign form targets.
FAZHI_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "1") == "1"
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Every line carries the request id: the reference number a user sees on the error page.
    "filters": {"request_id": {"()": "fazhi.core.errorpages.RequestIdFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# The bureau this installation serves (document numbers, report titles).
FAZHI_BUREAU_NAME = os.environ.get("FAZHI_BUREAU_NAME", "天津市东丽区市场监督管理局")
# The next-level market supervision authority (上一级市场监督管理部门): decides or consents to serious-list listings.
FAZHI_UPPER_AUTHORITY = os.environ.get("FAZHI_UPPER_AUTHORITY", "天津市市场监督管理委员会")
FAZHI_BUREAU_SHORT = os.environ.get("FAZHI_BUREAU_SHORT", "津东丽市监")
FAZHI_REGION_CODE = os.environ.get("FAZHI_REGION_CODE", "120110")
# Fixed legal date for demos and tests (YYYY-MM-DD); empty = today in Asia/Shanghai.
FAZHI_LEGAL_TODAY = os.environ.get("FAZHI_LEGAL_TODAY", "")

# Imports (docs/formats/README.md): the largest file accepted, the memory of the child process that reads a
# spreadsheet, where temporary files go (not /tmp: it may be memory), how long uploaded files are kept.
FAZHI_IMPORT_MAX_FILE_MB = int(os.environ.get("FAZHI_IMPORT_MAX_FILE_MB", "300"))
FAZHI_IMPORT_READER_MEMORY_MB = int(os.environ.get("FAZHI_IMPORT_READER_MEMORY_MB", "3072"))
FAZHI_IMPORT_WORK_DIR = Path(os.environ.get("FAZHI_IMPORT_WORK_DIR", VAR_DIR / "tmp"))
FAZHI_IMPORT_RETENTION_DAYS = int(os.environ.get("FAZHI_IMPORT_RETENTION_DAYS", "30"))  # `fazhi purge-uploads`
FAZHI_BACKUP_DIR = os.environ.get("FAZHI_BACKUP_DIR", "")  # `fazhi backup` (default var/backups)

# The audit trail's anchors outside the database (docs/security.md, ADR 0007): the append-only anchor file (put it
# on storage the database administrator cannot rewrite) and the HMAC key that signs each line (keep it away from
# the database). Outside production the key is derived from SECRET_KEY so that the demo can anchor.
FAZHI_AUDIT_ANCHOR_FILE = os.environ.get("FAZHI_AUDIT_ANCHOR_FILE", str(VAR_DIR / "audit-anchors.jsonl"))
FAZHI_AUDIT_ANCHOR_KEY = os.environ.get("FAZHI_AUDIT_ANCHOR_KEY", "" if PRODUCTION else "dev-anchor:" + SECRET_KEY)
FAZHI_AUDIT_ANCHOR_OLD_KEYS = [k for k in os.environ.get("FAZHI_AUDIT_ANCHOR_OLD_KEYS", "").split(",") if k]
