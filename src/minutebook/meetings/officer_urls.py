"""Officer URLs for meetings, under /officer/meetings/ (names in the ``backoffice`` namespace)."""

from django.urls import path

from minutebook.meetings import officer_views as views
from minutebook.meetings import officer_withdrawal as withdrawal

urlpatterns = [
    path("", views.committee_list, name="meeting_committees"),
    path("committee/<int:pk>/", views.committee_meetings, name="committee_meetings"),
    path("committee/<int:pk>/new/", views.meeting_create, name="meeting_create"),
    path("<int:pk>/", views.meeting_detail, name="meeting"),
    path("<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("<int:pk>/items/new/", views.item_add, name="item_add"),
    path("<int:pk>/publish/", views.meeting_publish, name="meeting_publish"),
    path("<int:pk>/supplement/", views.meeting_supplement, name="meeting_supplement"),
    path("<int:pk>/cancel/", views.meeting_cancel, name="meeting_cancel"),
    path("<int:pk>/move/", views.meeting_move, name="meeting_move"),
    path("<int:pk>/withdraw/", withdrawal.meeting_withdraw, name="meeting_withdraw"),
    path("<int:pk>/delete/", withdrawal.meeting_delete, name="meeting_delete"),
    path("<int:pk>/reinstate/", withdrawal.meeting_reinstate, name="meeting_reinstate"),
    path("items/<int:pk>/", views.item_edit, name="item_edit"),
    path("items/<int:pk>/withdraw/", withdrawal.item_withdraw, name="item_withdraw"),
    path("items/<int:pk>/delete/", withdrawal.item_delete, name="item_delete"),
    path("items/<int:pk>/reinstate/", withdrawal.item_reinstate, name="item_reinstate"),
    path("items/<int:pk>/move/", views.item_move, name="item_move"),
    path("items/<int:pk>/exempt/", views.item_exempt, name="item_exempt"),
    path("items/<int:pk>/exempt/clear/", views.item_exempt_clear, name="item_exempt_clear"),
]
