"""The executive's forward plan: notice of key decisions and private meetings.

An entry is itself public (SI 2012/2089 regs 5 and 9 require it to be published),
even for a matter to be taken in private; what is exempt is the papers. So the
entry is an ordinary model; ``access`` and ``exempt_paragraphs`` say how the
papers will be treated.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q

from minutebook.committees.models import Committee, Portfolio
from minutebook.core.exempt import describe_paragraphs, validate_exempt_paragraphs
from minutebook.councils.models import Council
from minutebook.meetings.models import DeadlineReminder
from minutebook.people.models import Person, Ward


class KeyDecisionLimb(models.TextChoices):
    """Which limb of SI 2012/2089 reg 8 makes the decision key (the council sets the levels)."""

    SPENDING = "spending", "Spending or savings at or over the threshold"
    WARDS = "wards", "Significant effect in two or more wards"
    BOTH = "both", "Both spending or savings and wards affected"


class Access(models.TextChoices):
    OPEN = "open", "Open"
    PART_EXEMPT = "part exempt", "Part exempt"
    FULLY_EXEMPT = "fully exempt", "Fully exempt"


class ForwardPlanEntryQuerySet(models.QuerySet["ForwardPlanEntry"]):
    def current(self) -> ForwardPlanEntryQuerySet:
        """Entries still on the plan (withdrawn ones stay in earlier published versions)."""
        return self.filter(is_withdrawn=False)

    def key(self) -> ForwardPlanEntryQuerySet:
        return self.filter(key_decision=True)

    def for_council(self, council: Council) -> ForwardPlanEntryQuerySet:
        return self.filter(council=council)

    def unpublished(self) -> ForwardPlanEntryQuerySet:
        """Entries not yet in any published version of the plan."""
        return self.filter(first_published__isnull=True)

    def to_be_decided(self, on: date) -> ForwardPlanEntryQuerySet:
        """Entries whose decision is still to be made on ``on``.

        SI 2012/2089 reg 9(1) has the plan give notice of key decisions "to be made"; a
        matter with a decision record dated ``on`` or earlier has been decided, so a
        plan published that day leaves it out (earlier versions keep it, and the
        decision is in the decisions register). An exempt decision counts too: the
        entry itself is public, and the matter is decided all the same.
        """
        from minutebook.decisions.models import Decision

        taken = Decision.officer_objects.filter(forward_plan_entry=OuterRef("pk"), date__lte=on)
        return self.exclude(Exists(taken))


class ForwardPlanEntry(models.Model):
    council = models.ForeignKey(
        Council, on_delete=models.CASCADE, related_name="forward_plan_entries"
    )
    reference = models.CharField(max_length=40, blank=True)
    title = models.CharField(max_length=500)
    description = models.TextField(blank=True, help_text="The matter to be decided (reg 9(1)(a)).")
    key_decision = models.BooleanField(
        default=False, help_text="A key decision under SI 2012/2089 reg 8."
    )
    key_decision_limb = models.CharField(
        max_length=8,
        choices=KeyDecisionLimb.choices,
        blank=True,
        help_text="Which limb of reg 8 applies: set from the amount and wards affected.",
    )
    spending_amount = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Expenditure incurred or savings made, compared with the council's threshold.",
    )
    key_decision_reason = models.CharField(
        max_length=300, blank=True, help_text="Spending/savings threshold, wards affected, or both."
    )
    access = models.CharField(
        max_length=12,
        choices=Access.choices,
        default=Access.OPEN,
        help_text="Whether the papers are exempt (SI 2012/2089 reg 5: 28 clear days' notice "
        "of a private meeting).",
    )
    exempt_paragraphs = models.JSONField(
        default=list,
        blank=True,
        validators=[validate_exempt_paragraphs],
        help_text="LGA 1972 Schedule 12A paragraphs relied on when not open.",
    )
    decision_maker = models.ForeignKey(
        Committee,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="forward_plan_entries",
    )
    decision_maker_person = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="forward_plan_decisions",
        help_text="For an individual portfolio holder or officer decision.",
    )
    decision_maker_text = models.CharField(max_length=200, blank=True, help_text="As printed.")
    decision_date = models.DateField(
        null=True, blank=True, help_text="Blank when not yet determined."
    )
    decision_period_end = models.DateField(
        null=True,
        blank=True,
        help_text='For a period ("between ... and ..."): its last day; the decision date is '
        "then its first.",
    )
    decision_date_text = models.CharField(
        max_length=100, blank=True, help_text='As printed, e.g. "Not before March 2025".'
    )
    portfolio = models.ForeignKey(
        Portfolio, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    portfolio_holder = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    portfolio_holder_text = models.CharField(max_length=300, blank=True)
    officer = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    officer_text = models.CharField(
        max_length=300, blank=True, help_text="Lead officer as printed (reg 9(1)(e))."
    )
    consultation = models.TextField(blank=True)
    documents_to_be_submitted = models.TextField(
        blank=True, help_text="List of documents to be submitted (reg 9(1)(f))."
    )
    first_published = models.DateField(null=True, blank=True)
    wards_affected = models.ManyToManyField(Ward, blank=True, related_name="+")
    all_wards = models.BooleanField(default=False)
    is_withdrawn = models.BooleanField(default=False)
    import_record = models.ForeignKey(
        "importer.ImportRecord",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="forward_plan_entries",
    )
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    objects = ForwardPlanEntryQuerySet.as_manager()

    class Meta:
        ordering = ["council", "decision_date", "title"]
        verbose_name_plural = "forward plan entries"
        constraints = [
            models.CheckConstraint(
                condition=Q(decision_period_end__isnull=True)
                | Q(
                    decision_date__isnull=False, decision_period_end__gte=models.F("decision_date")
                ),
                name="forward_plan_period_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        when = f" ({self.decision_date:%d %b %Y})" if self.decision_date else ""
        return f"{self.title}{when}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Never move ``first_published`` later: notice runs from the first publication (reg 9).

        A form or object loaded before the plan was published would otherwise blank it.
        """
        if self.pk is not None:
            stored = (
                ForwardPlanEntry.objects.filter(pk=self.pk)
                .values_list("first_published", flat=True)
                .first()
            )
            if stored and (self.first_published is None or self.first_published > stored):
                self.first_published = stored
        super().save(*args, **kwargs)

    @property
    def exempt_description(self) -> str:
        return describe_paragraphs(list(self.exempt_paragraphs or []))

    @property
    def when_text(self) -> str:
        """The date or period as the plan shows it."""
        if self.decision_date and self.decision_period_end:
            return (
                f"Between {self.decision_date:%-d %B %Y} and {self.decision_period_end:%-d %B %Y}"
            )
        if self.decision_date:
            return f"{self.decision_date:%-d %B %Y}"
        return self.decision_date_text or "To be determined"

    @property
    def decision_maker_name(self) -> str:
        if self.decision_maker_id:
            return str(self.decision_maker)
        if self.decision_maker_person_id:
            return str(self.decision_maker_person)
        return self.decision_maker_text

    def clean(self) -> None:
        if self.decision_period_end and not self.decision_date:
            raise ValidationError({"decision_date": "A period needs its first day."})
        if self.key_decision_limb and not self.key_decision:
            raise ValidationError({"key_decision_limb": "Only a key decision has a limb."})
        paragraphs = list(self.exempt_paragraphs or [])
        if self.access == Access.OPEN and paragraphs:
            raise ValidationError({"exempt_paragraphs": "An open entry has no exempt paragraphs."})
        if self.access != Access.OPEN and not paragraphs:
            raise ValidationError({"exempt_paragraphs": "Say which Schedule 12A paragraphs apply."})


