"""Test settings: fast hashing, in-memory email, immediate tasks."""

from minutebook.settings.base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "minutebook.core.storage.AtomicFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Other apps' tests sign officers in without a device, and publish agendas whose
# report factories skip clearance; the accounts and reports tests turn these on.
MINUTEBOOK_REQUIRE_OFFICER_OTP = False
MINUTEBOOK_REQUIRE_ADMIN_OTP = False
MINUTEBOOK_REQUIRE_CLEARED_REPORTS = False

# Workflow tests skip rendering packs on publication; packs/ tests render them.
MINUTEBOOK_GENERATE_PACKS_ON_PUBLISH = False
# ...and do not queue the rebuild of stale copies after each commit (the rows are still
# written; derived/ and the canary tests turn it on and run the worker).
MINUTEBOOK_REBUILD_STALE_COPIES = False

# The test client's host: OParl ids and e-mail links are built from this setting, never
# from the request, and the crawling tests follow them.
MINUTEBOOK_BASE_URL = "http://testserver"
