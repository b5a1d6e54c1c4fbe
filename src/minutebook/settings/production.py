"""Production: secrets and hosts must come from the environment; HTTPS only.

``manage.py check --deploy`` is clean with these settings (a test runs it). Behind a
TLS-terminating proxy, set ``DJANGO_SECURE_PROXY_SSL_HEADER=1`` only if the proxy
always sets (and strips from clients) ``X-Forwarded-Proto``.
"""

import os

from minutebook.settings.base import *  # noqa: F403
from minutebook.settings.base import env_bool

DEBUG = False
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]

# HTTPS everywhere, and browsers told to keep to it (HSTS: one year).
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", True)
if env_bool("DJANGO_SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Cookies: secure, host-only names, not readable by scripts (the session).
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_NAME = "__Host-csrftoken"
CSRF_TRUSTED_ORIGINS = [f"https://{host}" for host in ALLOWED_HOSTS if host and host != "*"]  # noqa: F405

# Every officer role verifies with a second factor (docs/sign-in.md); a council that
# must, can turn it off with MINUTEBOOK_REQUIRE_OFFICER_OTP=0 (administrators still use one).
MINUTEBOOK_REQUIRE_OFFICER_OTP = env_bool("MINUTEBOOK_REQUIRE_OFFICER_OTP", True)
MINUTEBOOK_REQUIRE_ADMIN_OTP = True

# Headers.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

STORAGES = {
    "default": {"BACKEND": "minutebook.core.storage.AtomicFileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Static files: collected by `minutebook serve --production` (or `minutebook manage
# collectstatic`) into STATIC_ROOT with hashed names, and served by WhiteNoise with
# far-future caching; never looked up in the source tree at request time.
WHITENOISE_USE_FINDERS = False
WHITENOISE_MAX_AGE = 3600

# Connections kept open between requests, checked before reuse (PostgreSQL).
if DATABASES["default"]["ENGINE"].endswith("postgresql"):  # noqa: F405
    DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DJANGO_CONN_MAX_AGE", "60"))  # noqa: F405
