"""Officer set-up URL for the council's clearance rules, under /officer/setup/."""

from django.urls import path

from minutebook.reports import setup_views as views

urlpatterns = [
    path("<slug:council>/clearance/", views.clearance_rules, name="setup_clearance"),
]
