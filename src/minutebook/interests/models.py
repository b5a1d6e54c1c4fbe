"""Declarations of interest made at meetings, per agenda item.

Kinds follow the Localism Act 2011 and the adopted code of conduct: disclosable
pecuniary interests (s30-31, SI 2012/1464), other registrable and non-registrable
interests. A dispensation (s33) lets a member stay and take part.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from minutebook.meetings.models import AgendaItem, Meeting
from minutebook.people.models import Person


class InterestKind(models.TextChoices):
    DPI = "dpi", "Disclosable pecuniary interest"
    OTHER_REGISTRABLE = "other_registrable", "Other registrable interest"
    NON_REGISTRABLE = "non_registrable", "Non-registrable interest"


class DeclarationAction(models.TextChoices):
    WITHDREW = "withdrew", "Withdrew from the meeting for the item"
    DISPENSATION = "dispensation", "Stayed under a dispensation"
    OTHER = "other", "Other"


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
        if (
            self.kind == InterestKind.DPI
            and self.action == DeclarationAction.DISPENSATION
            and not self.dispensation_reference
        ):
            raise ValidationError(
                {"dispensation_reference": "A DPI needs a dispensation to stay (s31(4), s33)."}
            )
