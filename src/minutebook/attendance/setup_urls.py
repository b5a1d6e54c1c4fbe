"""Officer set-up URL for the council's substitution rules, under /officer/setup/."""

from django.urls import path

from minutebook.attendance import setup_views as views

urlpatterns = [
    path("<slug:council>/substitutes/", views.substitutes, name="setup_substitutes"),
]
