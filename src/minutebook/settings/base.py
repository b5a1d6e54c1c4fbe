"""Settings shared by every environment.

Configuration comes from environment variables so that one build runs anywhere:
``DATABASE_URL`` picks SQLite (the default, a file under ``var/``) or PostgreSQL.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

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
    "minutebook.importer",
    "minutebook.backoffice",
    "minutebook.publishing",
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    *MINUTEBOOK_APPS,
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

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
            ],
        },
    },
]


def database_from_env() -> dict[str, object]:
    """Read DATABASE_URL; default to a SQLite file under var/."""
    default = f"sqlite:///{VAR_DIR / 'minutebook.sqlite3'}"
    url = os.environ.get("DATABASE_URL", default)
    config = dj_database_url.parse(url, conn_max_age=60)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        Path(str(config["NAME"])).parent.mkdir(parents=True, exist_ok=True)
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
        }
        config["CONN_MAX_AGE"] = 0
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

LOGIN_URL = "/admin/login/"

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("MINUTEBOOK_FROM_EMAIL", "democratic.services@example.gov.uk")

# Public site branding: the council's own name and colour, never the GOV.UK brand.
MINUTEBOOK_SITE_NAME = os.environ.get("MINUTEBOOK_SITE_NAME", "")
MINUTEBOOK_BRAND_COLOUR = os.environ.get("MINUTEBOOK_BRAND_COLOUR", "#1d4f91")
