"""Officer URLs for decisions, under /officer/decisions/ (``backoffice:decisions:``)."""

from django.urls import path

from minutebook.decisions import officer_views as views

app_name = "decisions"

urlpatterns = [
    path("", views.decision_list, name="list"),
    path("<int:pk>/", views.decision_detail, name="detail"),
    path("<int:pk>/edit/", views.decision_edit, name="edit"),
    path("<int:pk>/correct/", views.decision_correct, name="correct"),
    path("<int:pk>/publish/", views.decision_publish, name="publish"),
    path("<int:pk>/call-in/", views.call_in_create, name="call_in"),
    path("<int:pk>/call-in/<int:request_pk>/outcome/", views.call_in_outcome, name="outcome"),
    path("new/<slug:council>/", views.decision_create, name="create"),
    path("referrals/", views.matter_list, name="matters"),
    path("referrals/<int:pk>/", views.matter_detail, name="matter"),
    path("referrals/<int:pk>/place/", views.matter_place, name="matter_place"),
    path("referrals/new/<slug:council>/", views.matter_create, name="matter_create"),
]
