"""Provenance of archive imports: which file, which parser, what it produced.

The stored pack JSON is exactly what ``minutebook import --json`` printed, so any
imported row can be traced back to the source file and re-derived when the parser
improves (compare ``parser_version``).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models

from minutebook.councils.models import Council


class ImportRecord(models.Model):
    council = models.ForeignKey(
        Council, on_delete=models.CASCADE, related_name="import_records", null=True, blank=True
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="import_records",
        help_text="The meeting the pack was for.",
    )
    source_file = models.CharField(max_length=255, help_text="File name as given to the importer.")
    sha256 = models.CharField(
        max_length=64,
        db_index=True,
        validators=[RegexValidator(r"^[0-9a-f]{64}$", "A lower-case hex SHA-256.")],
        help_text="SHA-256 of the source file.",
    )
    parser_version = models.CharField(max_length=40)
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    pack = models.JSONField(
        default=dict, blank=True, help_text="The minutebook-pack/1 object the parser produced."
    )
    warnings = models.JSONField(default=list, blank=True)
    needs_exempt_review = models.BooleanField(
        default=False,
        db_index=True,
        help_text="The pack marks a document restricted, confidential or exempt without a valid "
        "Schedule 12A paragraph: it was imported withheld (no text). An officer should decide "
        "its status; the warnings name it.",
    )

    class Meta:
        ordering = ["-imported_at"]
        get_latest_by = "imported_at"

    def __str__(self) -> str:
        if self.imported_at:
            return f"{self.source_file} ({self.imported_at:%Y-%m-%d %H:%M})"
        return self.source_file
