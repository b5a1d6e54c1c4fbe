"""Officer URLs for report clearance (under /officer/reports/)."""

from django.urls import path

from minutebook.reports import officer_views as views

urlpatterns = [
    path("", views.report_list, name="reports"),
    path("<int:pk>/", views.report_detail, name="report"),
    path("<int:pk>/files/<int:document>/", views.report_file, name="report-file"),
    path("<int:pk>/submit/", views.report_submit, name="report-submit"),
    path("<int:pk>/clear/", views.report_clear, name="report-clear"),
    path("<int:pk>/return/", views.report_return, name="report-return"),
]
