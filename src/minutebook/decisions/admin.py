"""Back office for minutes and decisions. Officers see exempt ones (``officer_objects``)."""

from __future__ import annotations

from django.contrib import admin

from minutebook.councils.admin import OfficerModelAdmin, OfficerTabularInline
from minutebook.decisions.models import (
    CallInRequest,
    Consideration,
    Decision,
    Matter,
    MinuteItem,
)


@admin.register(MinuteItem)
class MinuteItemAdmin(OfficerModelAdmin):
    list_display = ["number", "title", "committee", "meeting", "is_exempt"]
    list_display_links = ["number", "title"]
    list_filter = ["committee__council", "committee", "is_exempt"]
    search_fields = ["title", "text", "resolution", "printed_number"]
    list_select_related = ["committee", "meeting", "meeting__committee"]
    autocomplete_fields = ["meeting", "agenda_item"]
    readonly_fields = ["committee", "is_exempt"]
    fieldsets = [
        (None, {"fields": ["meeting", "committee", ("number", "printed_number"), "agenda_item"]}),
        ("Minute", {"fields": ["title", "text", "resolution"]}),
        (
            "Exempt information (LGA 1972 Schedule 12A)",
            {"fields": ["exempt_paragraphs", "public_interest_reason", "is_exempt"]},
        ),
    ]


@admin.register(Decision)
class DecisionAdmin(OfficerModelAdmin):
    list_display = [
        "title",
        "date",
        "decision_maker",
        "key_decision",
        "call_in_state",
        "in_force_date",
        "is_exempt",
    ]
    list_filter = ["council", "key_decision", "call_in_state", "is_exempt", "decision_maker"]
    search_fields = ["title", "decision", "reasons"]
    date_hierarchy = "date"
    list_select_related = ["decision_maker"]
    autocomplete_fields = [
        "meeting",
        "agenda_item",
        "minute_item",
        "report",
        "forward_plan_entry",
        "decision_maker",
        "decision_maker_person",
    ]
    readonly_fields = ["is_exempt", "published_by", "created", "modified"]
    fieldsets = [
        (None, {"fields": ["council", "title", "date"]}),
        (
            "Decision maker",
            {
                "fields": [
                    ("decision_maker", "decision_maker_person", "decision_maker_text"),
                    "meeting",
                    "agenda_item",
                ]
            },
        ),
        (
            "Record (SI 2012/2089 reg 12)",
            {
                "fields": [
                    "decision",
                    "reasons",
                    "alternatives_rejected",
                    "declarations_noted",
                    "dispensations",
                ]
            },
        ),
        (
            "Key decision",
            {"fields": ["key_decision", "key_decision_notice", "forward_plan_entry"]},
        ),
        (
            "Publication and call-in",
            {
                "fields": [
                    ("published_at", "published_by"),
                    "call_in_state",
                    "call_in_expires",
                    "in_force_date",
                    ("is_urgent", "urgency_reason"),
                ]
            },
        ),
        (
            "Exempt information (LGA 1972 Schedule 12A)",
            {"fields": ["exempt_paragraphs", "public_interest_reason", "is_exempt"]},
        ),
        ("Sources", {"fields": ["minute_item", "report"]}),
        ("Record", {"fields": ["created", "modified"], "classes": ["collapse"]}),
    ]


@admin.register(CallInRequest)
class CallInRequestAdmin(OfficerModelAdmin):
    """Call-ins are recorded on the officer pages, which apply the rules; here for reference."""

    list_display = ["decision_record", "received_at", "outcome", "outcome_on"]
    list_filter = ["outcome", "decision_record__council"]
    list_select_related = ["decision_record"]
    autocomplete_fields = ["decision_record", "signatories", "considered_at"]
    readonly_fields = ["recorded_by", "created"]


class ConsiderationInline(OfficerTabularInline):
    model = Consideration
    fk_name = "matter"
    extra = 0
    autocomplete_fields = ["committee", "meeting", "refer_to", "minute_item", "decision_record"]
    readonly_fields = ["referred_from"]


@admin.register(Matter)
class MatterAdmin(OfficerModelAdmin):
    list_display = ["title", "council", "status", "modified"]
    list_filter = ["council", "status"]
    search_fields = ["title"]
    autocomplete_fields = ["report"]
    inlines = [ConsiderationInline]
