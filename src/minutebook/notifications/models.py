"""What a person is told, and how they want to hear it.

A ``Notification`` is written in the transaction of the change it reports (a report
submitted, a call-in received, ...) or by the scheduled scan (deadlines, the register of
interests), so a rolled-back change tells no one. It shows on the person's dashboard
until they mark it read; the task worker e-mails it, at once or in the day's digest as
their ``NotificationPreference`` says. Titles never hold exempt information: an exempt
record is named by its number only (``events.safe_title``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", "Immediately, one e-mail each"
    DIGEST = "digest", "Once a day, in one digest e-mail"


class NotificationKind(models.TextChoices):
    REPORT_ASSIGNED = "report_assigned", "Report assigned to you"
    REPORT_SUBMITTED = "report_submitted", "Report submitted for clearance"
    REPORT_CLEARED = "report_cleared", "Report cleared"
    REPORT_RETURNED = "report_returned", "Report returned"
    AGENDA_DEADLINE = "agenda_deadline", "Agenda deadline"
    CALL_IN = "call_in", "Call-in received"
    QUESTION = "question", "Question received"
    REGISTER_DUE = "register_due", "Register of interests due"
    MOTION = "motion", "Notice of motion received"
    REFERRAL = "referral", "Referral received"
    CALL_IN_OUTCOME = "call_in_outcome", "Call-in outcome"


class NotificationPreference(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    delivery = models.CharField(max_length=10, choices=Delivery.choices, default=Delivery.IMMEDIATE)
    #: The kinds the person chose not to hear about (``NotificationKind`` values).
    muted_kinds = models.JSONField(default=list, blank=True)
    last_digest_at = models.DateTimeField(null=True, blank=True)
    modified = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.user}: {self.get_delivery_display()}"


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    council = models.ForeignKey(
        "councils.Council", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=NotificationKind.choices)
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    #: The page where the thing is done (a path on this site).
    path = models.CharField(max_length=300, blank=True)
    #: Set for notifications a scan may find again (a deadline at one stage): one per user.
    key = models.CharField(max_length=200, blank=True)
    created = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    #: A worker has taken it to e-mail (cleared again if the e-mail fails).
    claimed_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"],
                condition=~models.Q(key=""),
                name="unique_notification_key",
            )
        ]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
