"""Scrutiny: the work programme and the action sheet, with the council's rules as data.

An action agreed at a meeting stays on the committee's action sheet, and so on the
action sheet item of every later meeting, until it is completed (``scrutiny.services``).
The work programme lists what the committee will look at, when, and where it goes next;
a council may allow only one commissioned piece of work at a time
(``ScrutinySettings.one_commissioned_at_a_time``).
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils import timezone

from minutebook.committees.models import Committee
from minutebook.councils.models import Council
from minutebook.meetings.models import Meeting
from minutebook.people.models import Person


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"
    DROPPED = "dropped", "No longer required"


#: An action leaves the sheet once in one of these states.
CLOSED_STATES = frozenset({ActionStatus.COMPLETED, ActionStatus.DROPPED})


class Action(models.Model):
    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="actions")
    meeting_raised = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions_raised"
    )
    minute_item = models.ForeignKey(
        "decisions.MinuteItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
    )
    number = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Running number on the committee's action sheet (its address).",
    )
    reference = models.CharField(max_length=20, blank=True)
    text = models.TextField(help_text="What was agreed.")
    owner = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions_owned"
    )
    owner_text = models.CharField(max_length=200, blank=True, help_text="Owner as printed.")
    due = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=12, choices=ActionStatus.choices, default=ActionStatus.OPEN, db_index=True
    )
    update = models.TextField(
        blank=True, help_text="Status: the latest response from the owner, as printed."
    )
    outcome = models.TextField(blank=True, help_text="What was done, recorded on completion.")
    completed = models.DateField(
        null=True, blank=True, help_text="When the action was completed or dropped."
    )
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["committee", "status", "due", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(completed__isnull=True) | Q(status__in=["completed", "dropped"]),
                name="completed_date_only_when_closed",
            ),
            models.UniqueConstraint(fields=["committee", "number"], name="unique_action_number"),
        ]

    def __str__(self) -> str:
        ref = f"{self.reference}: " if self.reference else ""
        return f"{ref}{self.text[:80]}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.number is None and self.committee_id is not None:
            top = Action.objects.filter(committee_id=self.committee_id).aggregate(
                top=models.Max("number")
            )["top"]
            self.number = (top or 0) + 1
        if self.status in CLOSED_STATES and self.completed is None:
            self.completed = timezone.localdate()
        super().save(*args, **kwargs)

    @property
    def is_overdue(self) -> bool:
        open_states = {ActionStatus.OPEN, ActionStatus.IN_PROGRESS}
        return bool(self.due and self.status in open_states and self.due < timezone.localdate())


class ScrutinySettings(models.Model):
    """The council's scrutiny procedure rules that minutebook applies (one row per council)."""

    council = models.OneToOneField(
        Council, on_delete=models.CASCADE, related_name="scrutiny_settings"
    )
    one_commissioned_at_a_time = models.BooleanField(
        default=False,
        help_text="A committee may have only one commissioned piece of work (a task and "
        "finish review, a commissioned report) in progress at a time.",
    )

    class Meta:
        verbose_name = "scrutiny settings"
        verbose_name_plural = "scrutiny settings"

    def __str__(self) -> str:
        return f"Scrutiny settings of {self.council}"


class WorkItemStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    SCHEDULED = "scheduled", "Scheduled for a meeting"
    COMMISSIONED = "commissioned", "Commissioned: work in progress"
    REPORTED = "reported", "Reported to the committee"
    REFERRED = "referred", "Referred onward"
    COMPLETED = "completed", "Completed"
    DEFERRED = "deferred", "Deferred"
    WITHDRAWN = "withdrawn", "Withdrawn"


#: Items no longer in hand: shown under "Completed and withdrawn".
FINISHED_WORK = frozenset(
    {WorkItemStatus.COMPLETED, WorkItemStatus.WITHDRAWN, WorkItemStatus.REFERRED}
)


class WorkProgrammeItem(models.Model):
    """One line of a scrutiny committee's work programme."""

    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="work_programme"
    )
    number = models.PositiveIntegerField(help_text="Running number within the committee.")
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="work_programme_items",
        help_text="The committee meeting that will consider it.",
    )
    meeting_date = models.DateField(
        null=True, blank=True, help_text="Meeting date when no meeting is scheduled yet."
    )
    subject = models.CharField(max_length=300)
    description = models.TextField(blank=True, help_text="Scope and purpose.")
    requested_by = models.CharField(
        max_length=200, blank=True, help_text="Who asked for it: a member, cabinet, the public."
    )
    author = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    author_text = models.CharField(max_length=200, blank=True, help_text="Author as printed.")
    portfolio_holder = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    portfolio_holder_text = models.CharField(max_length=200, blank=True)
    route_onward = models.CharField(
        max_length=300, blank=True, help_text='Where it goes next, e.g. "Cabinet".'
    )
    onward_date = models.DateField(null=True, blank=True, help_text="E.g. the cabinet date.")
    status = models.CharField(
        max_length=14,
        choices=WorkItemStatus.choices,
        default=WorkItemStatus.PROPOSED,
        db_index=True,
    )
    notes = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["committee", "meeting_date", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "number"], name="unique_work_programme_number"
            ),
        ]

    def __str__(self) -> str:
        return self.subject

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.meeting_id is not None:
            self.meeting_date = (
                Meeting.objects.filter(pk=self.meeting_id).values_list("date", flat=True).get()
            )
        super().save(*args, **kwargs)

    @property
    def author_name(self) -> str:
        return self.author.display_name if self.author else self.author_text

    @property
    def portfolio_holder_name(self) -> str:
        return (
            self.portfolio_holder.display_name
            if self.portfolio_holder
            else self.portfolio_holder_text
        )
