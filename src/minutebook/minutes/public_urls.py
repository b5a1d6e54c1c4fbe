"""Public address of a meeting's minutes; included once from ``publishing.urls``."""

from django.urls import path

from minutebook.minutes import views

app_name = "minutes"

urlpatterns = [
    path(
        "<slug:council>/<slug:committee>/<slug:meeting>/minutes/",
        views.public_minutes,
        name="minutes",
    ),
]