class ForwardPlanVersion(models.Model):
    """One published version of a council's forward plan, frozen as JSON.

    SI 2012/2089 reg 9 notice is given by publishing the plan; each publication is kept
    whole so that what the public was told, and when, can be shown later (the 28 clear
    days run from the version that first listed an entry) and versions compared.
    """

    council = models.ForeignKey(
        Council, on_delete=models.CASCADE, related_name="forward_plan_versions"
    )
    number = models.PositiveIntegerField(help_text="1 for the council's first published plan.")
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    entries = models.JSONField(
        default=list, help_text="The entries as published: one object per entry, keyed by id."
    )

    class Meta:
        ordering = ["council", "-number"]
        get_latest_by = "number"
        constraints = [
            models.UniqueConstraint(
                fields=["council", "number"], name="unique_forward_plan_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.council}: forward plan version {self.number}"

    def previous(self) -> ForwardPlanVersion | None:
        return (
            ForwardPlanVersion.objects.filter(council_id=self.council_id, number__lt=self.number)
            .order_by("-number")
            .first()
        )


class ExceptionKind(models.TextChoices):
    GENERAL_EXCEPTION = "general_exception", "General exception (reg 10)"
    SPECIAL_URGENCY = "special_urgency", "Special urgency (reg 11)"


class KeyDecisionException(models.Model):
    """The lawful route for a key decision without 28 clear days' notice.

    SI 2012/2089 reg 10 (general exception): the scrutiny chair is told in writing and
    a notice is made available to the public, then five clear days must pass. Reg 11
    (special urgency): the scrutiny chair (or, failing that, the chair or vice-chair of
    the authority) agrees that the decision is urgent and cannot reasonably be deferred.
    Both are listed for the executive's report to council (reg 19 requires the special
    urgency decisions; councils commonly report both).
    """

    entry = models.ForeignKey(ForwardPlanEntry, on_delete=models.CASCADE, related_name="exceptions")
    kind = models.CharField(max_length=18, choices=ExceptionKind.choices)
    reason = models.TextField(
        help_text="Why 28 clear days' notice was impracticable (reg 10) or why the decision "
        "is urgent and cannot reasonably be deferred (reg 11)."
    )
    scrutiny_chair = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    scrutiny_chair_text = models.CharField(
        max_length=200, blank=True, help_text="Who was notified or agreed, with their office."
    )
    notice_published = models.DateField(
        null=True,
        blank=True,
        help_text="Reg 10: the day the chair was told and the notice made public; the decision "
        "may be taken once five clear days have passed.",
    )
    agreed_on = models.DateField(
        null=True, blank=True, help_text="Reg 11: the day the chair agreed to the urgency."
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField()
    reported_to_council_on = models.DateField(
        null=True, blank=True, help_text="When the report to council (reg 19) listed it."
    )

    class Meta:
        ordering = ["-recorded_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="general_exception") | Q(notice_published__isnull=False),
                name="general_exception_has_notice_date",
            ),
            models.CheckConstraint(
                condition=~Q(kind="special_urgency") | Q(agreed_on__isnull=False),
                name="special_urgency_has_agreement_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.entry.title}"

    @property
    def chair_name(self) -> str:
        return str(self.scrutiny_chair) if self.scrutiny_chair_id else self.scrutiny_chair_text

    @property
    def effective_from(self) -> date | None:
        """The first day the decision may be taken under this exception (see the services)."""
        from minutebook.forwardplan.services import exception_effective_from

        return exception_effective_from(self)


class EntryReminderKind(models.TextChoices):
    KEY_DECISION = "key_decision", "Key decision notice (SI 2012/2089 reg 9)"
    PRIVATE_MEETING = "private_meeting", "Notice of a private meeting (SI 2012/2089 reg 5(2))"


class ForwardPlanReminder(DeadlineReminder):
    """A reminder sent about an entry's notice deadline (``forwardplan.reminders``)."""

    target_field = "entry"

    entry = models.ForeignKey(ForwardPlanEntry, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=20, choices=EntryReminderKind.choices)

    class Meta:
        ordering = ["-claimed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "kind", "stage", "due"], name="unique_forward_plan_reminder"
            ),
        ]
