"""Officer URLs for import review, under /officer/imports/ (``backoffice:imports:``).

Every route after the index starts with the council's slug, so the access check finds the
council; a review is looked up within it.
"""

from django.urls import path

from minutebook.importer import views

app_name = "imports"

_C = "<slug:council>"

urlpatterns = [
    path("", views.index, name="index"),
    path(f"{_C}/", views.council_imports, name="council"),
    path(f"{_C}/<int:pk>/", views.review_import, name="review"),
    path(f"{_C}/<int:pk>/pages/<int:number>/", views.page_image, name="page"),
]
