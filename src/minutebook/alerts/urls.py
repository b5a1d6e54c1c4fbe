"""Confirm and unsubscribe links (included under ``/alerts/`` by ``publishing.urls``)."""

from django.urls import path

from minutebook.alerts import views

app_name = "alerts"

urlpatterns = [
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
