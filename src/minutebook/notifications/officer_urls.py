"""/officer/notifications/ (names in the ``backoffice`` namespace)."""

from django.urls import path

from minutebook.notifications import views

urlpatterns = [
    path("", views.officer_list, name="notifications"),
    path("preferences/", views.officer_preferences, name="notification_preferences"),
]
