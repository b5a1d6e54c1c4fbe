"""Local development: debug on, SQLite under var/ unless DATABASE_URL says otherwise."""

from minutebook.settings.base import *  # noqa: F403
from minutebook.settings.base import env_bool

DEBUG = env_bool("DJANGO_DEBUG", True)
ALLOWED_HOSTS = ["*"]

# The demo's administrator signs in without an authenticator app; production requires one.
MINUTEBOOK_REQUIRE_ADMIN_OTP = env_bool("MINUTEBOOK_REQUIRE_ADMIN_OTP", False)
