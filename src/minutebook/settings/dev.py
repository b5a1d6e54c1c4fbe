"""Local development: debug on, SQLite under var/ unless DATABASE_URL says otherwise."""

from minutebook.settings.base import *  # noqa: F403
from minutebook.settings.base import env_bool

DEBUG = env_bool("DJANGO_DEBUG", True)
ALLOWED_HOSTS = ["*"]

# The demo's logins work without an authenticator app; production requires one. The
# demo administrator can still issue enrolment codes (/officer/users/), and whoever sets
# an app up with one is asked for its codes from then on.
MINUTEBOOK_REQUIRE_OFFICER_OTP = env_bool("MINUTEBOOK_REQUIRE_OFFICER_OTP", False)
MINUTEBOOK_REQUIRE_ADMIN_OTP = env_bool("MINUTEBOOK_REQUIRE_ADMIN_OTP", False)
