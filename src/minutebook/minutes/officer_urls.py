"""Officer URLs for minutes, under /officer/minutes/ (``backoffice:minutes:``).

A meeting's pages keep the ``meetings/<pk>`` shape and a minute is addressed by its
committee and running number (``committee/<pk>/minute/<number>``), so the access check
finds the council from the route.
"""

from django.urls import path

from minutebook.minutes import officer_views as views

app_name = "minutes"

urlpatterns = [
    path("meetings/<int:pk>/", views.meeting, name="meeting"),
    path("meetings/<int:pk>/start/", views.start, name="start"),
    path("meetings/<int:pk>/times/", views.times, name="times"),
    path("meetings/<int:pk>/new/", views.minute_add, name="minute_add"),
    path("meetings/<int:pk>/confirm/", views.confirm, name="confirm"),
    path("meetings/<int:pk>/lock/", views.lock, name="lock"),
    path("meetings/<int:pk>/correct/", views.correct, name="correct"),
    path("meetings/<int:pk>/versions/<int:number>/", views.version, name="version"),
    path("committee/<int:pk>/minute/<int:number>/", views.minute_edit, name="minute"),
    path("committee/<int:pk>/minute/<int:number>/motion/", views.motion_add, name="motion_add"),
]
