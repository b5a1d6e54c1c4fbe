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
    corrections = models.JSONField(
        default=list,
        blank=True,
        help_text="What an officer corrected before accepting the import (importer.review): "
        "field path, extracted value, corrected value, who, when.",
    )

    class Meta:
        ordering = ["-imported_at"]
        get_latest_by = "imported_at"

    def __str__(self) -> str:
        if self.imported_at:
            return f"{self.source_file} ({self.imported_at:%Y-%m-%d %H:%M})"
        return self.source_file


class ImportJournal(models.Model):
    """One unit of an archive import (a pack file or a meeting folder) that is done, keyed by
    the digest of its content (and of the options that change what it writes), so a re-run
    after an interruption skips it without parsing it again and resumes with the rest. It is
    only a shortcut: the same-file check of the writer would also find it unchanged."""

    key = models.CharField(
        max_length=64,
        unique=True,
        validators=[RegexValidator(r"^[0-9a-f]{64}$", "A lower-case hex SHA-256.")],
        help_text="SHA-256 over the unit's file digests, the council option and parser version.",
    )
    path = models.CharField(max_length=1000, help_text="Where the unit was last seen.")
    record = models.ForeignKey(
        ImportRecord,
        on_delete=models.CASCADE,
        related_name="journal",
        help_text="The import the unit produced (the entry goes with it).",
    )
    finished_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-finished_at"]

    def __str__(self) -> str:
        return self.path


class ReviewStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to be read"
    READY = "ready", "Ready for review"
    FAILED = "failed", "Could not be read"
    ACCEPTED = "accepted", "Accepted"


class ImportReview(models.Model):
    """Files an officer uploaded for import, what the parser read from them, and the review.

    The extracted pack stays here (officer-only, it may hold exempt text) until an officer
    corrects and accepts it; accepting writes it through ``writer.write_pack`` (``review``).
    """

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="import_reviews")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.QUEUED
    )
    pack = models.JSONField(default=dict, blank=True, help_text="The extracted pack.")
    error = models.TextField(blank=True)
    record = models.ForeignKey(
        ImportRecord, on_delete=models.SET_NULL, null=True, blank=True, related_name="reviews"
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Import review {self.pk} ({self.get_status_display()})"


class ReviewFile(models.Model):
    """One file of a review, kept so that its pages can be shown beside what was read."""

    review = models.ForeignKey(ImportReview, on_delete=models.CASCADE, related_name="files")
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(max_length=255, help_text="The file's name as uploaded.")
    file = models.FileField(upload_to="imports/review/%Y/%m/")
    media_type = models.CharField(max_length=100)
    sha256 = models.CharField(max_length=64)
    pages = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name
