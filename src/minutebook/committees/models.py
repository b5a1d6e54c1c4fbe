"""Decision-making bodies, who sits on them, and cabinet portfolios.

A Committee is any body that meets (OParl Organization): full council, cabinet,
scrutiny and regulatory committees, joint committees, outside bodies. Each carries
its standing items as data, so the agenda builder needs no per-council code.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from minutebook.core.inputs import validate_name
from minutebook.councils.models import Council
from minutebook.people.models import Person


class CommitteeKind(models.TextChoices):
    FULL_COUNCIL = "full_council", "Full council"
    EXECUTIVE = "executive", "Executive / cabinet"
    OVERVIEW_SCRUTINY = "overview_scrutiny", "Overview and scrutiny"
    REGULATORY = "regulatory", "Regulatory (planning, licensing)"
    JOINT = "joint", "Joint committee"
    OUTSIDE_BODY = "outside_body", "Outside body"
    OTHER = "other", "Other committee"


class StandingItemKind(models.TextChoices):
    """Items that recur on every agenda of a body, in their usual order."""

    APOLOGIES = "apologies", "Apologies for absence"
    SUBSTITUTES = "substitutes", "Substitute members"
    DECLARATIONS = "declarations", "Declarations of interest"
    MINUTES = "minutes", "Minutes of the previous meeting"
    PUBLIC_PARTICIPATION = "public_participation", "Public participation"
    COUNCILLOR_QUESTIONS = "councillor_questions", "Questions from councillors"
    FORWARD_PLAN = "forward_plan", "Forward plan / work programme"
    ACTION_SHEET = "action_sheet", "Action sheet"
    URGENT_ITEMS = "urgent_items", "Urgent items"
    EXEMPT_BUSINESS = "exempt_business", "Exempt business"


#: Used when a committee is created without its own template.
DEFAULT_STANDING_ITEMS: list[dict[str, str]] = [
    {"kind": StandingItemKind.APOLOGIES, "title": "Apologies", "position": "start"},
    {
        "kind": StandingItemKind.DECLARATIONS,
        "title": "Declarations of interest",
        "position": "start",
    },
    {"kind": StandingItemKind.MINUTES, "title": "Minutes", "position": "start"},
    {
        "kind": StandingItemKind.PUBLIC_PARTICIPATION,
        "title": "Public participation",
        "position": "start",
    },
    {
        "kind": StandingItemKind.COUNCILLOR_QUESTIONS,
        "title": "Questions from councillors",
        "position": "start",
    },
    {"kind": StandingItemKind.URGENT_ITEMS, "title": "Urgent items", "position": "end"},
    {"kind": StandingItemKind.EXEMPT_BUSINESS, "title": "Exempt business", "position": "end"},
]


def default_standing_items() -> list[dict[str, str]]:
    return [dict(item, kind=str(item["kind"])) for item in DEFAULT_STANDING_ITEMS]


def validate_standing_items(value: Any) -> None:
    """A list of {"kind", "title", optional "description", "position": "start"|"end"}.

    "start" items come before the meeting's business, "end" items after it.
    """
    if not isinstance(value, list):
        raise ValidationError("Standing items must be a list.")
    kinds = set(StandingItemKind.values)
    for i, item in enumerate(value, start=1):
        if not isinstance(item, dict) or not item.get("title"):
            raise ValidationError(f"Standing item {i} needs a title.")
        if item.get("kind") not in kinds:
            raise ValidationError(f"Standing item {i} has an unknown kind {item.get('kind')!r}.")
        if item.get("position", "start") not in {"start", "end"}:
            raise ValidationError(f"Standing item {i}: position is 'start' or 'end'.")


class Committee(models.Model):
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="committees")
    name = models.CharField(max_length=200, validators=[validate_name])
    slug = models.SlugField(
        max_length=80, help_text="Used in public addresses; unique per council."
    )
    short_name = models.CharField(max_length=60, blank=True, validators=[validate_name])
    kind = models.CharField(max_length=20, choices=CommitteeKind.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sub_committees",
        help_text="For sub-committees and panels (OParl subOrganizationOf).",
    )
    description = models.TextField(blank=True, help_text="Terms of reference in brief.")
    quorum = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Voting members needed for business; blank uses the council's default.",
    )
    standing_items = models.JSONField(
        default=default_standing_items,
        blank=True,
        validators=[validate_standing_items],
        help_text='Template for each agenda: [{"kind": "apologies", "title": "Apologies", '
        '"position": "start"}, ...].',
    )
    is_active = models.BooleanField(default=True)
    named_substitutes = models.ManyToManyField(
        Person,
        through="NamedSubstitute",
        blank=True,
        related_name="substitute_on",
        help_text="Councillors named to substitute for this committee's members (many "
        "councils' procedure rules name them); the attendance register lists those "
        "named for the meeting's date first.",
    )
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["council", "name"]
        constraints = [
            models.UniqueConstraint(fields=["council", "slug"], name="unique_committee_slug"),
            models.UniqueConstraint(fields=["council", "name"], name="unique_committee_name"),
            models.CheckConstraint(
                condition=Q(quorum__isnull=True) | Q(quorum__gte=1), name="quorum_at_least_one"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return f"/{self.council.slug}/{self.slug}/"

    def clean(self) -> None:
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": "A committee cannot be its own parent."})
        if self.parent and self.parent.council_id != self.council_id:
            raise ValidationError({"parent": "The parent must belong to the same council."})

    @property
    def is_executive(self) -> bool:
        return self.kind == CommitteeKind.EXECUTIVE


class MembershipRole(models.TextChoices):
    CHAIRMAN = "chairman", "Chairman"
    VICE_CHAIRMAN = "vice_chairman", "Vice-Chairman"
    MEMBER = "member", "Member"
    CO_OPTED = "co_opted", "Co-opted"


class Membership(models.Model):
    """A seat on a committee for a period (OParl Membership)."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(
        max_length=14, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    voting_right = models.BooleanField(
        default=True,
        help_text="Co-opted members usually have no vote, except statutory education "
        "co-optees (LGA 2000 s9FA, Parent Governor Representatives Regs 2001).",
    )
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    #: OParl ``created``/``modified``: syncing clients filter on them.
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["committee", "role", "person__last_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "person", "start_date"], name="unique_membership_start"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="membership_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()}, {self.committee})"

    def clean(self) -> None:
        """One seat per person, one chairman and one vice-chairman at a time.

        Why here: the officer pages and the admin both save through ``full_clean``,
        and a second chairman or a duplicate member would be printed on every agenda.
        Open ends (no start, no end) run for ever that way.
        """
        if not (self.person_id and self.committee_id):
            return
        if self.person.council_id != self.committee.council_id:
            raise ValidationError({"person": "The person belongs to another council."})
        if self.start_date and self.end_date and self.end_date < self.start_date:
            return  # the date order check says so; overlaps mean nothing yet
        others = self.overlapping()
        twice = others.filter(person_id=self.person_id).first()
        if twice is not None:
            raise ValidationError(
                {
                    "person": f"{self.person} is already a member of {self.committee} "
                    f"{twice.period()}: the same person cannot sit twice at once. Change "
                    "the dates, or edit the membership already held."
                }
            )
        if self.role in (MembershipRole.CHAIRMAN, MembershipRole.VICE_CHAIRMAN):
            holder = others.filter(role=self.role).select_related("person").first()
            if holder is not None:
                role = self.get_role_display()
                raise ValidationError(
                    {
                        "role": f"{holder.person} is already {role} of {self.committee} "
                        f"{holder.period()}: a committee has one {role} at a time. End "
                        "that appointment first, or choose dates that do not overlap."
                    }
                )

    def overlapping(self) -> models.QuerySet[Membership]:
        """Other seats on the committee whose dates meet this one's."""
        others = Membership.objects.filter(committee_id=self.committee_id).exclude(pk=self.pk)
        if self.end_date is not None:
            others = others.filter(Q(start_date__isnull=True) | Q(start_date__lte=self.end_date))
        if self.start_date is not None:
            others = others.filter(Q(end_date__isnull=True) | Q(end_date__gte=self.start_date))
        return others

    def period(self) -> str:
        """The dates in words: "from 14 May 2025 to 13 May 2026", "with no end date"."""
        start = f"from {self.start_date:%d %B %Y} " if self.start_date else ""
        end = f"to {self.end_date:%d %B %Y}" if self.end_date else "with no end date"
        return f"{start}{end}"


