"""Back office for declarations of interest."""

from __future__ import annotations

from django.contrib import admin

from minutebook.councils.admin import OfficerModelAdmin
from minutebook.interests.models import Declaration


@admin.register(Declaration)
class DeclarationAdmin(OfficerModelAdmin):
    list_display = ["person", "meeting", "agenda_item", "kind", "action"]
    list_filter = ["kind", "action", "meeting__committee"]
    search_fields = ["person__first_name", "person__last_name", "nature"]
    list_select_related = ["person", "meeting", "meeting__committee", "agenda_item"]
    autocomplete_fields = ["person", "meeting", "agenda_item"]
