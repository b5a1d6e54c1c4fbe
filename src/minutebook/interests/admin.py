"""Back office for declarations of interest."""

from __future__ import annotations

from django.contrib import admin

from minutebook.councils.admin import OfficerModelAdmin
from minutebook.interests.models import Declaration, Dispensation, EntryRecord, Tenure


@admin.register(Declaration)
class DeclarationAdmin(OfficerModelAdmin):
    list_display = ["person", "meeting", "agenda_item", "kind", "action"]
    list_filter = ["kind", "action", "meeting__committee"]
    search_fields = ["person__first_name", "person__last_name", "nature"]
    list_select_related = ["person", "meeting", "meeting__committee", "agenda_item"]
    autocomplete_fields = ["person", "meeting", "agenda_item"]
    raw_id_fields = ["dispensation"]


@admin.register(Dispensation)
class DispensationAdmin(OfficerModelAdmin):
    """Localism Act 2011 s33: at most four years (checked in ``Dispensation.clean``)."""

    list_display = ["reference", "person", "ground", "granted_by", "valid_from", "valid_to"]
    list_filter = ["ground"]
    search_fields = ["reference", "person__last_name", "scope"]
    autocomplete_fields = ["person"]
    raw_id_fields = ["committee", "recorded_by"]


@admin.register(Tenure)
class TenureAdmin(OfficerModelAdmin):
    list_display = ["person", "took_office", "left_office"]
    search_fields = ["person__last_name"]
    autocomplete_fields = ["person"]


@admin.register(EntryRecord)
class EntryRecordAdmin(OfficerModelAdmin):
    list_display = ["entry", "notified_on", "is_sensitive"]
    list_filter = ["is_sensitive"]
    raw_id_fields = ["entry", "recorded_by"]
