"""Back office for minutes: read-only views; changes go through the officer pages."""

from __future__ import annotations

from django.contrib import admin

from minutebook.councils.admin import OfficerModelAdmin
from minutebook.minutes.models import Minutes, MinutesVersion, Motion


class _ReadOnly(OfficerModelAdmin):
    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(Minutes)
class MinutesAdmin(_ReadOnly):
    list_display = ["meeting", "state", "signed_by_name", "signed_at", "locked_at"]
    list_filter = ["state"]
    list_select_related = ["meeting", "meeting__committee"]


@admin.register(MinutesVersion)
class MinutesVersionAdmin(_ReadOnly):
    list_display = ["minutes", "number", "reason", "created_at"]


@admin.register(Motion)
class MotionAdmin(_ReadOnly):
    list_display = ["__str__", "minute_item", "outcome", "votes_for", "votes_against"]
