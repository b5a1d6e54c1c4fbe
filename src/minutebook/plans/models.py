"""Plans committees track: written statements of action, delivery plans, inspection action
plans and risk registers, held as data rather than tables pasted into PDFs.

A plan is a tree of ``PlanItem`` rows (area, focus area, action, milestone, risk) kept in
order under each parent. Each plan has its own status vocabulary (``StatusOption``:
BRAG, "Complete / On target", ...) mapped onto a few fixed categories, so reports can
count "complete" and "at risk" whatever words the council prints. Risk bands are data too
(``RiskBand``), per plan or per council. ``StatusUpdate`` is the append-only history of
every change of status: who, when, from what to what, and why.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from minutebook.committees.models import Committee
from minutebook.councils.models import Council
from minutebook.people.models import Person


class PlanKind(models.TextChoices):
    WRITTEN_STATEMENT = "wsoa", "Written statement of action"
    DELIVERY_PLAN = "delivery", "Delivery plan"
    INSPECTION_ACTION_PLAN = "inspection", "Inspection action plan"
    RISK_REGISTER = "risk_register", "Risk register"
    OTHER = "other", "Other plan"


class PlanState(models.TextChoices):
    DRAFT = "draft", "Draft"
    ACTIVE = "active", "Active"
    CLOSED = "closed", "Closed"


class Plan(models.Model):
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="plans")
    kind = models.CharField(max_length=14, choices=PlanKind.choices, default=PlanKind.OTHER)
    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=80, help_text="Public address; unique per council.")
    number = models.PositiveIntegerField(
        editable=False, help_text="Running number within the council, for officer addresses."
    )
    description = models.TextField(blank=True)
    committee = models.ForeignKey(
        Committee,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plans",
        help_text="The committee progress is reported to.",
    )
    state = models.CharField(max_length=8, choices=PlanState.choices, default=PlanState.DRAFT)
    is_published = models.BooleanField(
        default=False, help_text="Shown on the public site (its page and in the council's list)."
    )
    source_document = models.ForeignKey(
        "documents.Document",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The pack document the plan was read from, if imported.",
    )
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["council", "title"]
        constraints = [
            models.UniqueConstraint(fields=["council", "slug"], name="unique_plan_slug"),
            models.UniqueConstraint(fields=["council", "number"], name="unique_plan_number"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.number is None:
            top = Plan.objects.filter(council_id=self.council_id).aggregate(m=models.Max("number"))[
                "m"
            ]
            self.number = (top or 0) + 1
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return f"/{self.council.slug}/plans/{self.slug}/"

    def band_for(self, score: int | None) -> RiskBand | None:
        """The plan's band for a score, else the council's."""
        if score is None:
            return None
        for bands in (self.risk_bands.all(), RiskBand.objects.filter(council=self.council)):
            for band in bands:
                if band.min_score <= score <= band.max_score:
                    return band
        return None


class StatusCategory(models.TextChoices):
    """What a council's status word means, for counting and for overdue and at-risk tests."""

    COMPLETE = "complete", "Complete"
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "Significant risk"
    OFF_TRACK = "off_track", "High risk"
    NOT_STARTED = "not_started", "Not started"
    OTHER = "other", "Other"


#: Categories reported as "at risk" to committee.
AT_RISK_CATEGORIES = frozenset({StatusCategory.AT_RISK, StatusCategory.OFF_TRACK})


class StatusOption(models.Model):
    """One word of a plan's status vocabulary ("Complete", "On target", "Amber")."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="status_options")
    label = models.CharField(max_length=60)
    category = models.CharField(max_length=12, choices=StatusCategory.choices)
    colour = models.CharField(max_length=7, blank=True, help_text="Hex colour, e.g. #00703c.")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["plan", "order", "label"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "label"], name="unique_plan_status_label"),
        ]

    def __str__(self) -> str:
        return self.label


class RiskBand(models.Model):
    """A band of the likelihood x impact score (1-25), e.g. 10-16 "High"."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="risk_bands")
    plan = models.ForeignKey(
        Plan,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="risk_bands",
        help_text="Blank: the council's bands, used by plans with none of their own.",
    )
    label = models.CharField(max_length=40)
    min_score = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    max_score = models.PositiveSmallIntegerField(validators=[MaxValueValidator(25)])
    colour = models.CharField(max_length=7, blank=True)

    class Meta:
        ordering = ["council", "plan", "min_score"]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_score__gte=F("min_score")), name="risk_band_in_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.min_score}-{self.max_score})"


