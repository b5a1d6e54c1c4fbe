"""Officer URLs for a council's set-up, under /officer/setup/ (``backoffice`` namespace)."""

from django.urls import path

from minutebook.councils import officer_views as views

urlpatterns = [
    path("", views.index, name="setup"),
    path("<slug:council>/", views.council, name="setup_council"),
    path("<slug:council>/rules/", views.rules, name="setup_rules"),
    path("<slug:council>/closure-days/", views.closure_days, name="setup_closure_days"),
    path(
        "closure-days/<int:pk>/remove/",
        views.closure_day_remove,
        name="setup_closure_day_remove",
    ),
]
