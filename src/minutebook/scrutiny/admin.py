"""Back office for scrutiny: action sheets, work programmes and the council's settings."""

from __future__ import annotations

from django.contrib import admin

from minutebook.councils.admin import OfficerModelAdmin
from minutebook.scrutiny.models import Action, ScrutinySettings, WorkProgrammeItem


@admin.register(Action)
class ActionAdmin(OfficerModelAdmin):
    list_display = ["__str__", "committee", "owner", "due", "status", "completed", "overdue"]
    list_filter = ["committee", "status"]
    search_fields = ["text", "reference", "owner_text", "update", "outcome"]
    list_select_related = ["committee", "owner"]
    autocomplete_fields = ["committee", "meeting_raised", "minute_item", "owner"]

    @admin.display(boolean=True, description="Overdue")
    def overdue(self, obj: Action) -> bool:
        return obj.is_overdue


@admin.register(WorkProgrammeItem)
class WorkProgrammeItemAdmin(OfficerModelAdmin):
    list_display = ["subject", "committee", "meeting_date", "status", "route_onward"]
    list_filter = ["committee", "status"]
    search_fields = ["subject", "requested_by", "author_text"]
    list_select_related = ["committee"]
    autocomplete_fields = ["committee", "meeting", "author", "portfolio_holder"]


@admin.register(ScrutinySettings)
class ScrutinySettingsAdmin(OfficerModelAdmin):
    list_display = ["council", "one_commissioned_at_a_time"]
