"""/members/notifications/: the members' own notifications and preference."""

from django.urls import path

from minutebook.notifications import views

app_name = "member_notifications"

urlpatterns = [
    path("", views.member_list, name="list"),
    path("preferences/", views.member_preferences, name="preferences"),
]
