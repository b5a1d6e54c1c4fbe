"""The audit trail under /officer/audit/."""

from django.urls import path

from minutebook.audit import officer_views

urlpatterns = [path("", officer_views.audit_list, name="audit")]