class Finding(models.Model):
    """An inspection finding (a weakness or area for development) that actions answer."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="findings")
    reference = models.CharField(max_length=20, blank=True)
    text = models.TextField()
    source = models.CharField(
        max_length=200, blank=True, help_text='The inspection, e.g. "Joint SEND inspection".'
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["plan", "order", "reference"]

    def __str__(self) -> str:
        return f"{self.reference} {self.text[:80]}".strip()


class ItemLevel(models.TextChoices):
    AREA = "area", "Area"
    FOCUS = "focus", "Focus area"
    ACTION = "action", "Action"
    MILESTONE = "milestone", "Milestone"
    RISK = "risk", "Risk"


#: Levels that carry a status, dates and an owner.
TRACKED_LEVELS = frozenset({ItemLevel.ACTION, ItemLevel.MILESTONE, ItemLevel.RISK})


class Recurrence(models.TextChoices):
    NONE = "", "Not recurring"
    WEEKLY = "weekly", "Weekly"
    FORTNIGHTLY = "fortnightly", "Fortnightly"
    MONTHLY = "monthly", "Monthly"
    BIMONTHLY = "bimonthly", "Every two months"
    QUARTERLY = "quarterly", "Quarterly"
    TERMLY = "termly", "Termly"
    SIX_MONTHLY = "six_monthly", "Six-monthly"
    ANNUALLY = "annually", "Annually"


_SCORE = [MinValueValidator(1), MaxValueValidator(5)]


class PlanItem(models.Model):
    """A node of the plan's tree: an area, a focus area, an action, a milestone or a risk."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="items")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    level = models.CharField(max_length=10, choices=ItemLevel.choices)
    order = models.PositiveIntegerField(default=0, help_text="Position under its parent.")
    reference = models.CharField(max_length=20, blank=True, help_text='As printed: "2.4".')
    title = models.TextField()
    description = models.TextField(blank=True)
    owner = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="plan_items"
    )
    owner_text = models.CharField(
        max_length=500, blank=True, help_text="The lead as printed: a person or a role."
    )
    timescale_text = models.CharField(max_length=200, blank=True, help_text="As printed.")
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    is_ongoing = models.BooleanField(default=False, help_text="Ongoing work is never overdue.")
    recurrence = models.CharField(
        max_length=12, choices=Recurrence.choices, blank=True, default=Recurrence.NONE
    )
    status = models.ForeignKey(
        StatusOption, on_delete=models.PROTECT, null=True, blank=True, related_name="items"
    )
    completed_on = models.DateField(null=True, blank=True)
    measures_of_success = models.TextField(blank=True)
    evidence_types = models.TextField(blank=True, help_text="Evidence of progress, one a line.")
    findings = models.ManyToManyField(Finding, blank=True, related_name="items")
    # Risks: likelihood x impact on a 5x5 matrix, before (current) and after (residual) controls.
    likelihood = models.PositiveSmallIntegerField(null=True, blank=True, validators=_SCORE)
    impact = models.PositiveSmallIntegerField(null=True, blank=True, validators=_SCORE)
    residual_likelihood = models.PositiveSmallIntegerField(null=True, blank=True, validators=_SCORE)
    residual_impact = models.PositiveSmallIntegerField(null=True, blank=True, validators=_SCORE)
    controls = models.TextField(blank=True, help_text="Risks: the controls in place.")
    # Where the action was agreed or reported.
    decisions = models.ManyToManyField("decisions.Decision", blank=True, related_name="plan_items")
    minute_items = models.ManyToManyField(
        "decisions.MinuteItem", blank=True, related_name="plan_items"
    )
    meetings = models.ManyToManyField("meetings.Meeting", blank=True, related_name="plan_items")
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["plan", "parent_id", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="plan_item_ends_after_start",
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{name}__isnull": True})
                    | Q(**{f"{name}__gte": 1, f"{name}__lte": 5}),
                    name=f"plan_item_{name}_1_to_5",
                )
                for name in ("likelihood", "impact", "residual_likelihood", "residual_impact")
            ],
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}".strip() if self.reference else self.title

    def clean(self) -> None:
        if self.parent_id and self.parent and self.parent.plan_id != self.plan_id:
            raise ValidationError({"parent": "An item's parent is in the same plan."})
        if self.status_id and self.status and self.status.plan_id != self.plan_id:
            raise ValidationError({"status": "Use a status from this plan's vocabulary."})
        node = self.parent
        while node is not None:
            if node.pk == self.pk and self.pk is not None:
                raise ValidationError({"parent": "An item cannot sit under itself."})
            node = node.parent

    @property
    def is_complete(self) -> bool:
        return self.status is not None and self.status.category == StatusCategory.COMPLETE

    def is_overdue(self, today: dt.date | None = None) -> bool:
        """Past its end date and not complete. Ongoing work is never overdue, nor is
        recurring work with no end date."""
        if self.level not in TRACKED_LEVELS or self.is_ongoing or self.end_date is None:
            return False
        return self.end_date < (today or timezone.localdate()) and not self.is_complete

    def is_at_risk(self, today: dt.date | None = None) -> bool:
        in_risk = self.status is not None and self.status.category in AT_RISK_CATEGORIES
        return in_risk or self.is_overdue(today)

    @property
    def current_score(self) -> int | None:
        if self.likelihood is None or self.impact is None:
            return None
        return self.likelihood * self.impact

    @property
    def residual_score(self) -> int | None:
        if self.residual_likelihood is None or self.residual_impact is None:
            return None
        return self.residual_likelihood * self.residual_impact

    @property
    def is_severe_risk(self) -> bool:
        """Scoring 20 or more now: flagged on every plan page (``plans.rules``)."""
        from minutebook.plans.rules import is_severe

        return is_severe(self.current_score)

    @property
    def current_band(self) -> RiskBand | None:
        return self.plan.band_for(self.current_score)

    @property
    def residual_band(self) -> RiskBand | None:
        return self.plan.band_for(self.residual_score)

    @property
    def owner_display(self) -> str:
        return self.owner.display_name if self.owner else self.owner_text

    def ancestors(self) -> list[PlanItem]:
        out: list[PlanItem] = []
        node = self.parent
        while node is not None:
            out.insert(0, node)
            node = node.parent
        return out


