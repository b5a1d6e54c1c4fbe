"""Officer set-up URLs for venues, under /officer/setup/."""

from django.urls import path

from minutebook.meetings import venue_views as views

urlpatterns = [
    path("<slug:council>/venues/", views.venues, name="setup_venues"),
    path("<slug:council>/venues/new/", views.venue_new, name="setup_venue_new"),
    path("venues/<int:pk>/", views.venue, name="setup_venue"),
    path("venues/<int:pk>/delete/", views.venue_delete, name="setup_venue_delete"),
]