class NamedSubstituteQuerySet(models.QuerySet["NamedSubstitute"]):
    def in_force(self, on: date) -> NamedSubstituteQuerySet:
        """Appointments that cover ``on`` (an open start or end runs for ever that way)."""
        return self.filter(Q(start__isnull=True) | Q(start__lte=on)).filter(
            Q(end__isnull=True) | Q(end__gte=on)
        )


class NamedSubstitute(models.Model):
    """A councillor named to substitute for a committee's members, for a period.

    Councils name substitutes at the annual meeting for the municipal year, so an
    appointment has optional ``start`` and ``end`` dates; the substitution form lists
    first those in force on the meeting's date. The table is the one the plain
    many-to-many field used (``Committee.named_substitutes`` reads through it).
    """

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE)
    person = models.ForeignKey(Person, on_delete=models.CASCADE)
    start = models.DateField(null=True, blank=True, help_text="Blank: named from the start.")
    end = models.DateField(null=True, blank=True, help_text="Blank: named until further notice.")

    objects = NamedSubstituteQuerySet.as_manager()

    class Meta:
        db_table = "committees_committee_named_substitutes"
        ordering = ["committee", "person__last_name", "person__first_name", "start"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "person", "start"], name="unique_named_substitute_start"
            ),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(start__isnull=True) | Q(end__gte=F("start")),
                name="named_substitute_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} (named substitute, {self.committee})"

    def clean(self) -> None:
        """The council's own councillor, named once at a time for the committee."""
        if not (self.person_id and self.committee_id):
            return
        if self.person.council_id != self.committee.council_id:
            raise ValidationError({"person": "The person belongs to another council."})
        if self.start and self.end and self.end < self.start:
            return  # the date order check says so
        if (twice := self.overlapping().first()) is not None:
            raise ValidationError(
                {
                    "person": f"{self.person} is already a named substitute for "
                    f"{self.committee} {twice.period()}. Change the dates, or edit that "
                    "appointment."
                }
            )

    def overlapping(self) -> models.QuerySet[NamedSubstitute]:
        """The same councillor's other appointments to the committee that meet this one."""
        others = NamedSubstitute.objects.filter(
            committee_id=self.committee_id, person_id=self.person_id
        ).exclude(pk=self.pk)
        if self.end is not None:
            others = others.filter(Q(start__isnull=True) | Q(start__lte=self.end))
        if self.start is not None:
            others = others.filter(Q(end__isnull=True) | Q(end__gte=self.start))
        return others

    def period(self) -> str:
        """The dates in words: "from 14 May 2025 to 13 May 2026", "with no end date"."""
        start = f"from {self.start:%d %B %Y} " if self.start else ""
        end = f"to {self.end:%d %B %Y}" if self.end else "with no end date"
        return f"{start}{end}"


class Portfolio(models.Model):
    """An area of executive responsibility held by a cabinet member."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="portfolios")
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80)
    description = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["council", "title"]
        constraints = [
            models.UniqueConstraint(fields=["council", "slug"], name="unique_portfolio_slug"),
        ]

    def __str__(self) -> str:
        return self.title


class PortfolioRole(models.TextChoices):
    HOLDER = "holder", "Portfolio holder"
    LEAD_MEMBER = "lead_member", "Cabinet lead member"


class PortfolioHolder(models.Model):
    """Who holds a portfolio (or supports it as lead member) for a period."""

    portfolio = models.ForeignKey(Portfolio, on_delete=models.CASCADE, related_name="holders")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="portfolios_held")
    role = models.CharField(
        max_length=12, choices=PortfolioRole.choices, default=PortfolioRole.HOLDER
    )
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["portfolio", "role", "-start_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["portfolio", "person", "role", "start_date"],
                name="unique_portfolio_holding",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="portfolio_holding_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.portfolio} ({self.get_role_display()})"
