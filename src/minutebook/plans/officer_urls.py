"""Officer URLs for plans, under /officer/plans/ (``backoffice:plans:``).

Routes start with the council's slug so the access check finds the council; a plan is
addressed by its running number in the council, a draft by the document it was read from.
"""

from django.urls import path

from minutebook.plans import officer_views as views

app_name = "plans"

_C = "<slug:council>"

urlpatterns = [
    path(f"{_C}/", views.index, name="index"),
    path(f"{_C}/read/", views.read_document, name="read"),
    path(f"{_C}/documents/<int:pk>/plan/", views.review_import, name="import"),
    path(f"{_C}/<int:number>/", views.plan_detail, name="plan"),
    path(f"{_C}/<int:number>/progress-report/", views.progress_report, name="progress_report"),
    path(f"{_C}/<int:number>/items/<int:pk>/", views.item_detail, name="item"),
    path(
        f"{_C}/<int:number>/items/<int:pk>/files/<int:document>/",
        views.evidence_file,
        name="evidence_file",
    ),
]
