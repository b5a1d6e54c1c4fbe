"""Back office for public questions, statements and petitions."""

from __future__ import annotations

from django.contrib import admin

from minutebook.councils.admin import OfficerModelAdmin
from minutebook.participation.models import CouncillorQuestion, PublicQuestion


@admin.register(PublicQuestion)
class PublicQuestionAdmin(OfficerModelAdmin):
    list_display = ["name", "kind", "meeting", "status", "received_at", "word_count"]
    list_filter = ["kind", "status", "meeting__committee"]
    search_fields = ["name", "email", "text", "on_behalf_of"]
    date_hierarchy = "received_at"
    list_select_related = ["meeting", "meeting__committee"]
    autocomplete_fields = ["meeting", "agenda_item", "addressed_to", "answered_by"]
    fieldsets = [
        (None, {"fields": ["meeting", "agenda_item", "kind", "order", "status"]}),
        (
            "From (published: name and on behalf of)",
            {"fields": ["name", "on_behalf_of", "received_at"]},
        ),
        ("Contact details (never published)", {"fields": ["address", "email", "phone"]}),
        (
            "Submission",
            {"fields": [("addressed_to", "addressed_to_text"), "text", "signatures"]},
        ),
        (
            "Outcome",
            {
                "fields": [
                    "rejection_reason",
                    ("decided_at", "decided_by"),
                    "answer",
                    ("answered_by", "answered_at"),
                    "supplement",
                ]
            },
        ),
    ]
    raw_id_fields = ["supplement", "decided_by"]

    @admin.display(description="Words")
    def word_count(self, obj: PublicQuestion) -> int:
        return obj.word_count


@admin.register(CouncillorQuestion)
class CouncillorQuestionAdmin(OfficerModelAdmin):
    list_display = ["councillor", "meeting", "parent", "status", "received_at"]
    list_filter = ["status", "meeting__committee"]
    search_fields = ["text", "councillor__last_name"]
    list_select_related = ["councillor", "meeting", "meeting__committee"]
    autocomplete_fields = ["meeting", "councillor", "addressed_to", "answered_by"]
    raw_id_fields = ["parent", "supplement", "decided_by"]
