"""Officer URLs for interests, under /officer/interests/ (``backoffice`` namespace)."""

from django.urls import path

from minutebook.interests import officer_views as views

urlpatterns = [
    path("", views.index, name="interests"),
    path("people/<int:pk>/", views.person_detail, name="interests_person"),
    path(
        "people/<int:pk>/dispensations/new/",
        views.dispensation_new,
        name="interests_dispensation_new",
    ),
    path("people/<int:pk>/entries/new/", views.entry_new, name="interests_entry_new"),
    path("register-entries/<int:pk>/", views.entry_record, name="interests_entry"),
    path("meetings/<int:pk>/declarations/", views.meeting_declarations, name="interests_meeting"),
]
