"""Back office for the forward plan."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from minutebook.councils.admin import OfficerModelAdmin
from minutebook.forwardplan.models import (
    ForwardPlanEntry,
    ForwardPlanVersion,
    KeyDecisionException,
)


@admin.register(ForwardPlanEntry)
class ForwardPlanEntryAdmin(OfficerModelAdmin):
    list_display = [
        "title",
        "decision_maker",
        "decision_date",
        "key_decision",
        "access",
        "first_published",
        "is_withdrawn",
    ]
    list_filter = ["council", "key_decision", "access", "is_withdrawn", "decision_maker"]
    search_fields = ["title", "reference", "description", "officer_text"]
    date_hierarchy = "decision_date"
    autocomplete_fields = [
        "decision_maker",
        "decision_maker_person",
        "portfolio",
        "portfolio_holder",
        "officer",
    ]
    filter_horizontal = ["wards_affected"]
    list_select_related = ["decision_maker"]
    readonly_fields = ["import_record", "created", "modified"]
    fieldsets = [
        (None, {"fields": ["council", "reference", "title", "description"]}),
        (
            "Decision",
            {
                "fields": [
                    ("decision_maker", "decision_maker_person", "decision_maker_text"),
                    ("decision_date", "decision_date_text"),
                    "decision_period_end",
                    ("key_decision", "key_decision_limb", "key_decision_reason"),
                    "spending_amount",
                ]
            },
        ),
        ("Access (SI 2012/2089 reg 5)", {"fields": ["access", "exempt_paragraphs"]}),
        (
            "Responsibility",
            {
                "fields": [
                    ("portfolio", "portfolio_holder", "portfolio_holder_text"),
                    ("officer", "officer_text"),
                ]
            },
        ),
        (
            "Notice",
            {
                "fields": [
                    "consultation",
                    "documents_to_be_submitted",
                    "wards_affected",
                    "all_wards",
                    "first_published",
                    "is_withdrawn",
                ]
            },
        ),
        ("Record", {"fields": ["import_record", "created", "modified"], "classes": ["collapse"]}),
    ]


@admin.register(ForwardPlanVersion)
class ForwardPlanVersionAdmin(OfficerModelAdmin):
    """Published versions are a record: made by publishing, never edited."""

    list_display = ["council", "number", "published_at", "published_by"]
    list_filter = ["council"]
    readonly_fields = ["council", "number", "published_at", "published_by", "entries"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(KeyDecisionException)
class KeyDecisionExceptionAdmin(OfficerModelAdmin):
    list_display = ["entry", "kind", "notice_published", "agreed_on", "reported_to_council_on"]
    list_filter = ["kind", "entry__council"]
    list_select_related = ["entry"]
    autocomplete_fields = ["entry", "scrutiny_chair"]
    readonly_fields = ["recorded_by", "recorded_at"]
