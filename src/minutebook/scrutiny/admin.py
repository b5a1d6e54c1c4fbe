"""Back office for scrutiny action sheets."""

from __future__ import annotations

from django.contrib import admin

from minutebook.councils.admin import OfficerModelAdmin
from minutebook.scrutiny.models import Action


@admin.register(Action)
class ActionAdmin(OfficerModelAdmin):
    list_display = ["__str__", "committee", "owner", "due", "status", "completed", "overdue"]
    list_filter = ["committee", "status"]
    search_fields = ["text", "reference", "owner_text", "update"]
    list_select_related = ["committee", "owner"]
    autocomplete_fields = ["committee", "meeting_raised", "minute_item", "owner"]

    @admin.display(boolean=True, description="Overdue")
    def overdue(self, obj: Action) -> bool:
        return obj.is_overdue
