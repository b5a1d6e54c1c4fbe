"""Questions, statements and petitions from the public.

The asker is a member of the public, not a Person. Their address, email and phone
are held to apply the council's rules (who may ask, how many each) and to reply;
they are never published: ``PUBLIC_FIELDS`` lists what public code may show.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from minutebook.meetings.models import AgendaItem, Meeting, Supplement
from minutebook.people.models import Person


class SubmissionKind(models.TextChoices):
    QUESTION = "question", "Question"
    STATEMENT = "statement", "Statement"
    PETITION = "petition", "Petition"


class SubmissionStatus(models.TextChoices):
    RECEIVED = "received", "Received"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn"
    ANSWERED = "answered", "Answered"
    WRITTEN_REPLY = "written_reply", "Written reply to follow"


#: Refused or withdrawn submissions are never published, even once in a supplement.
NEVER_PUBLISHED = (SubmissionStatus.REJECTED, SubmissionStatus.WITHDRAWN)


class SubmissionQuerySet(models.QuerySet[Any]):
    """Questions (public or councillors') with the one rule of what the public sees."""

    def published(self) -> SubmissionQuerySet:
        """The submissions the public may see: published in a supplement to the agenda,
        and neither rejected nor withdrawn since (``NEVER_PUBLISHED``).

        The one definition for every public path: the meeting's published questions page
        (``services.published_for``), the OParl ``minutebook:`` question lists and their
        deleted markers (``api.record``), and a councillor's public page.
        """
        return self.filter(supplement__isnull=False).exclude(status__in=NEVER_PUBLISHED)


class PublicQuestion(models.Model):
    """A question, statement or petition from a member of the public for one meeting."""

    #: Fields public pages and the API may show; contact details are not among them.
    PUBLIC_FIELDS = (
        "kind",
        "name",
        "on_behalf_of",
        "addressed_to_text",
        "text",
        "answer",
        "status",
    )

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="public_questions")
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="public_questions",
    )
    kind = models.CharField(
        max_length=10, choices=SubmissionKind.choices, default=SubmissionKind.QUESTION
    )
    order = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(max_length=200, help_text="Published with the submission.")
    address = models.TextField(blank=True, help_text="Never published.")
    email = models.EmailField(blank=True, help_text="Never published.")
    phone = models.CharField(max_length=40, blank=True, help_text="Never published.")
    on_behalf_of = models.CharField(
        max_length=200, blank=True, help_text="Organisation, town or parish council, if any."
    )
    addressed_to = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions_received",
        help_text="Who the question is for (portfolio holder or chair).",
    )
    addressed_to_text = models.CharField(max_length=200, blank=True)
    text = models.TextField()
    signatures = models.PositiveIntegerField(
        null=True, blank=True, help_text="Petitions: number of signatories."
    )
    received_at = models.DateTimeField()
    status = models.CharField(
        max_length=14, choices=SubmissionStatus.choices, default=SubmissionStatus.RECEIVED
    )
    rejection_reason = models.CharField(
        max_length=300, blank=True, help_text="E.g. late, over the word limit, over the cap."
    )
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="answers_given"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(
        null=True, blank=True, help_text="When an officer accepted or rejected it."
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    supplement = models.ForeignKey(
        Supplement,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="public_submissions",
        help_text="The supplement to the agenda that published it.",
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The officer who entered it for the asker (a letter, a phone call); empty "
        "when the asker sent it themselves.",
    )
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "kind", "order", "received_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(signatures__isnull=True) | models.Q(kind="petition"),
                name="signatures_only_for_petitions",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.name} ({self.meeting})"

    @property
    def word_count(self) -> int:
        return len(self.text.split())

    def public_view(self) -> dict[str, Any]:
        """The submission as it may be published: names only, no contact details."""
        return {field: getattr(self, field) for field in self.PUBLIC_FIELDS}


class CouncillorQuestion(models.Model):
    """A councillor's question for a meeting (the council's procedure rules).

    A sub-question (``parent`` set) is a further part of a question: it counts towards
    the council's ``councillor_questions_per_meeting`` like a question of its own.
    """

    PUBLIC_FIELDS = ("councillor_name", "addressed_to_text", "text", "answer", "status")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="councillor_questions"
    )
    councillor = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="councillor_questions_asked"
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sub_questions",
        help_text="The question this is a part of.",
    )
    order = models.PositiveSmallIntegerField(default=0)
    addressed_to = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="councillor_questions_received",
    )
    addressed_to_text = models.CharField(max_length=200, blank=True)
    text = models.TextField()
    received_at = models.DateTimeField()
    status = models.CharField(
        max_length=14, choices=SubmissionStatus.choices, default=SubmissionStatus.RECEIVED
    )
    rejection_reason = models.CharField(max_length=300, blank=True)
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="councillor_answers_given",
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    supplement = models.ForeignKey(
        Supplement,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="councillor_questions",
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The officer who entered it for the asker (a letter, a phone call); empty "
        "when the asker sent it themselves.",
    )
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "order", "received_at"]

    def __str__(self) -> str:
        part = "Sub-question" if self.parent_id else "Question"
        return f"{part} from {self.councillor} ({self.meeting})"

    @property
    def councillor_name(self) -> str:
        return self.councillor.display_name

    @property
    def word_count(self) -> int:
        return len(self.text.split())

    def public_view(self) -> dict[str, Any]:
        return {field: getattr(self, field) for field in self.PUBLIC_FIELDS}


class NoticeOfMotion(models.Model):
    """A councillor's written notice of a motion for a meeting of full council.

    Council procedure rules require notice in writing by a deadline before the meeting
    (``Council.notice_of_motion_deadline_rule``), signed by the mover and usually a
    seconder; democratic services accept it onto the agenda or reject it with a reason.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="notices_of_motion")
    mover = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="motions_moved")
    seconder = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="motions_seconded",
    )
    text = models.TextField()
    received_at = models.DateTimeField()
    status = models.CharField(
        max_length=14, choices=SubmissionStatus.choices, default=SubmissionStatus.RECEIVED
    )
    rejection_reason = models.CharField(max_length=300, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The officer who entered it for the asker (a letter, a phone call); empty "
        "when the asker sent it themselves.",
    )
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notices_of_motion",
        help_text="The item the accepted motion is debated under (services.accept puts it there).",
    )
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["meeting", "received_at"]
        verbose_name_plural = "notices of motion"

    def __str__(self) -> str:
        return f"Notice of motion from {self.mover} ({self.meeting})"

    @property
    def word_count(self) -> int:
        return len(self.text.split())
