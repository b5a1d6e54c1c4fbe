"""Import provenance, read-only: a record of what the importer did is not edited."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from minutebook.councils.admin import OfficerModelAdmin
from minutebook.importer.models import ImportRecord


@admin.register(ImportRecord)
class ImportRecordAdmin(OfficerModelAdmin):
    list_display = [
        "source_file",
        "council",
        "meeting",
        "needs_exempt_review",
        "parser_version",
        "imported_at",
    ]
    list_filter = ["needs_exempt_review", "council", "parser_version"]
    search_fields = ["source_file", "sha256"]
    date_hierarchy = "imported_at"
    readonly_fields = [
        "council",
        "meeting",
        "source_file",
        "sha256",
        "parser_version",
        "imported_at",
        "imported_by",
        "needs_exempt_review",
        "warnings",
        "pack",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
