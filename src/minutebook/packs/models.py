"""What was generated from what: the link between a meeting and its generated Documents.

A ``Document`` holds the file, its version and whether it is exempt; a
``GeneratedDocument`` says which meeting, which product (agenda pack, supplement,
minutes), which audience and format it is, and the fingerprint of the sources it was
built from, so a regeneration can tell whether anything changed.

``MinutesRecord`` holds what the minutes need that no other model records (who attended,
votes) and the minutes' state: a draft until the next meeting approves them, then
signed and locked.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from minutebook.documents.models import Document
from minutebook.meetings.models import Meeting, Supplement


class Product(models.TextChoices):
    AGENDA_PACK = "agenda_pack", "Agenda pack"
    SUPPLEMENT = "supplement", "Supplement pack"
    MINUTES = "minutes", "Minutes"


class Audience(models.TextChoices):
    PUBLIC = "public", "Public"
    MEMBERS = "members", "Members (includes exempt items)"


class Format(models.TextChoices):
    PDF = "pdf", "PDF"
    HTML = "html", "Accessible web page"


class GeneratedDocument(models.Model):
    """One generated file of a meeting; ``document`` is the current version."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="generated")
    product = models.CharField(max_length=12, choices=Product.choices)
    audience = models.CharField(max_length=8, choices=Audience.choices)
    format = models.CharField(max_length=4, choices=Format.choices)
    supplement = models.ForeignKey(
        Supplement, on_delete=models.CASCADE, null=True, blank=True, related_name="generated"
    )
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="+")
    fingerprint = models.CharField(
        max_length=64, help_text="SHA-256 of the sources the document was built from."
    )
    pages = models.PositiveIntegerField(null=True, blank=True)
    locked = models.BooleanField(
        default=False, help_text="Approved minutes: never regenerated or overwritten."
    )
    generated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["meeting", "product", "audience", "format"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "product", "audience", "format"],
                condition=Q(supplement__isnull=True),
                name="unique_generated_document",
            ),
            models.UniqueConstraint(
                fields=["meeting", "product", "audience", "format", "supplement"],
                condition=Q(supplement__isnull=False),
                name="unique_generated_supplement",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_product_display()} ({self.audience}, {self.format}) for {self.meeting}"


class MinutesState(models.TextChoices):
    DRAFT = "draft", "Draft"
    APPROVED = "approved", "Approved and signed"


class MinutesRecord(models.Model):
    """Attendance and votes for a meeting's minutes, and whether they are approved."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes_record")
    present = models.TextField(blank=True, help_text="Members present, one a line.")
    apologies = models.TextField(blank=True, help_text="Apologies for absence, one a line.")
    also_present = models.TextField(
        blank=True, help_text="Other councillors attending, one a line."
    )
    officers = models.TextField(blank=True, help_text="Officers attending, one a line.")
    votes = models.JSONField(
        default=dict,
        blank=True,
        help_text='Recorded votes by minute number: {"45": "For 6, against 2, abstained 1"}.',
    )
    state = models.CharField(max_length=8, choices=MinutesState.choices, default=MinutesState.DRAFT)
    approved_at = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="minutes_approved_here",
        help_text="The meeting that approved these minutes.",
    )
    signed_by = models.CharField(max_length=200, blank=True, help_text="The chair who signed.")
    signed_on = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Minutes of {self.meeting} ({self.get_state_display()})"
