"""The public meetings calendar, included from ``publishing.urls`` before committee slugs."""

from django.urls import path, re_path

from minutebook.meetings import public_views

urlpatterns = [
    path("<slug:council>/meetings/", public_views.meetings_list, name="meetings_list"),
    re_path(
        r"^(?P<council>[-a-zA-Z0-9_]+)/meetings/(?P<year>\d{4})/(?P<month>\d{2})/$",
        public_views.meetings_month,
        name="meetings_month",
    ),
]
