"""Officer URLs for scrutiny, under /officer/scrutiny/ (``backoffice:scrutiny:``).

Work programme items and actions are addressed by their committee and running number,
so the access check finds the council from the ``committee/<pk>`` route.
"""

from django.urls import path

from minutebook.scrutiny import officer_views as views

app_name = "scrutiny"

_C = "committee/<int:pk>"

urlpatterns = [
    path(f"{_C}/work-programme/", views.work_programme, name="work_programme"),
    path(f"{_C}/work-programme/new/", views.work_item_add, name="work_item_add"),
    path(f"{_C}/work-programme/<int:number>/", views.work_item_edit, name="work_item"),
    path(f"{_C}/actions/", views.actions, name="actions"),
    path(f"{_C}/actions/new/", views.action_add, name="action_add"),
    path(f"{_C}/actions/<int:number>/", views.action_edit, name="action"),
    path("meetings/<int:pk>/action-sheet/", views.meeting_sheet, name="meeting_sheet"),
    path("settings/<slug:council>/", views.council_settings, name="settings"),
]
