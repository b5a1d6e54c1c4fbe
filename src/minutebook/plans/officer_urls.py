"""Officer URLs for plans, under /officer/plans/ (``backoffice:plans:``).

Routes start with the council's slug so the access check finds the council.
"""

from django.urls import path

from minutebook.plans import officer_views as views

app_name = "plans"

_C = "<slug:council>"

urlpatterns = [
    path(f"{_C}/", views.index, name="index"),
    path(f"{_C}/read/", views.read_document, name="read"),
    path(f"{_C}/imports/<int:pk>/", views.review_import, name="import"),
    path(f"{_C}/<int:pk>/", views.plan_detail, name="plan"),
    path(f"{_C}/<int:pk>/progress-report/", views.progress_report, name="progress_report"),
    path(f"{_C}/<int:pk>/items/<int:item>/", views.item_detail, name="item"),
]
