"""URL map: admin (officer back office), then the public site with semantic slugs."""

from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "minutebook: democratic services"
admin.site.site_title = "minutebook"
admin.site.index_title = "Back office"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("officer/", include("minutebook.backoffice.urls")),
    path("accounts/", include("minutebook.accounts.urls")),
    path("members/notifications/", include("minutebook.notifications.member_urls")),
    path("members/", include("minutebook.members.urls")),
    path("oparl/v1/", include("minutebook.api.urls")),
    path("health/", include("minutebook.jobs.urls")),
    path("operations/", include("minutebook.jobs.operations_urls")),
    path("", include("minutebook.feeds.urls")),
    path("", include("minutebook.publishing.urls")),
]
