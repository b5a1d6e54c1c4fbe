"""Officer URLs for attendance, under /officer/attendance/ (``backoffice:attendance:``).

Routes keep the ``meetings/<pk>`` shape so the access check finds the meeting's council.
"""

from django.urls import path

from minutebook.attendance import officer_views as views

app_name = "attendance"

urlpatterns = [
    path("meetings/<int:pk>/", views.register, name="register"),
    path("meetings/<int:pk>/substitute/", views.substitute, name="substitute"),
    path("meetings/<int:pk>/quorum/", views.quorum, name="quorum"),
    path("meetings/<int:pk>/remove/", views.remove, name="remove"),
]
