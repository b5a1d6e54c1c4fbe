"""Interests: the register's timing and sensitivity, declarations at meetings, dispensations.

Kinds follow the Localism Act 2011 and the adopted code of conduct: disclosable
pecuniary interests (s30-31, SI 2012/1464), other registrable and non-registrable
interests. A dispensation (s33) lets a member stay and take part.

The register entries themselves are the members' own (``members.RegisterEntry``, kept
by each member in the members' area). This app adds what the monitoring officer keeps
about them: when each member took office (s30's 28 days run from it), when an entry was
notified, and whether the monitoring officer agreed it is a sensitive interest (s32),
which the public register then withholds. Non-registrable interests are not on the
register at all: they are declared at meetings (``Declaration``).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from minutebook.committees.models import Committee
from minutebook.interests.rules import (
    dispensation_period_error,
    is_late_registration,
    registration_deadline,
)
from minutebook.meetings.models import AgendaItem, Meeting
from minutebook.members.models import RegisterEntry
from minutebook.people.models import Person


class InterestKind(models.TextChoices):
    DPI = "dpi", "Disclosable pecuniary interest"
    OTHER_REGISTRABLE = "other_registrable", "Other registrable interest"
    NON_REGISTRABLE = "non_registrable", "Non-registrable interest"


class DeclarationAction(models.TextChoices):
    WITHDREW = "withdrew", "Withdrew from the meeting for the item"
    DISPENSATION = "dispensation", "Stayed under a dispensation"
    OTHER = "other", "Other"


class Tenure(models.Model):
    """A member's time in office: s30(1)'s 28 days run from the day they became a member."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="tenures")
    took_office = models.DateField(help_text="The day the person became a member.")
    left_office = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["person", "-took_office"]
        constraints = [
            models.UniqueConstraint(fields=["person", "took_office"], name="unique_tenure_start"),
            models.CheckConstraint(
                condition=Q(left_office__isnull=True) | Q(left_office__gte=F("took_office")),
                name="tenure_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}: from {self.took_office:%d %B %Y}"

    @property
    def registration_deadline(self) -> dt.date:
        """Last day to register: Localism Act 2011 s30(1), 28 days beginning with taking office."""
        return registration_deadline(self.took_office)


class EntryRecord(models.Model):
    """The monitoring officer's record of one register entry: notification and sensitivity.

    Sensitive interests (s32): where the member and the monitoring officer consider that
    disclosing the details could lead to the member or a person connected with them
    being subject to violence or intimidation, the published register states only that
    the member has an interest whose details are withheld under s32(2).
    """

    entry = models.OneToOneField(RegisterEntry, on_delete=models.CASCADE, related_name="record")
    notified_on = models.DateField(
        help_text="The day the monitoring officer was notified of the interest."
    )
    arose_on = models.DateField(
        null=True,
        blank=True,
        help_text="For an interest that arose after taking office: the day it arose.",
    )
    is_sensitive = models.BooleanField(
        default=False, help_text="The monitoring officer agrees it is sensitive (s32)."
    )
    sensitivity_agreed_by = models.CharField(max_length=200, blank=True)
    sensitivity_reason = models.TextField(
        blank=True, help_text="Kept for the monitoring officer; never published."
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["entry"]

    def __str__(self) -> str:
        return f"Record of {self.entry}"

    def clean(self) -> None:
        if self.is_sensitive and not self.sensitivity_agreed_by.strip():
            raise ValidationError(
                {"sensitivity_agreed_by": "Say who agreed the interest is sensitive (s32)."}
            )


class DispensationGround(models.TextChoices):
    """Localism Act 2011 s33(2)(a)-(e)."""

    IMPEDE_BUSINESS = "a", "s33(2)(a): so many members prohibited that business is impeded"
    GROUP_BALANCE = "b", "s33(2)(b): political balance upset so as to alter the likely vote"
    AREA_INTEREST = "c", "s33(2)(c): in the interests of people living in the area"
    EXECUTIVE = "d", "s33(2)(d): every member of the executive would be prohibited"
    APPROPRIATE = "e", "s33(2)(e): otherwise appropriate"


class Dispensation(models.Model):
    """Leave to take part despite a disclosable pecuniary interest (Localism Act 2011 s33).

    Granted on a written request, on one of the grounds of s33(2), for a period that may
    not exceed four years (s33(3)).
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="dispensations")
    reference = models.CharField(max_length=100)
    ground = models.CharField(max_length=1, choices=DispensationGround.choices)
    grounds_detail = models.TextField(help_text="Why the ground applies.")
    scope = models.TextField(help_text="The business the dispensation covers.")
    committee = models.ForeignKey(
        Committee,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dispensations",
        help_text="Blank: any meeting of the council's bodies.",
    )
    allows_vote = models.BooleanField(
        default=True, help_text="Whether the member may vote as well as speak (s31(4))."
    )
    granted_by = models.CharField(
        max_length=200, help_text='E.g. "Standards Committee" or "Monitoring Officer".'
    )
    granted_on = models.DateField()
    valid_from = models.DateField()
    valid_to = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["person", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["person", "reference"], name="unique_dispensation_ref"),
            models.CheckConstraint(
                condition=Q(valid_to__gte=F("valid_from")), name="dispensation_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.person}"

    def clean(self) -> None:
        if self.valid_from is None:
            return
        error = dispensation_period_error(self.valid_from, self.valid_to)
        if error:
            raise ValidationError({"valid_to": error})
        if self.granted_on and self.granted_on > self.valid_from:
            raise ValidationError({"granted_on": "It is granted before it takes effect."})

    def covers(self, meeting: Meeting) -> bool:
        """Whether it has effect at the meeting (its date, and its body if limited to one)."""
        if not self.valid_from <= meeting.date <= self.valid_to:
            return False
        return self.committee_id is None or self.committee_id == meeting.committee_id


class Declaration(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="declarations")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="declarations")
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="declarations",
    )
    kind = models.CharField(
        max_length=18,
        choices=InterestKind.choices,
        help_text="Localism Act 2011 s30-31 and SI 2012/1464 for DPIs; the code of conduct "
        "for the others.",
    )
    nature = models.TextField(help_text="The nature of the interest, as declared.")
    action = models.CharField(max_length=12, choices=DeclarationAction.choices)
    action_detail = models.CharField(
        max_length=300,
        blank=True,
        help_text='E.g. "spoke as ward member, did not vote"; required for "other".',
    )
    dispensation_reference = models.CharField(
        max_length=100, blank=True, help_text="Dispensation granted under Localism Act 2011 s33."
    )
    dispensation = models.ForeignKey(
        Dispensation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="declarations",
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting", "agenda_item__order", "person__last_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "meeting", "agenda_item", "kind"],
                name="unique_declaration",
            ),
        ]

    def __str__(self) -> str:
        item = f" (item {self.agenda_item.number})" if self.agenda_item_id else ""
        return f"{self.person}: {self.get_kind_display()}{item}"

    def clean(self) -> None:
        if self.agenda_item_id and self.agenda_item.meeting_id != self.meeting_id:
            raise ValidationError({"agenda_item": "The item is on another meeting's agenda."})
        if self.action == DeclarationAction.OTHER and not self.action_detail:
            raise ValidationError({"action_detail": "Say what the member did."})
        if self.dispensation_id is not None:
            dispensation = self.dispensation
            if dispensation is not None and dispensation.person_id != self.person_id:
                raise ValidationError({"dispensation": "The dispensation is another member's."})
            if (
                dispensation is not None
                and self.meeting_id
                and not dispensation.covers(self.meeting)
            ):
                raise ValidationError(
                    {"dispensation": "The dispensation does not cover this meeting."}
                )
        if (
            self.kind == InterestKind.DPI
            and self.action == DeclarationAction.DISPENSATION
            and not self.dispensation_reference
            and self.dispensation_id is None
        ):
            raise ValidationError(
                {"dispensation_reference": "A DPI needs a dispensation to stay (s31(4), s33)."}
            )


def is_late(entry: RegisterEntry, tenure: Tenure | None) -> bool:
    """The late-registration flag for an entry, given the member's tenure (None: unknown)."""
    if tenure is None:
        return False
    record: EntryRecord | None = getattr(entry, "record", None)
    notified = record.notified_on if record is not None else entry.created.date()
    arose = record.arose_on if record is not None else None
    if arose is None and entry.start_date and entry.start_date > tenure.took_office:
        arose = entry.start_date
    return is_late_registration(notified, tenure.took_office, arose)
