"""Second-factor enrolment and the person a login belongs to, under /officer/users/
(administrators only)."""

from django.urls import path

from minutebook.accounts import officer_views

urlpatterns = [
    path("", officer_views.user_list, name="users"),
    path("<int:pk>/second-factor/", officer_views.second_factor, name="user-second-factor"),
    path("<int:pk>/person/", officer_views.link_person, name="user-person"),
]
