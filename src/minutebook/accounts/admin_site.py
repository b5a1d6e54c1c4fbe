"""The admin site, open only to the roles ``accounts.admin_scope`` lets use it.

Django's own site lets in anyone with ``is_staff``. Here staff status is not enough: the
user must also hold a role that uses the admin (an administrator, a democratic services
officer or a report author at some council) or be a superuser. Clearance officers,
members and staff holding no role are sent to the admin's sign-in page, as Django does
for non-staff. What each admitted role then sees is decided per model by
``CouncilScopedAdminMixin``.

``settings.INSTALLED_APPS`` names ``MinutebookAdminConfig`` instead of
``django.contrib.admin``, so ``admin.site`` (and every ``@admin.register``) is this site.
"""

from __future__ import annotations

from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest

from minutebook.accounts.admin_scope import may_use_admin


class MinutebookAdminSite(AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) and may_use_admin(request.user)


class MinutebookAdminConfig(AdminConfig):
    default_site = "minutebook.accounts.admin_site.MinutebookAdminSite"
