"""Scrutiny action sheets: actions agreed at a meeting stay listed until completed."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils import timezone

from minutebook.committees.models import Committee
from minutebook.meetings.models import Meeting
from minutebook.people.models import Person


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"
    DROPPED = "dropped", "No longer required"


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
    update = models.TextField(blank=True, help_text="Latest response from the owner.")
    completed = models.DateField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["committee", "status", "due", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(completed__isnull=True) | Q(status="completed"),
                name="completed_date_only_when_completed",
            ),
        ]

    def __str__(self) -> str:
        ref = f"{self.reference}: " if self.reference else ""
        return f"{ref}{self.text[:80]}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.status == ActionStatus.COMPLETED and self.completed is None:
            self.completed = timezone.localdate()
        super().save(*args, **kwargs)

    @property
    def is_overdue(self) -> bool:
        open_states = {ActionStatus.OPEN, ActionStatus.IN_PROGRESS}
        return bool(self.due and self.status in open_states and self.due < timezone.localdate())
