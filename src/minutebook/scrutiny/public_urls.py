"""Public addresses for scrutiny; included once from ``publishing.urls``."""

from django.urls import path

from minutebook.scrutiny import views

app_name = "scrutiny"

urlpatterns = [
    path(
        "<slug:council>/<slug:committee>/work-programme/",
        views.work_programme,
        name="work_programme",
    ),
    path(
        "<slug:council>/<slug:committee>/action-sheet/",
        views.action_sheet,
        name="action_sheet",
    ),
    path(
        "<slug:council>/<slug:committee>/<slug:meeting>/action-sheet/",
        views.meeting_action_sheet,
        name="meeting_action_sheet",
    ),
]
