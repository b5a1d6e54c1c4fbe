"""Officer URLs for reports: writing them and clearing them (under /officer/reports/)."""

from django.urls import path

from minutebook.reports import officer_edit as edit
from minutebook.reports import officer_views as views

urlpatterns = [
    path("", views.report_list, name="reports"),
    path("new/", edit.report_create, name="report-create"),
    path("items/<int:pk>/new/", edit.report_create_for_item, name="report-create-for-item"),
    path("<int:pk>/", views.report_detail, name="report"),
    path("<int:pk>/edit/", edit.report_edit, name="report-edit"),
    path("<int:pk>/authors/", edit.report_authors, name="report-authors"),
    path(
        "<int:pk>/appendices/<int:document>/replace/",
        edit.appendix_replace,
        name="report-appendix-replace",
    ),
    path(
        "<int:pk>/appendices/<int:document>/remove/",
        edit.appendix_remove,
        name="report-appendix-remove",
    ),
    path("<int:pk>/files/<int:document>/", views.report_file, name="report-file"),
    path("<int:pk>/submit/", views.report_submit, name="report-submit"),
    path("<int:pk>/clear/", views.report_clear, name="report-clear"),
    path("<int:pk>/return/", views.report_return, name="report-return"),
]
