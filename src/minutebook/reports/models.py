"""Committee reports with their cover-sheet fields (OParl Paper).

A Report can be exempt (restricted) under LGA 1972 Schedule 12A, so it inherits
ExemptAwareModel: public code sees it only through ``Report.public_objects`` or
related managers (``meeting.reports``, ``item.public_report``); the admin and
members' code use ``Report.officer_objects``.

A report travels: it is written once and considered at several meetings (scrutiny,
then cabinet, then council). ``meetings`` runs through AgendaItem, so each meeting
where it is on the agenda lists it.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.conf import settings
from django.db import models

from minutebook.committees.models import Committee, Portfolio
from minutebook.core.exempt import ExemptAwareModel, OfficerManager
from minutebook.core.saving import save_each
from minutebook.councils.models import Council
from minutebook.people.models import Person, Ward


class ReportPurpose(models.TextChoices):
    DECISION = "decision", "For decision"
    RECOMMENDATION = "recommendation", "For recommendation"
    REVIEW_CONSULTATION = "review_consultation", "For review and consultation"
    INFORMATION = "information", "For information"


class RiskLevel(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class EqiaStatus(models.TextChoices):
    NOT_REQUIRED = "not_required", "Not required"
    SCREENING = "screening", "Screening completed"
    FULL = "full", "Full assessment completed"
    TO_FOLLOW = "to_follow", "To follow"


class ReportState(models.TextChoices):
    """Clearance: a draft is submitted, each required signatory clears it, then it is ready."""

    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted for clearance"
    READY = "ready", "Cleared: ready for the agenda"


#: The report's text sections, in the order the cover sheet prints them: what a
#: resident searches (``search.indexing``) and what a signatory reads.
SECTION_FIELDS = (
    "brief_summary",
    "recommendations",
    "reasons",
    "financial_implications",
    "legal_implications",
    "climate_implications",
    "wellbeing_health_implications",
    "hr_implications",
    "equalities_implications",
    "risk_implications",
    "body",
    "background_papers",
)

#: The fields a signatory signs off: changing any of them after clearance voids it.
CLEARED_FIELDS = (
    "title",
    "purpose",
    *SECTION_FIELDS,
    "key_decision",
    "exempt_paragraphs",
    "public_interest_reason",
)


class ReportQuerySet(models.QuerySet["Report"]):
    def ready(self) -> ReportQuerySet:
        """Cleared by every required signatory: the only reports a published pack may hold."""
        return self.filter(state=ReportState.READY)

    def awaiting_clearance(self) -> ReportQuerySet:
        return self.filter(state=ReportState.SUBMITTED)

    def drafts(self) -> ReportQuerySet:
        return self.filter(state=ReportState.DRAFT)


class ReportOfficerManager(OfficerManager.from_queryset(ReportQuerySet)):  # type: ignore[misc]
    """Every report, exempt included, with the clearance verbs (``ready()``)."""


class Report(ExemptAwareModel):
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="reports")
    title = models.CharField(max_length=500)
    purpose = models.CharField(max_length=20, choices=ReportPurpose.choices, blank=True)
    recommendation_to = models.ForeignKey(
        Committee,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports_recommended_to",
        help_text="For recommendation: the body that will decide.",
    )
    recommendation_to_name = models.CharField(
        max_length=200, blank=True, help_text="The deciding body as printed, when not held."
    )
    meetings = models.ManyToManyField(
        "meetings.Meeting",
        through="meetings.AgendaItem",
        related_name="reports",
        blank=True,
        help_text="Meetings where the report is on the agenda.",
    )
    portfolio = models.ForeignKey(
        Portfolio, on_delete=models.SET_NULL, null=True, blank=True, related_name="reports"
    )
    portfolio_holder = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports_as_portfolio_holder",
    )
    portfolio_holder_text = models.CharField(
        max_length=500, blank=True, help_text="As printed on the cover sheet."
    )
    executive_director = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports_as_executive_director",
    )
    executive_director_text = models.CharField(max_length=300, blank=True)
    local_councillors_text = models.CharField(
        max_length=500, blank=True, help_text='As printed: "All" or named councillors.'
    )
    wards_affected = models.ManyToManyField(Ward, blank=True, related_name="reports")
    key_decision = models.BooleanField(
        default=False, help_text="A key decision under SI 2012/2089 reg 8."
    )
    forward_plan_entry = models.ForeignKey(
        "forwardplan.ForwardPlanEntry",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
    )

    brief_summary = models.TextField(blank=True)
    recommendations = models.TextField(blank=True)
    reasons = models.TextField("reasons for recommendation", blank=True)
    financial_implications = models.TextField(blank=True)
    legal_implications = models.TextField(blank=True)
    climate_implications = models.TextField("climate implications", blank=True)
    wellbeing_health_implications = models.TextField(
        "well-being and health implications", blank=True
    )
    hr_implications = models.TextField("HR implications", blank=True)
    equalities_implications = models.TextField(
        blank=True, help_text="Public sector equality duty (Equality Act 2010 s149)."
    )
    eqia_status = models.CharField("EqIA", max_length=14, choices=EqiaStatus.choices, blank=True)
    risk_current = models.CharField(max_length=6, choices=RiskLevel.choices, blank=True)
    risk_residual = models.CharField(max_length=6, choices=RiskLevel.choices, blank=True)
    risk_implications = models.TextField(blank=True)
    body = models.TextField(blank=True, help_text="The report's main text.")
    background_papers = models.TextField(
        blank=True,
        help_text="Documents relied on, open to inspection (LGA 1972 s100D); one per line.",
    )
    # Clearance (see reports.services): who drafts it, and where it is in sign-off.
    state = models.CharField(
        max_length=10, choices=ReportState.choices, default=ReportState.DRAFT, db_index=True
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports_assigned",
        help_text="The report author who drafts it.",
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    cleared_sha256 = models.CharField(
        max_length=64,
        blank=True,
        editable=False,
        help_text="Digest of the cleared text; a report edited after clearance is ready no more.",
    )
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    officer_objects = ReportOfficerManager()

    class Meta(ExemptAwareModel.Meta):
        ordering = ["-created", "title"]
        permissions = [
            ("submit_report", "Can submit a report for clearance"),
            ("clear_report", "Can sign a report off (finance, legal, monitoring officer)"),
        ]

    def __str__(self) -> str:
        return self.title

    def content_sha256(self) -> str:
        """Digest of the fields signatories clear (``CLEARED_FIELDS``)."""
        values = {name: getattr(self, name) for name in CLEARED_FIELDS}
        values["exempt_paragraphs"] = sorted({int(p) for p in values["exempt_paragraphs"] or []})
        text = json.dumps(values, sort_keys=True, default=str)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def save(self, *args: Any, **kwargs: Any) -> None:
        """An exempt report makes the agenda items that carry it exempt too.

        Items keep paragraphs of their own if they have them; a report made public
        again does not clear its items, which an officer reviews. A ready report whose
        cleared text has changed goes back to clearance.
        """
        if self.state == ReportState.READY and self.cleared_sha256 != self.content_sha256():
            self.state = ReportState.SUBMITTED
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "state"}
        super().save(*args, **kwargs)
        if self.is_exempt and self.pk is not None:
            from minutebook.meetings.models import AgendaItem

            # Saved one by one, so each item is re-indexed and audited as an exemption change.
            save_each(
                AgendaItem.public_objects.filter(report_id=self.pk, is_exempt=False).order_by("pk"),
                exempt_paragraphs=list(self.exempt_paragraphs),
            )

    @property
    def appendices(self) -> models.QuerySet:
        """Appendix documents, through the public related manager."""
        from minutebook.documents.models import DocumentKind

        return self.documents.filter(kind=DocumentKind.APPENDIX)


class PublicAuthorManager(models.Manager["ReportAuthor"]):
    """Authors of public reports only: an exempt report's cover sheet is restricted too."""

    def get_queryset(self) -> models.QuerySet[ReportAuthor]:
        return super().get_queryset().filter(report__is_exempt=False)


