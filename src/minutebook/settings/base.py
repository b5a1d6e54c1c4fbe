"""Settings shared by every environment.

Configuration comes from environment variables so that one build runs anywhere:
``DATABASE_URL`` picks SQLite (the default, a file under ``var/``) or PostgreSQL.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import dj_database_url
from csp.constants import NONCE

SRC_DIR = Path(__file__).resolve().parents[1]
# The repository root when running from a checkout; VAR_DIR can move data elsewhere.
BASE_DIR = SRC_DIR.parents[1]
VAR_DIR = Path(os.environ.get("MINUTEBOOK_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "insecure-dev-key-change-me")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = [
    h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1").split(",") if h
]

MINUTEBOOK_APPS = [
    "minutebook.core",
    "minutebook.councils",
    "minutebook.people",
    "minutebook.committees",
    "minutebook.meetings",
    "minutebook.reports",
    "minutebook.documents",
    "minutebook.decisions",
    "minutebook.forwardplan",
    "minutebook.participation",
    "minutebook.interests",
    "minutebook.scrutiny",
    "minutebook.attendance",
    "minutebook.minutes",
    "minutebook.importer",
    "minutebook.backoffice",
    "minutebook.publishing",
    "minutebook.accounts",
    "minutebook.audit",
    "minutebook.members",
    "minutebook.api",
    "minutebook.feeds",
    "minutebook.packs",
    "minutebook.search",
    "minutebook.alerts",
    "minutebook.plans",
    "minutebook.pagecache",
    "minutebook.jobs",
    "minutebook.derived",
    "minutebook.notifications",
    "minutebook.mirror",
]

INSTALLED_APPS = [
    # django.contrib.admin with a site open only to the roles that use it (accounts.admin_site)
    "minutebook.accounts.admin_site.MinutebookAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    *MINUTEBOOK_APPS,
]

MIDDLEWARE = [
    "minutebook.core.request_id.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # OParl: HEAD as GET (outside the page cache, so cached or not), OPTIONS, CORS and
    # error objects on every /oparl/ URL (minutebook.api.http).
    "minutebook.api.http.OParlHttpMiddleware",
    # Anonymous visitors' public pages; outside the session, CSRF and CSP middleware so
    # it sees every cookie and header they add (minutebook.publishing.cache).
    "minutebook.publishing.cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "minutebook.accounts.middleware.SecondFactorMiddleware",
    "minutebook.audit.context.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, so its refusals carry every header above; it still runs before any view or
    # CSRF check reads the form (minutebook.core.inputs, docs/security.md).
    "minutebook.core.inputs.InputBoundaryMiddleware",
]
#: A form body (files aside) may be this large: above a 3 MB paste, so such a form is
#: read and re-shown with a message (texts hold at most core.inputs.LONG_TEXT_MAX
#: characters); larger bodies get a 413 page. Percent-encoding can triple a text's size.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

ROOT_URLCONF = "minutebook.urls"
WSGI_APPLICATION = "minutebook.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SRC_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "minutebook.publishing.context_processors.site",
                "minutebook.jobs.context_processors.background",
            ],
        },
    },
]


def database_from_env() -> dict[str, object]:
    """Read DATABASE_URL; default to a SQLite file under var/.

    The web server, the task worker and an import write at the same time; a writer must wait
    its turn, not fail. SQLite: WAL (readers never block the writer), IMMEDIATE transactions
    (the write lock is taken at BEGIN, so a transaction never fails half-way upgrading to a
    writer) and a busy timeout of MINUTEBOOK_SQLITE_BUSY_TIMEOUT seconds (default 30; the
    driver's 5 gave officers "database is locked"). PostgreSQL: connections are checked
    before reuse (CONN_HEALTH_CHECKS, so a restarted server costs no failed request), a
    statement waits at most MINUTEBOOK_PG_LOCK_TIMEOUT for a lock and runs at most
    MINUTEBOOK_PG_STATEMENT_TIMEOUT (default 10s and 60s; "0" turns one off, e.g. for a long
    migration), so one stuck query cannot hold every worker. docs/architecture.md has more.
    """

    def pg_duration(name: str, default: str) -> str:
        value = (os.environ.get(name) or default).strip()
        if not re.fullmatch(r"\d+(us|ms|s|min|h|d)?", value):
            raise ValueError(f"{name} must be a PostgreSQL duration such as 10s, not {value!r}")
        return value

    default = f"sqlite:///{VAR_DIR / 'minutebook.sqlite3'}"
    url = os.environ.get("DATABASE_URL", default)
    config = dj_database_url.parse(url, conn_max_age=60)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # minutebook's backends add a maintenance switch for guarded tables
        # (minutebook.core.db): a flush may empty them, nothing else may.
        config["ENGINE"] = "minutebook.core.db.sqlite3"
        # Django's default for a SQLite test database, said out loud: pytest-django
        # recognises only its own engine's name when it gives each xdist worker a database.
        config["TEST"] = {"NAME": ":memory:"}
        Path(str(config["NAME"])).parent.mkdir(parents=True, exist_ok=True)
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": float(os.environ.get("MINUTEBOOK_SQLITE_BUSY_TIMEOUT", "30")),
        }
        # Kept open between requests: opening a SQLite file and running the PRAGMAs cost
        # 4-7 ms a request over HTTP, more than a whole cached page (docs/performance.md).
        config["CONN_MAX_AGE"] = int(os.environ.get("DJANGO_CONN_MAX_AGE", "600"))
    elif str(config["ENGINE"]).endswith(("postgresql", "postgis")):
        if config["ENGINE"] == "django.db.backends.postgresql":
            config["ENGINE"] = "minutebook.core.db.postgresql"
        config["CONN_HEALTH_CHECKS"] = True
        options = dict(config.get("OPTIONS") or {})
        limits = (
            f"-c lock_timeout={pg_duration('MINUTEBOOK_PG_LOCK_TIMEOUT', '10s')} "
            f"-c statement_timeout={pg_duration('MINUTEBOOK_PG_STATEMENT_TIMEOUT', '60s')}"
        )
        options["options"] = f"{options['options']} {limits}" if options.get("options") else limits
        config["OPTIONS"] = options
    return config


DATABASES = {"default": database_from_env()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("MINUTEBOOK_STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [SRC_DIR / "static"]
WHITENOISE_USE_FINDERS = True  # serve straight from the apps in development and tests
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MINUTEBOOK_MEDIA_ROOT", VAR_DIR / "media"))
# Files are written to a temporary name and renamed when complete (core/storage.py):
# a full disk never leaves a truncated upload or pack under MEDIA_ROOT.
STORAGES = {
    "default": {"BACKEND": "minutebook.core.storage.AtomicFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Sign-in (minutebook.accounts): throttled backend, then the second factor below.
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/officer/"
AUTHENTICATION_BACKENDS = ["minutebook.accounts.backends.ThrottledModelBackend"]
MINUTEBOOK_SIGNIN_MAX_FAILURES = int(os.environ.get("MINUTEBOOK_SIGNIN_MAX_FAILURES", "5"))
MINUTEBOOK_SIGNIN_MAX_FAILURES_PER_IP = 20
MINUTEBOOK_SIGNIN_LOCKOUT_MINUTES = int(os.environ.get("MINUTEBOOK_SIGNIN_LOCKOUT_MINUTES", "15"))
# Second factor (accounts.otp, docs/sign-in.md): every officer role, and administrators
# (the narrower switch), must verify with TOTP; members only if the council wants it.
# Authenticators are set up only with an administrator's enrolment code (72 hours).
MINUTEBOOK_REQUIRE_OFFICER_OTP = env_bool("MINUTEBOOK_REQUIRE_OFFICER_OTP", True)
MINUTEBOOK_REQUIRE_ADMIN_OTP = env_bool("MINUTEBOOK_REQUIRE_ADMIN_OTP", True)
MINUTEBOOK_REQUIRE_MEMBER_OTP = env_bool("MINUTEBOOK_REQUIRE_MEMBER_OTP", False)
MINUTEBOOK_OTP_ENROLMENT_HOURS = int(os.environ.get("MINUTEBOOK_OTP_ENROLMENT_HOURS", "72"))
#: Only cleared reports go into a published pack (reports.signals).
MINUTEBOOK_REQUIRE_CLEARED_REPORTS = True
#: Staff holding no role have no rights at any council (a role is needed); set a role
#: name here only to let an old installation's role-less staff keep working.
MINUTEBOOK_UNASSIGNED_STAFF_ROLE = os.environ.get("MINUTEBOOK_UNASSIGNED_STAFF_ROLE", "")
OTP_TOTP_ISSUER = os.environ.get("MINUTEBOOK_SITE_NAME", "") or "minutebook"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 10  # a working day; sign in again tomorrow
CSRF_COOKIE_SAMESITE = "Lax"

# Content security policy (django-csp): own scripts and styles only. Public pages load
# script files only (publishing/static/publishing/), so they carry no nonce and can be
# cached; django-csp adds a nonce only to pages that read request.csp_nonce (officer
# pages). Inline style attributes (the council's brand colour) need 'unsafe-inline'
# for styles; scripts never do.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# Background work (minutebook.jobs). Tasks queue in the database by default, so one
# machine needs nothing but minutebook; MINUTEBOOK_TASK_BACKEND=rq with REDIS_URL queues
# them on Redis for RQ workers instead (docs/deploying.md: scaling out).
MINUTEBOOK_TASK_BACKEND = os.environ.get("MINUTEBOOK_TASK_BACKEND", "database").strip().lower()
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
if MINUTEBOOK_TASK_BACKEND == "rq":
    INSTALLED_APPS.append("django_rq")
    RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 900}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
elif MINUTEBOOK_TASK_BACKEND == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
else:
    raise ValueError(
        f"MINUTEBOOK_TASK_BACKEND must be database or rq, not {MINUTEBOOK_TASK_BACKEND!r}"
    )
#: A worker beats this often; one silent for a lease is dead and its task goes back to
#: the queue, at most MAX_ATTEMPTS claims in all, then it is failed and shown to officers.
MINUTEBOOK_TASK_HEARTBEAT_SECONDS = float(os.environ.get("MINUTEBOOK_TASK_HEARTBEAT_SECONDS", "5"))
MINUTEBOOK_TASK_LEASE_SECONDS = float(os.environ.get("MINUTEBOOK_TASK_LEASE_SECONDS", "60"))
MINUTEBOOK_TASK_MAX_ATTEMPTS = int(os.environ.get("MINUTEBOOK_TASK_MAX_ATTEMPTS", "3"))
MINUTEBOOK_TASK_RESULT_DAYS = int(os.environ.get("MINUTEBOOK_TASK_RESULT_DAYS", "14"))
#: Officer pages warn when the oldest waiting task has waited longer than this.
MINUTEBOOK_TASK_STALE_SECONDS = int(os.environ.get("MINUTEBOOK_TASK_STALE_SECONDS", "300"))
MINUTEBOOK_SCHEDULER_TICK_SECONDS = float(os.environ.get("MINUTEBOOK_SCHEDULER_TICK_SECONDS", "10"))
#: Time-driven rules: each a named periodic task and its interval in seconds
#: (minutebook.jobs.scheduler). Override per deployment with MINUTEBOOK_SCHEDULE_INTERVALS,
#: e.g. "refresh-packs=60,settle-call-ins=600"; 0 turns an entry off.
MINUTEBOOK_SCHEDULE: dict[str, dict[str, object]] = {
    "settle-call-ins": {
        "task": "minutebook.decisions.tasks.settle_call_ins",
        "every": 15 * 60,
        "description": "Decisions whose call-in period ended uncalled come into force.",
    },
    "deadline-reminders": {
        "task": "minutebook.forwardplan.tasks.deadline_reminders",
        "every": 60 * 60,
        "description": "E-mail democratic services the statutory deadlines due soon or passed.",
    },
    "refresh-packs": {
        "task": "minutebook.packs.tasks.refresh_packs",
        "every": 5 * 60,
        "description": "Rebuild agenda packs of upcoming meetings whose sources changed.",
    },
    "rebuild-stale-copies": {
        "task": "minutebook.derived.tasks.rebuild_stale",
        "every": 60,
        "description": "Rebuild packs and minutes whose sources changed (each change also "
        "queues this at once; the schedule catches what a lost queue entry missed).",
    },
    "alert-digests": {
        "task": "minutebook.alerts.tasks.send_alert_digests",
        "every": 15 * 60,
        "description": "E-mail each alert subscriber one digest of the new papers they match.",
    },
    "send-notifications": {
        "task": "minutebook.notifications.tasks.send_notifications",
        "every": 5 * 60,
        "description": "E-mail notifications to those who want them at once (each change "
        "also queues this; the schedule catches a lost queue entry).",
    },
    "notification-digests": {
        "task": "minutebook.notifications.tasks.send_notification_digests",
        "every": 60 * 60,
        "description": "E-mail the daily digest of notifications to those who chose it.",
    },
    "notification-scan": {
        "task": "minutebook.notifications.tasks.scan_notifications",
        "every": 60 * 60,
        "description": "Notify agenda deadlines coming up or passed and registers of "
        "interests due (Localism Act 2011 s30).",
    },
    "prune-task-results": {
        "task": "minutebook.jobs.tasks.prune_finished",
        "every": 24 * 3600,
        "description": "Forget old successful task results and stopped processes.",
    },
    "sweep-temporary-files": {
        "task": "minutebook.jobs.tasks.sweep_temporary_files",
        "every": 6 * 3600,
        "description": "Remove day-old temporary files a killed process left under MEDIA_ROOT.",
    },
}
MINUTEBOOK_SCHEDULE_INTERVALS = os.environ.get("MINUTEBOOK_SCHEDULE_INTERVALS", "")
#: Queue the rebuild of stale derived copies (packs, minutes) as each change commits
#: (minutebook.derived); off only in tests of other apps.
MINUTEBOOK_REBUILD_STALE_COPIES = True

# E-mail: SMTP when EMAIL_HOST is set (production), otherwise printed to the console.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", EMAIL_PORT == 587)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", EMAIL_PORT == 465)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
SERVER_EMAIL = os.environ.get("MINUTEBOOK_SERVER_EMAIL", "minutebook@localhost")

# Logging: everything to stderr (systemd's journal or the container's log collects it),
# each line with the request id (minutebook.core.request_id); a 500 is logged by
# django.request with its traceback. MINUTEBOOK_LOG_LEVEL sets minutebook's own level.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "minutebook.core.request_id.RequestIdFilter"}},
    "formatters": {
        "line": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}
    },
    "handlers": {
        "stderr": {
            "class": "minutebook.core.request_id.StderrHandler",
            "filters": ["request_id"],
            "formatter": "line",
        }
    },
    "root": {"handlers": ["stderr"], "level": "WARNING"},
    "loggers": {
        "minutebook": {"level": os.environ.get("MINUTEBOOK_LOG_LEVEL", "INFO")},
        "django": {"handlers": [], "level": "INFO"},
        "django.server": {"level": "INFO"},
    },
}
DEFAULT_FROM_EMAIL = os.environ.get("MINUTEBOOK_FROM_EMAIL", "democratic.services@example.gov.uk")

# Public site branding: the council's own name and colour, never the GOV.UK brand.
MINUTEBOOK_SITE_NAME = os.environ.get("MINUTEBOOK_SITE_NAME", "")
MINUTEBOOK_BRAND_COLOUR = os.environ.get("MINUTEBOOK_BRAND_COLOUR", "#1d4f91")
#: The site's address, for links in e-mails sent outside a request (deadline reminders).
MINUTEBOOK_BASE_URL = os.environ.get("MINUTEBOOK_BASE_URL", "http://127.0.0.1:8000")
#: The licence of the OParl System (each Body states its council's own); empty: the
#: Open Government Licence v3.0.
MINUTEBOOK_OPEN_DATA_LICENCE = os.environ.get("MINUTEBOOK_OPEN_DATA_LICENCE", "")

# Public page cache (minutebook.publishing.cache): keyed on the database's public data
# generation, which triggers bump on every write, so it is never stale after a write;
# clock-driven changes (publication times, call-in periods) show within the TTL.
MINUTEBOOK_PUBLIC_CACHE = env_bool("MINUTEBOOK_PUBLIC_CACHE", True)
MINUTEBOOK_PUBLIC_CACHE_SECONDS = int(os.environ.get("MINUTEBOOK_PUBLIC_CACHE_SECONDS", "60"))
MINUTEBOOK_PUBLIC_CACHE_ALIAS = "default"
#: Operators may set a release id so a deployment never serves the previous one's pages.
MINUTEBOOK_PUBLIC_CACHE_SALT = os.environ.get("MINUTEBOOK_PUBLIC_CACHE_SALT", "")
# Longest a public search may run (search.fulltext): past it the visitor is asked to narrow it.
MINUTEBOOK_SEARCH_TIME_LIMIT_MS = int(os.environ.get("MINUTEBOOK_SEARCH_TIME_LIMIT_MS", "2000"))
# Per-process memory: each worker keeps its own pages; correctness does not depend on
# sharing them, because the generation lives in the database.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "minutebook-public-pages",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    }
}
