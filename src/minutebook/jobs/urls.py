"""/health/ and /health/worker/ (see minutebook.jobs.views)."""

from django.urls import path

from minutebook.jobs import views

app_name = "health"
urlpatterns = [
    path("", views.health, name="web"),
    path("worker/", views.worker_health, name="worker"),
]
