"""Officer pages under /officer/: each domain app contributes its own URL module."""

from django.urls import include, path

from minutebook.backoffice import areas, search_views, views

app_name = "backoffice"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("meetings/", include("minutebook.meetings.officer_urls")),
    path("forward-plan/", include("minutebook.forwardplan.officer_urls")),
    path("decisions/", include("minutebook.decisions.officer_urls")),
    path("reports/", include("minutebook.reports.officer_urls")),
    path("audit/", include("minutebook.audit.officer_urls")),
    path("history/", include("minutebook.backoffice.history")),
    path("", include("minutebook.participation.officer_urls")),
    path("attendance/", include("minutebook.attendance.officer_urls")),
    path("minutes/", include("minutebook.minutes.officer_urls")),
    path("scrutiny/", include("minutebook.scrutiny.officer_urls")),
    path("plans/", include("minutebook.plans.officer_urls")),
    path("users/", include("minutebook.accounts.officer_urls")),
    path("imports/", include("minutebook.importer.officer_urls")),
    # Set-up: each app's records, beside their models.
    path("setup/", include("minutebook.councils.officer_urls")),
    path("setup/", include("minutebook.people.officer_urls")),
    path("setup/", include("minutebook.committees.officer_urls")),
    path("setup/", include("minutebook.meetings.venue_urls")),
    path("setup/", include("minutebook.attendance.setup_urls")),
    path("setup/", include("minutebook.reports.setup_urls")),
    path("notifications/", include("minutebook.notifications.officer_urls")),
    path("search/", search_views.search_page, name="search"),
    path("areas/", areas.areas, name="areas"),
]
