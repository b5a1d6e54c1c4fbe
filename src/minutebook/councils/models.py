"""The council (the authority) and its own rules, held as data.

Statute sets floors (five clear days, 28 days' notice); each council's constitution
sets the rest (thresholds, call-in, participation). Those council rules live here,
per council, never as constants in code.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from minutebook.clock.rules import parse_deadline_rule
from minutebook.core.inputs import validate_name


def validate_deadline_rule(value: str) -> None:
    """Refuse a deadline rule the statutory clock cannot read, when it is saved, not on a form later."""
    try:
        parse_deadline_rule(value)
    except ValueError as exc:
        raise ValidationError(str(exc)) from exc


class BankHolidayRegion(models.TextChoices):
    """Subdivisions understood by ``holidays.country_holidays('GB', subdiv=...)``."""

    ENGLAND = "ENG", "England"
    WALES = "WLS", "Wales"
    SCOTLAND = "SCT", "Scotland"
    NORTHERN_IRELAND = "NIR", "Northern Ireland"


#: How long a meeting with no end time is taken to last, for a council that has not set
#: its own ``assumed_meeting_minutes``: the field's default, and ``meetings.rules``'
#: fallback for a meeting with no council to ask.
ASSUMED_MEETING_MINUTES = 180

#: The default licence of a council's open data (OParl ``license``).
OPEN_GOVERNMENT_LICENCE_V3 = (
    "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
)


class Council(models.Model):
    name = models.CharField(max_length=200, unique=True, validators=[validate_name])
    slug = models.SlugField(max_length=60, unique=True)
    short_name = models.CharField(max_length=100, blank=True, validators=[validate_name])
    gss_code = models.CharField(
        "GSS code", max_length=9, blank=True, help_text="ONS Government Statistical Service code."
    )
    website = models.URLField(blank=True)
    brand_colour = models.CharField(max_length=7, default="#1d4f91")
    address = models.TextField(blank=True)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)

    # Area settings.
    bank_holiday_region = models.CharField(
        max_length=3, choices=BankHolidayRegion.choices, default=BankHolidayRegion.ENGLAND
    )

    # Key decisions: SI 2012/2089 reg 8; the threshold and wards test are local choices.
    key_decision_threshold = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        default=Decimal("500000.00"),
        help_text="Spending or savings at or above this amount make an executive decision key.",
    )
    key_decision_wards = models.PositiveSmallIntegerField(
        default=2, help_text="Significant effect in this many wards or more makes a decision key."
    )
    key_decision_notice_days = models.PositiveSmallIntegerField(
        default=28, help_text="SI 2012/2089 reg 9: clear days' notice in the forward plan."
    )
    private_meeting_notice_days = models.PositiveSmallIntegerField(
        default=28, help_text="SI 2012/2089 reg 5(2): clear days' notice of a private meeting."
    )
    private_meeting_reasons_days = models.PositiveSmallIntegerField(
        default=5, help_text="SI 2012/2089 reg 5(4): clear days' notice of the reasons."
    )

    # Call-in (the council's scrutiny procedure rules).
    call_in_working_days = models.PositiveSmallIntegerField(
        default=5,
        help_text="Working days after publication of a decision during which it can be called in.",
    )
    call_in_signatories = models.PositiveSmallIntegerField(
        default=5, help_text="Councillors needed to call a decision in."
    )

    # Agenda publication: LGA 1972 s100B(3) sets five clear (working) days as the floor.
    agenda_clear_days = models.PositiveSmallIntegerField(
        default=5,
        validators=[MinValueValidator(5)],
        help_text="Clear working days between publication and the meeting (statutory minimum 5).",
    )
    report_deadline_working_days = models.PositiveSmallIntegerField(
        default=5, help_text="Reports are due this many working days before agenda publication."
    )
    reminder_working_days = models.PositiveSmallIntegerField(
        default=2,
        help_text="Democratic services are e-mailed this many working days before a statutory "
        "deadline not yet met (agenda, reports, forward plan notice), and again once it has passed.",
    )

    assumed_meeting_minutes = models.PositiveSmallIntegerField(
        "length assumed for a meeting with no end time (minutes)",
        default=ASSUMED_MEETING_MINUTES,
        validators=[MinValueValidator(15), MaxValueValidator(720)],
        help_text="Used when checking a new or moved meeting for room, committee and member "
        "clashes (meetings.rules), for meetings whose end time is not set.",
    )

    # Public participation (the council's procedure rules).
    public_question_deadline_rule = models.CharField(
        max_length=120,
        validators=[validate_deadline_rule],
        default="3 clear working days before, 08:30",
        help_text='E.g. "3 clear working days before, 08:30" or "midday the working day before".',
    )
    public_statement_deadline_rule = models.CharField(
        max_length=120,
        validators=[validate_deadline_rule],
        default="3 clear working days before, 08:30",
    )
    petition_deadline_rule = models.CharField(
        max_length=120, validators=[validate_deadline_rule], default="10 working days before, 17:00"
    )
    councillor_question_deadline_rule = models.CharField(
        max_length=120,
        validators=[validate_deadline_rule],
        default="3 clear working days before, 08:30",
    )
    notice_of_motion_deadline_rule = models.CharField(
        max_length=120,
        validators=[validate_deadline_rule],
        default="10 clear working days before, 12:00",
        help_text="When a councillor's notice of motion for full council is due.",
    )
    public_word_limit = models.PositiveIntegerField(default=450)
    public_questions_per_person = models.PositiveSmallIntegerField(default=2)
    public_statements_per_person = models.PositiveSmallIntegerField(default=1)
    public_submissions_cap = models.PositiveSmallIntegerField(
        default=0,
        help_text="Accept only the first N questions and N statements per meeting (0: no cap).",
    )
    councillor_questions_per_meeting = models.PositiveSmallIntegerField(default=2)

    # Meetings and packs.
    default_quorum = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Used when a committee sets none (e.g. a quarter of members).",
    )
    default_quorum_fraction = models.DecimalField(
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.25"),
        help_text="Quorum as a fraction of voting members when no number is set.",
    )
    pad_blank_pages = models.BooleanField(
        default=False,
        help_text='Insert "This page is intentionally left blank" so items start on odd pages.',
    )
    publish_draft_minutes = models.BooleanField(
        default=False,
        help_text="Publish draft minutes before the next meeting confirms them: only the "
        "minutes the clerk marks ready. Off: nothing of the minutes is public until they "
        "are confirmed and signed (LGA 1972 Sch 12 para 41(1), s100C(1)).",
    )
    max_upload_mb = models.PositiveSmallIntegerField(
        "largest upload (MB)",
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(200)],
        help_text="The largest file an officer may upload (a report, an appendix), in MB.",
    )
    exempt_access_rule = models.CharField(
        max_length=20,
        choices=[("committee", "Members of the committee"), ("all", "All councillors")],
        default="committee",
        help_text="Who may read exempt papers (subject to LGA 1972 s100F).",
    )
    # Open data: the licence of what the council publishes in its OParl API and export.
    open_data_licence = models.URLField(
        default=OPEN_GOVERNMENT_LICENCE_V3,
        help_text="The address of the licence the council's open data is published under "
        "(the OParl Body's license).",
    )

    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return f"/{self.slug}/"


class ClosureDay(models.Model):
    """A day the council's offices are closed, beyond bank holidays (e.g. between Christmas and New Year)."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="closure_days")
    date = models.DateField()
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["council", "date"], name="unique_closure_day")
        ]

    def __str__(self) -> str:
        return f"{self.date:%d %B %Y} ({self.reason or 'closed'})"
