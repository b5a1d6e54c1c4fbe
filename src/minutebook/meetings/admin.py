"""Back office for meetings and their agendas."""

from __future__ import annotations

from django.contrib import admin

from minutebook.councils.admin import (
    OfficerModelAdmin,
    OfficerStackedInline,
    OfficerTabularInline,
)
from minutebook.documents.models import Document
from minutebook.meetings.models import AgendaItem, Meeting, Supplement, UrgencyRecord, Venue


@admin.register(Venue)
class VenueAdmin(OfficerModelAdmin):
    list_display = ["name", "council", "postcode", "is_online_only"]
    list_filter = ["council", "is_online_only"]
    search_fields = ["name", "address", "postcode"]


class AgendaItemInline(OfficerStackedInline):
    model = AgendaItem
    fk_name = "meeting"
    extra = 0
    autocomplete_fields = ["report"]
    fields = [
        ("order", "number", "parent", "standing_kind"),
        "title",
        "description",
        ("first_page", "last_page", "to_follow"),
        "report",
        "exempt_paragraphs",
        "public_interest_reason",
        ("is_urgent", "urgency_reason"),
    ]
    ordering = ["order"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):  # type: ignore[no-untyped-def]
        """Offer only this meeting's items as parents."""
        if db_field.name == "parent":
            object_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = AgendaItem.public_objects.filter(meeting_id=object_id or 0)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class MeetingDocumentInline(OfficerTabularInline):
    model = Document
    fk_name = "meeting"
    extra = 0
    fields = ["kind", "title", "file", "pages", "version", "exempt_paragraphs", "published_at"]
    show_change_link = True


@admin.register(Meeting)
class MeetingAdmin(OfficerModelAdmin):
    list_display = [
        "__str__",
        "committee",
        "start",
        "state",
        "venue",
        "published_at",
        "is_imported",
    ]
    list_filter = ["committee__council", "state", "is_imported", "committee"]
    search_fields = ["committee__name", "slug", "venue__name"]
    date_hierarchy = "start"
    list_select_related = ["committee", "venue"]
    autocomplete_fields = ["committee", "venue"]
    readonly_fields = ["date", "slug", "import_record"]
    inlines = [AgendaItemInline, MeetingDocumentInline]
    fieldsets = [
        (None, {"fields": ["committee", ("start", "end"), ("date", "slug"), "state"]}),
        ("Where", {"fields": ["venue", "online_url"]}),
        (
            "Business",
            {"fields": ["quorum", "is_extraordinary", "published_at", "cancellation_reason"]},
        ),
        ("Archive", {"fields": ["is_imported", "import_record"], "classes": ["collapse"]}),
    ]


@admin.register(AgendaItem)
class AgendaItemAdmin(OfficerModelAdmin):
    list_display = ["__str__", "meeting", "standing_kind", "first_page", "is_exempt", "to_follow"]
    list_filter = ["is_exempt", "to_follow", "standing_kind", "meeting__committee"]
    search_fields = ["title", "description", "number"]
    list_select_related = ["meeting", "meeting__committee"]
    autocomplete_fields = ["meeting", "parent", "report"]
    readonly_fields = ["is_exempt"]


@admin.register(Supplement)
class SupplementAdmin(OfficerModelAdmin):
    list_display = ("meeting", "number", "title", "published_at")
    list_select_related = ("meeting__committee",)
    date_hierarchy = "published_at"


@admin.register(UrgencyRecord)
class UrgencyRecordAdmin(OfficerModelAdmin):
    """Read-only: the record of a chair's urgency decision is kept as made."""

    list_display = ("meeting", "kind", "chair_name", "published_at", "clear_days", "required_days")
    list_filter = ("kind",)
    list_select_related = ("meeting__committee",)

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
