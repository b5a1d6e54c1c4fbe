"""Officer URLs for meetings (filled in by the officer workflow)."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
