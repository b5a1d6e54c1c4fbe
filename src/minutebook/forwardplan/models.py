"""The executive's forward plan: notice of key decisions and private meetings.

An entry is itself public (SI 2012/2089 regs 5 and 9 require it to be published),
even for a matter to be taken in private; what is exempt is the papers. So the
entry is an ordinary model; ``access`` and ``exempt_paragraphs`` say how the
papers will be treated.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from minutebook.committees.models import Committee, Portfolio
from minutebook.core.exempt import describe_paragraphs, validate_exempt_paragraphs
from minutebook.councils.models import Council
from minutebook.people.models import Person, Ward


class Access(models.TextChoices):
    OPEN = "open", "Open"
    PART_EXEMPT = "part exempt", "Part exempt"
    FULLY_EXEMPT = "fully exempt", "Fully exempt"


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

    class Meta:
        ordering = ["council", "decision_date", "title"]
        verbose_name_plural = "forward plan entries"

    def __str__(self) -> str:
        when = f" ({self.decision_date:%d %b %Y})" if self.decision_date else ""
        return f"{self.title}{when}"

    @property
    def exempt_description(self) -> str:
        return describe_paragraphs(list(self.exempt_paragraphs or []))

    def clean(self) -> None:
        paragraphs = list(self.exempt_paragraphs or [])
        if self.access == Access.OPEN and paragraphs:
            raise ValidationError({"exempt_paragraphs": "An open entry has no exempt paragraphs."})
        if self.access != Access.OPEN and not paragraphs:
            raise ValidationError({"exempt_paragraphs": "Say which Schedule 12A paragraphs apply."})
