"""Back office for documents. Officers see exempt documents (``officer_objects``).

Uploads go through ``DocumentUploadForm`` (the upload gate); the type, whether the file
is shown in the browser, and the provenance are found or recorded, never typed.
"""

from __future__ import annotations

from django.contrib import admin

from minutebook.councils.admin import OfficerModelAdmin
from minutebook.documents.forms import DocumentUploadForm
from minutebook.documents.models import Document


@admin.register(Document)
class DocumentAdmin(OfficerModelAdmin):
    form = DocumentUploadForm
    list_display = ["__str__", "kind", "meeting", "report", "pages", "version", "is_exempt"]
    list_filter = ["council", "kind", "is_exempt", "source"]
    search_fields = ["title", "label", "sha256"]
    list_select_related = ["meeting", "meeting__committee", "report"]
    autocomplete_fields = ["meeting", "report", "replaces"]
    readonly_fields = [
        "is_exempt",
        "media_type",
        "served_inline",
        "source",
        "sha256",
        "import_record",
        "created",
        "modified",
    ]
    fieldsets = [
        (None, {"fields": ["council", "kind", ("label", "order"), "title", "file", "media_type"]}),
        ("Belongs to", {"fields": ["meeting", "report"]}),
        (
            "Exempt information (LGA 1972 Schedule 12A)",
            {"fields": ["exempt_paragraphs", "public_interest_reason", "is_exempt"]},
        ),
        ("Version", {"fields": [("version", "replaces"), "published_at"]}),
        (
            "Provenance",
            {
                "fields": [
                    "source",
                    "source_url",
                    "import_record",
                    "sha256",
                    "pages",
                    "served_inline",
                ]
            },
        ),
        ("Text", {"fields": ["extracted_text"], "classes": ["collapse"]}),
        ("Record", {"fields": ["created", "modified"], "classes": ["collapse"]}),
    ]