class ReportAuthor(models.Model):
    """An author as printed on the cover sheet, linked to a Person when known.

    Follows its report's exemption: ``public_objects`` (default, and so
    ``report.authors``) hides authors of exempt reports; officer code uses
    ``officer_objects``.
    """

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="authors")
    person = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="reports_authored"
    )
    order = models.PositiveSmallIntegerField(default=1)
    name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)

    public_objects = PublicAuthorManager()
    officer_objects = models.Manager()

    class Meta:
        default_manager_name = "public_objects"
        ordering = ["report", "order"]
        constraints = [
            models.UniqueConstraint(fields=["report", "order"], name="unique_report_author_order"),
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.job_title}" if self.job_title else self.name


class ClearanceScope(models.TextChoices):
    ALL = "all", "Every report"
    EXEMPT = "exempt", "Exempt reports"
    KEY_DECISION = "key_decision", "Key decisions"


class ClearanceRule(models.Model):
    """A council's rule: this role must clear these reports (e.g. legal: every report).

    A council with no rules uses ``DEFAULT_CLEARANCE_RULES`` (reports.services).
    """

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="clearance_rules")
    role = models.CharField(
        max_length=24,
        choices=[
            ("finance_officer", "Finance officer"),
            ("legal_officer", "Legal officer"),
            ("monitoring_officer", "Monitoring officer"),
        ],
    )
    scope = models.CharField(max_length=14, choices=ClearanceScope.choices)

    class Meta:
        ordering = ["council", "role", "scope"]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "role", "scope"], name="unique_clearance_rule"
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.council}: {self.get_role_display()} clears {self.get_scope_display().lower()}"
        )


class ClearanceDecision(models.TextChoices):
    CLEARED = "cleared", "Cleared"
    RETURNED = "returned", "Returned to the author"


class ReportClearance(models.Model):
    """A signatory's sign-off (or return) of a report: who, when, in which role, and why.

    ``content_sha256`` is the report's cleared text at that moment: a sign-off counts only
    while the report still has that text.
    """

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="clearances")
    role = models.CharField(max_length=24)
    decision = models.CharField(max_length=10, choices=ClearanceDecision.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="report_clearances"
    )
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    comment = models.TextField(blank=True)
    content_sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["report", "-at"]

    def __str__(self) -> str:
        return f"{self.report}: {self.get_decision_display()} by {self.by} as {self.role}"
