"""The members' area: private notes on reports, and each member's register of interests.

Notes belong to their writer alone: no officer page or export shows another member's
notes. Register entries are the member's own statement of registrable interests
(Localism Act 2011 s29-30; SI 2012/1464 for the disclosable pecuniary categories),
kept up to date by the member; changes are audited.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from minutebook.people.models import Person


class MemberNote(models.Model):
    """A member's private note on a report, kept on the server (not on a device)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="member_notes"
    )
    report = models.ForeignKey(
        "reports.Report", on_delete=models.CASCADE, related_name="member_notes"
    )
    text = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-modified"]
        constraints = [
            models.UniqueConstraint(fields=["user", "report"], name="one_note_per_report"),
        ]

    def __str__(self) -> str:
        return f"Note by {self.user} on report {self.report_id}"


class RegisterCategory(models.TextChoices):
    """SI 2012/1464 Schedule (DPIs), then the code of conduct's other registrable interests."""

    EMPLOYMENT = "employment", "Employment, office, trade, profession or vocation"
    SPONSORSHIP = "sponsorship", "Sponsorship"
    CONTRACTS = "contracts", "Contracts with the council"
    LAND = "land", "Land in the council's area"
    LICENCES = "licences", "Licences to occupy land"
    CORPORATE_TENANCIES = "corporate_tenancies", "Corporate tenancies"
    SECURITIES = "securities", "Securities"
    OTHER_REGISTRABLE = "other_registrable", "Other registrable interest (code of conduct)"
    GIFTS = "gifts", "Gifts and hospitality"


class RegisterEntry(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="register_entries")
    category = models.CharField(max_length=20, choices=RegisterCategory.choices)
    description = models.TextField()
    spouse_or_partner = models.BooleanField(
        default=False, help_text="The interest is that of a spouse or civil partner."
    )
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The officer who entered it on the member's behalf; empty when the member "
        "entered it.",
    )
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["person", "category", "-start_date"]
        verbose_name_plural = "register entries"

    def __str__(self) -> str:
        return f"{self.person}: {self.get_category_display()}"
