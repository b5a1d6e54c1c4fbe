"""Public register of interests (included by ``participation.public_urls``)."""

from django.urls import path

from minutebook.interests import views

urlpatterns = [
    path(
        "<slug:council>/councillors/registers-of-interests/",
        views.councillors,
        name="interests_councillors",
    ),
    path(
        "<slug:council>/councillors/<int:pk>-<slug:name>/interests/",
        views.register,
        name="interests_register",
    ),
]