class AppendOnlyError(Exception):
    """Status history is never edited or deleted."""


class StatusUpdate(models.Model):
    """One change of an item's status (or a progress note): append-only."""

    item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="updates")
    at = models.DateTimeField(default=timezone.now, db_index=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    old_status = models.ForeignKey(
        StatusOption, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    new_status = models.ForeignKey(
        StatusOption, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The words as they were, should the vocabulary be renamed later.
    old_label = models.CharField(max_length=60, blank=True)
    new_label = models.CharField(max_length=60, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["item", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.item}: {self.old_label or '-'} to {self.new_label or '-'}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("A status update is never changed; add another.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise AppendOnlyError("A status update is never deleted.")


class ProgressReport(models.Model):
    """A progress report generated for a committee, and the agenda item that carries it."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="progress_reports")
    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="plan_progress_reports"
    )
    report = models.OneToOneField(
        "reports.Report", on_delete=models.PROTECT, related_name="plan_progress"
    )
    agenda_item = models.OneToOneField(
        "meetings.AgendaItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_progress",
    )
    as_at = models.DateTimeField(help_text="Status changes up to this moment are reported.")
    since = models.DateTimeField(
        null=True, blank=True, help_text="The previous report's moment: changes after it are new."
    )
    counts = models.JSONField(default=dict, help_text="Items by status label.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["plan", "-as_at"]
        get_latest_by = "as_at"

    def __str__(self) -> str:
        return f"{self.plan}: progress to {self.meeting}"


class PlanImport(models.Model):
    """A draft plan read from an imported pack document, awaiting an officer's review."""

    class State(models.TextChoices):
        PENDING = "pending", "Awaiting review"
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected"

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="plan_imports")
    document = models.ForeignKey(
        "documents.Document", on_delete=models.CASCADE, related_name="plan_imports"
    )
    draft = models.JSONField(help_text="plans.parse.DraftPlan.to_dict().")
    state = models.CharField(max_length=8, choices=State.choices, default=State.PENDING)
    plan = models.OneToOneField(
        Plan, on_delete=models.SET_NULL, null=True, blank=True, related_name="import_source"
    )
    created = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"Plan read from {self.document}"


class PlanEvidence(models.Model):
    """A file kept as evidence of an item's progress, stored as a council Document.

    The file reaches the public only while it is ticked for publication, not removed and
    its plan is published: ``evidence.sync_evidence`` sets the Document's
    ``published_at`` from those three, so ``/<council>/documents/<pk>/`` (which reads
    ``Document.public_objects.open_to_inspection()``) follows them. A removed file stays
    listed in the item's evidence history with who removed it and when.
    """

    item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="evidence_files")
    document = models.OneToOneField(
        "documents.Document", on_delete=models.CASCADE, related_name="plan_evidence"
    )
    description = models.TextField(blank=True)
    publish = models.BooleanField(
        default=False, help_text="Shown on the public plan page while the plan is published."
    )
    added_at = models.DateTimeField(default=timezone.now)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["item", "added_at", "pk"]

    def __str__(self) -> str:
        return f"{self.item}: {self.document.title}"

    @property
    def is_public(self) -> bool:
        return self.publish and self.removed_at is None and self.item.plan.is_published
