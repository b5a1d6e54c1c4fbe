"""Back office for the forward plan."""

from __future__ import annotations

from django.contrib import admin

from minutebook.councils.admin import OfficerModelAdmin
from minutebook.forwardplan.models import ForwardPlanEntry


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
                    ("key_decision", "key_decision_reason"),
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
