"""Back office for minutes and decisions. Officers see exempt ones (``officer_objects``).

A minute of signed minutes and an issued decision record are shown read-only and cannot
be deleted, even by a superuser: the models and the database refuse the change anyway
(``RecordFixed``); a correction goes through the clerk's correction page.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from minutebook.councils.admin import OfficerModelAdmin, OfficerTabularInline
from minutebook.decisions.models import (
    CallInRequest,
    Consideration,
    Decision,
    Matter,
    MinuteItem,
    issued,
)


def _signed_minute(obj: Any) -> bool:
    return (
        obj is not None
        and MinuteItem._base_manager.filter(
            pk=obj.pk, meeting__minutes__state__in=["confirmed", "locked"]
        ).exists()
    )


def _issued_decision(obj: Any) -> bool:
    return obj is not None and Decision._base_manager.filter(issued(), pk=obj.pk).exists()


class _FixedOnceSigned:
    """Read-only (no change, no delete) for rows ``fixed`` says are part of the record."""

    @staticmethod
    def fixed(obj: Any) -> bool:
        raise NotImplementedError

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if self.fixed(obj):
            return False
        return super().has_change_permission(request, obj)  # type: ignore[misc]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if self.fixed(obj):
            return False
        return super().has_delete_permission(request, obj)  # type: ignore[misc]


@admin.register(MinuteItem)
class MinuteItemAdmin(_FixedOnceSigned, OfficerModelAdmin):
    fixed = staticmethod(_signed_minute)
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
class DecisionAdmin(_FixedOnceSigned, OfficerModelAdmin):
    fixed = staticmethod(_issued_decision)
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
