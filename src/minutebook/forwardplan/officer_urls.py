"""Officer URLs for the forward plan, under /officer/forward-plan/ (``backoffice:forwardplan:``)."""

from django.urls import path

from minutebook.forwardplan import officer_views as views

app_name = "forwardplan"

urlpatterns = [
    path("", views.plan_index, name="index"),
    path("entries/<int:pk>/", views.entry_detail, name="entry"),
    path("entries/<int:pk>/edit/", views.entry_edit, name="entry_edit"),
    path(
        "entries/<int:pk>/<slug:kind>/",
        views.exception_create,
        name="exception_create",
    ),
    path("<slug:council>/", views.plan, name="plan"),
    path("<slug:council>/new/", views.entry_create, name="entry_create"),
    path("<slug:council>/publish/", views.plan_publish, name="publish"),
    path("<slug:council>/versions/", views.versions, name="versions"),
    path("<slug:council>/versions/<int:number>/", views.version_detail, name="version"),
    path("<slug:council>/exceptions/", views.exceptions_report, name="exceptions"),
]
