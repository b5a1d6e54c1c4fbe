"""The minutes of a meeting as a legal record: draft, confirmed at the next meeting, locked.

The numbered minutes themselves are ``decisions.MinuteItem`` (numbers run on per
committee across meetings); this app adds what the record needs around them: the
lifecycle (``Minutes``), motions and amendments with proposer and seconder
(``Motion``), recorded votes (``RecordedVote``), and the versions kept once locked
(``MinutesVersion``).

LGA 1972 Sch 12 para 41(1): the minutes are signed at the same or the next suitable
meeting by the person presiding there. Once signed they are the record; a later
correction never overwrites it: it becomes a new version with its reason, and both
versions are kept. ``Minutes.save``, the querysets here and the guards in
``minutes.guards`` refuse any other change to signed minutes, whoever calls them; the
database refuses it too (triggers: migration ``0004_immutable_triggers``, docs/minutes.md).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from minutebook.meetings.models import AgendaItem, Meeting
from minutebook.people.models import Person


class MinutesLocked(Exception):
    """An edit to minutes that are confirmed or locked; the message is for the officer."""


class MinutesState(models.TextChoices):
    DRAFT = "draft", "Draft"
    CONFIRMED = "confirmed", "Confirmed and signed"
    LOCKED = "locked", "Locked"


#: States in which the minutes are signed (LGA 1972 Sch 12 para 41(1)): the record.
SIGNED_STATES = [MinutesState.CONFIRMED.value, MinutesState.LOCKED.value]


class SignedGuardQuerySet(models.QuerySet[Any]):
    """Bulk ``update()`` (``bulk_update`` too) and ``delete()`` refused for signed rows.

    ``signed`` is the lookup that finds rows of signed minutes (None: every row is
    fixed once written); ``writable`` the fields a bulk update may still set on them;
    ``fill_in`` those it may set where still empty (who acted: a demo load or a
    ``SET_NULL`` fills or clears them, no part of the record). The model-level twin of
    the database triggers, with a sentence for the officer.
    """

    signed: str | None = None
    writable: frozenset[str] = frozenset()
    fill_in: frozenset[str] = frozenset()

    def _fixed(self) -> models.QuerySet[Any]:
        return self if self.signed is None else self.filter(**{self.signed: SIGNED_STATES})

    def _refused(self, kwargs: dict[str, Any]) -> bool:
        fixed = self._fixed()
        if not fixed.exists():
            return False
        for key in kwargs:
            name = self.model._meta.get_field(key).name
            if name in self.writable:
                continue
            if name in self.fill_in and not fixed.filter(**{f"{name}__isnull": False}).exists():
                continue
            return True
        return False

    def update(self, **kwargs: Any) -> int:
        if self._refused(kwargs):
            raise MinutesLocked(
                f"Signed minutes cannot be changed ({self.model._meta.verbose_name_plural}): "
                "record a correction instead; it becomes a new version with its reason."
            )
        return super().update(**kwargs)

    update.alters_data = True  # type: ignore[attr-defined]

    def delete(self) -> tuple[int, dict[str, int]]:
        if self._fixed().exists():
            raise MinutesLocked(
                f"Signed minutes are kept whole ({self.model._meta.verbose_name_plural}): "
                "none can be deleted."
            )
        return super().delete()

    delete.alters_data = True  # type: ignore[attr-defined]
    delete.queryset_only = True  # type: ignore[attr-defined]


class MinutesQuerySet(SignedGuardQuerySet):
    signed = "state__in"
    fill_in = frozenset({"locked_by"})


class MotionQuerySet(SignedGuardQuerySet):
    signed = "minute_item__meeting__minutes__state__in"


class RecordedVoteQuerySet(SignedGuardQuerySet):
    signed = "motion__minute_item__meeting__minutes__state__in"


class FixedQuerySet(SignedGuardQuerySet):
    """Rows written once (versions, corrections, signed copies): only who made them may
    be filled in or cleared (``SET_NULL`` when the user goes)."""

    fill_in = frozenset({"created_by"})


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

    objects = MinutesQuerySet.as_manager()

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

    #: What may still change once the minutes are confirmed: the step to locked.
    LOCK_FIELDS = frozenset({"state", "locked_at", "locked_by", "modified"})

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Refuse any change once the stored row is locked, and any but locking once it is
        confirmed (the model-level guard; the database refuses the same)."""
        if self.pk is not None:
            stored = Minutes.objects.filter(pk=self.pk).values().first()
            state = stored["state"] if stored else None
            if state == MinutesState.LOCKED:
                raise MinutesLocked(
                    f"The minutes of {self.meeting} are locked: make a correction instead, "
                    "which keeps the signed version."
                )
            if state == MinutesState.CONFIRMED:
                changed = {
                    f.name
                    for f in self._meta.concrete_fields
                    if stored is not None and getattr(self, f.attname) != stored[f.attname]
                }
                if changed - self.LOCK_FIELDS or self.state == MinutesState.DRAFT:
                    raise MinutesLocked(
                        f"The minutes of {self.meeting} are confirmed and signed: they can "
                        "only be locked."
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

    objects = MotionQuerySet.as_manager()

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

    objects = RecordedVoteQuerySet.as_manager()

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
    created_at = models.DateTimeField(
        default=timezone.now, help_text="When it was written (a demo load sets past times)."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = FixedQuerySet.as_manager()

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


class MinutesCorrection(models.Model):
    """One part of one minute corrected after signing: what it said, what it says, why.

    Written (with ``version``, the number of the version it makes) before the minute
    changes; the database lets a signed minute's title, text or resolution change only
    to the value of a correction still pending, i.e. whose version is not yet written
    (``minutes.services.correct_minutes`` then writes it). So no change to signed
    minutes is ever quiet: each one has a row here and a new version with its reason.
    """

    minutes = models.ForeignKey(Minutes, on_delete=models.PROTECT, related_name="corrections")
    version = models.PositiveSmallIntegerField(help_text="The version this correction makes.")
    minute_item = models.ForeignKey(
        "decisions.MinuteItem", on_delete=models.PROTECT, related_name="corrections"
    )
    field = models.CharField(max_length=20)
    before = models.TextField(blank=True)
    after = models.TextField(blank=True)
    reason = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = FixedQuerySet.as_manager()

    class Meta:
        ordering = ["minutes", "version"]
        constraints = [
            models.UniqueConstraint(fields=["minutes", "version"], name="one_correction_a_version"),
        ]

    def __str__(self) -> str:
        return f"Correction (version {self.version}) of {self.minutes}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise MinutesLocked("A correction is fixed once written: make another one.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise MinutesLocked("Corrections of signed minutes are kept: none can be deleted.")


class SignedCopy(models.Model):
    """A Document that is a signed (approved and locked) copy of a meeting's minutes.

    Recorded when ``packs.minutes`` publishes a locked copy. From then on the database
    refuses any change to that Document's file, hash, text or version, and its deletion
    (trigger on ``documents_document``, migration ``0004_immutable_triggers``): a
    correction or a redaction makes a new Document version and this one is kept.
    """

    document = models.OneToOneField(
        "documents.Document", on_delete=models.PROTECT, related_name="+"
    )
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="+")
    minutes_version = models.PositiveSmallIntegerField(
        default=0,
        help_text="The register version printed (0: minutes kept outside the register).",
    )
    sha256 = models.CharField(max_length=64)
    file_name = models.CharField(max_length=300)
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = FixedQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "signed copies"
        ordering = ["meeting", "pk"]

    def __str__(self) -> str:
        return f"Signed copy {self.document_id} of {self.meeting}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise MinutesLocked("The record of a signed copy is fixed once written.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise MinutesLocked("Signed copies of the minutes are kept: none can be deleted.")
