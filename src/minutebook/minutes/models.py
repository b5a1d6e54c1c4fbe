"""The minutes of a meeting as a legal record: draft, confirmed at the next meeting, locked.

The numbered minutes themselves are ``decisions.MinuteItem`` (numbers run on per
committee across meetings); this app adds what the record needs around them: the
lifecycle (``Minutes``), motions and amendments with proposer and seconder
(``Motion``), recorded votes (``RecordedVote``), and the versions kept once locked
(``MinutesVersion``).

LGA 1972 Sch 12 para 41(1): the minutes are signed at the same or the next suitable
meeting by the person presiding there. Once signed they are the record; a later
correction never overwrites it: it becomes a new version with its reason, and both
versions are kept. ``Minutes.save`` and the guards in ``minutes.guards`` refuse any
other change to locked minutes, whoever calls them.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from minutebook.meetings.models import AgendaItem, Meeting
from minutebook.people.models import Person


class MinutesLocked(Exception):
    """An edit to minutes that are confirmed or locked; the message is for the officer."""


class MinutesState(models.TextChoices):
    DRAFT = "draft", "Draft"
    CONFIRMED = "confirmed", "Confirmed and signed"
    LOCKED = "locked", "Locked"


class Minutes(models.Model):
    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    state = models.CharField(
        max_length=10, choices=MinutesState.choices, default=MinutesState.DRAFT, db_index=True
    )
    opened_at = models.DateTimeField(
        null=True, blank=True, help_text="When the chair opened the meeting."
    )
    closed_at = models.DateTimeField(null=True, blank=True, help_text="When the meeting closed.")
    confirmed_at_meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="minutes_confirmed",
        help_text="The later meeting that confirmed these minutes.",
    )
    confirmed_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text='That meeting\'s "minutes" standing item.',
    )
    confirmation_minute = models.ForeignKey(
        "decisions.MinuteItem",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The minute of the later meeting recording the confirmation.",
    )
    signed_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_by_name = models.CharField(max_length=200, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    locked_at = models.DateTimeField(null=True, blank=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "minutes"
        constraints = [
            models.CheckConstraint(
                condition=Q(state="draft")
                | Q(confirmed_at_meeting__isnull=False, signed_at__isnull=False),
                name="confirmed_minutes_are_signed",
            ),
            models.CheckConstraint(
                condition=~Q(state="locked") | Q(locked_at__isnull=False),
                name="locked_minutes_have_lock_time",
            ),
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True)
                | Q(opened_at__isnull=True)
                | Q(closed_at__gte=models.F("opened_at")),
                name="minutes_close_after_open",
            ),
        ]

    def __str__(self) -> str:
        return f"Minutes of {self.meeting} ({self.get_state_display()})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Refuse any change once the stored row is locked (the model-level guard)."""
        if self.pk is not None:
            stored = Minutes.objects.filter(pk=self.pk).values_list("state", flat=True).first()
            if stored == MinutesState.LOCKED:
                raise MinutesLocked(
                    f"The minutes of {self.meeting} are locked: make a correction instead, "
                    "which keeps the signed version."
                )
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        if self.state != MinutesState.DRAFT:
            raise MinutesLocked(f"The minutes of {self.meeting} are signed: they cannot go.")
        return super().delete(*args, **kwargs)

    @property
    def is_editable(self) -> bool:
        return self.state == MinutesState.DRAFT

    @property
    def duration(self) -> Any:
        if self.opened_at and self.closed_at:
            return self.closed_at - self.opened_at
        return None

    @property
    def duration_text(self) -> str:
        span = self.duration
        if span is None:
            return ""
        minutes = int(span.total_seconds() // 60)
        hours, mins = divmod(minutes, 60)
        parts = []
        if hours:
            parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
        if mins or not hours:
            parts.append(f"{mins} minute{'s' if mins != 1 else ''}")
        return " ".join(parts)


class MotionKind(models.TextChoices):
    MOTION = "motion", "Motion"
    AMENDMENT = "amendment", "Amendment"


class MotionOutcome(models.TextChoices):
    CARRIED = "carried", "Carried"
    LOST = "lost", "Lost"
    WITHDRAWN = "withdrawn", "Withdrawn"
    NOT_PUT = "not_put", "Not put to the vote"


class VoteMethod(models.TextChoices):
    NONE = "", "No vote (agreed without a vote, or withdrawn)"
    COUNTS = "counts", "Show of hands: numbers for, against and abstaining"
    RECORDED = "recorded", "Recorded vote: how each member voted"


class Motion(models.Model):
    """A motion or an amendment moved under a minute, and the vote on it."""

    minute_item = models.ForeignKey(
        "decisions.MinuteItem", on_delete=models.CASCADE, related_name="motions"
    )
    order = models.PositiveSmallIntegerField(default=1)
    kind = models.CharField(max_length=10, choices=MotionKind.choices, default=MotionKind.MOTION)
    amends = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="amendments",
        help_text="The motion this amendment would change.",
    )
    text = models.TextField()
    proposer = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    seconder = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome = models.CharField(max_length=10, choices=MotionOutcome.choices)
    vote_method = models.CharField(max_length=10, choices=VoteMethod.choices, blank=True)
    votes_for = models.PositiveSmallIntegerField(null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(null=True, blank=True)
    abstentions = models.PositiveSmallIntegerField(null=True, blank=True)
    chair_casting_vote = models.BooleanField(
        default=False, help_text="Decided by the chair's casting vote (LGA 1972 Sch 12 para 39)."
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["minute_item", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amends__isnull=True) | Q(kind="amendment"),
                name="only_amendments_amend",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:60]}"

    @property
    def vote_text(self) -> str:
        if self.vote_method == "" or self.votes_for is None:
            return ""
        text = f"For {self.votes_for}, against {self.votes_against or 0}"
        text += f", abstained {self.abstentions or 0}"
        if self.chair_casting_vote:
            text += " (chair's casting vote)"
        return text


class VoteChoice(models.TextChoices):
    FOR = "for", "For"
    AGAINST = "against", "Against"
    ABSTAIN = "abstain", "Abstained"


class RecordedVote(models.Model):
    """How one member voted in a recorded (named) vote."""

    motion = models.ForeignKey(Motion, on_delete=models.CASCADE, related_name="recorded_votes")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    choice = models.CharField(max_length=8, choices=VoteChoice.choices)

    class Meta:
        ordering = ["motion", "choice", "person__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["motion", "person"], name="one_vote_each"),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_choice_display()}"


class MinutesVersion(models.Model):
    """A fixed text of the minutes: the signed version (1), then each correction."""

    minutes = models.ForeignKey(Minutes, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField()
    reason = models.TextField(help_text="Why this version was made.")
    text = models.TextField(help_text="The minutes as rendered (officer copy, exempt included).")
    snapshot = models.JSONField(help_text="The structured record this version was rendered from.")
    public_snapshot = models.JSONField(
        default=dict,
        help_text="The same record as the public may read it: exempt minutes reduced to "
        "their number, agenda item title and Schedule 12A paragraph.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["minutes", "number"]
        constraints = [
            models.UniqueConstraint(fields=["minutes", "number"], name="unique_minutes_version"),
        ]

    def __str__(self) -> str:
        return f"Version {self.number} of {self.minutes}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Versions are written once: a correction is a new version, never an edit."""
        if self.pk is not None:
            raise MinutesLocked("A version of the minutes is fixed once written.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise MinutesLocked("Versions of the minutes are kept: none can be deleted.")
