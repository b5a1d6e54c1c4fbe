"""Public addresses of the people pages (``people_pages``), in the ``publishing``
namespace; included before the committee routes so ``councillors`` and ``wards`` are
never read as committee slugs."""

from django.urls import path

from minutebook.publishing import people_pages as views

_COUNCILLOR = "<slug:council>/councillors/<int:pk>-<slug:name>"

urlpatterns = [
    path("<slug:council>/councillors/", views.councillors, name="councillors"),
    path(f"{_COUNCILLOR}/", views.councillor, name="councillor"),
    path(f"{_COUNCILLOR}/photo.jpg", views.councillor_photo, name="councillor_photo"),
    path("<slug:council>/wards/", views.wards, name="wards"),
    path("<slug:council>/wards/<slug:ward>/", views.ward, name="ward"),
    path("<slug:council>/find-your-councillor/", views.find_councillor, name="find_councillor"),
]
