"""Meetings, where they happen, and their agendas.

Exempt handling of agenda items
-------------------------------
An AgendaItem is *public metadata by law*: LGA 1972 s100B(2) requires the public
agenda to list every item, exempt ones included, and the public must be told the
Schedule 12A paragraph relied on. So AgendaItem does not inherit ExemptAwareModel
(that would hide exempt items from the published agenda); every row is in
``public_objects``. What it carries must therefore be safe to publish: the title,
a description written for the public agenda, page numbers, and the paragraphs.

The exempt *content* lives only in the linked Report and its Documents, which are
ExemptAwareModels. Public code reaches it through ``item.public_report`` (None
for an exempt report) or ``meeting.reports`` (a related manager that starts from
``Report.public_objects``). ``item.report``, a plain forward foreign key, uses
Django's unfiltered base manager and is for officer code only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone

from minutebook.committees.models import Committee, StandingItemKind
from minutebook.core.exempt import describe_paragraphs, validate_exempt_paragraphs
from minutebook.core.inputs import validate_name
from minutebook.councils.models import Council

if TYPE_CHECKING:
    from minutebook.reports.models import Report


class Venue(models.Model):
    """A place meetings are held (OParl Location)."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="venues")
    name = models.CharField(
        max_length=300,
        help_text='E.g. "Committee Room 1, County Hall".',
        validators=[validate_name],
    )
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    accessibility = models.TextField(blank=True, help_text="Access, hearing loop, parking.")
    is_online_only = models.BooleanField(default=False)
    #: OParl ``created``/``modified`` (a Location): syncing clients filter on them.
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["council", "name"]
        constraints = [
            models.UniqueConstraint(fields=["council", "name"], name="unique_venue_name"),
        ]

    def __str__(self) -> str:
        return self.name


class MeetingState(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    AGENDA_PUBLISHED = "agenda_published", "Agenda published"
    HELD = "held", "Held"
    MINUTES_APPROVED = "minutes_approved", "Minutes approved"
    CANCELLED = "cancelled", "Cancelled"


class Meeting(models.Model):
    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="meetings")
    start = models.DateTimeField(db_index=True)
    end = models.DateTimeField(null=True, blank=True)
    date = models.DateField(
        editable=False, db_index=True, help_text="Local date of the start; set on save."
    )
    slug = models.SlugField(
        max_length=20,
        editable=False,
        help_text="The meeting's date, with -2, -3 when a committee meets twice on one day.",
    )
    venue = models.ForeignKey(
        Venue, on_delete=models.SET_NULL, null=True, blank=True, related_name="meetings"
    )
    online_url = models.URLField(
        blank=True, max_length=500, help_text="Link to watch or join the meeting."
    )
    state = models.CharField(
        max_length=20, choices=MeetingState.choices, default=MeetingState.SCHEDULED, db_index=True
    )
    quorum = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="As printed for this meeting; blank uses the committee's."
    )
    is_extraordinary = models.BooleanField(default=False)
    published_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the agenda was published: at least five clear working days before "
        "the meeting (LGA 1972 s100B(3)).",
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The officer who published the agenda.",
    )
    cancellation_reason = models.CharField(max_length=300, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    moved_from = models.DateTimeField(
        null=True,
        blank=True,
        help_text="The start before the meeting was last moved, shown to the public.",
    )
    withdrawn_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the meeting was withdrawn as created in error; it stays in the record.",
    )
    withdrawal_reason = models.CharField(max_length=300, blank=True)
    is_imported = models.BooleanField(
        default=False, help_text="An archive meeting read from an existing agenda pack."
    )
    import_record = models.ForeignKey(
        "importer.ImportRecord",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="archive_meetings",
    )
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-start"]
        get_latest_by = "start"
        constraints = [
            models.UniqueConstraint(fields=["committee", "slug"], name="unique_meeting_slug"),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                name="meeting_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(import_record__isnull=True) | Q(is_imported=True),
                name="import_record_only_for_imported_meetings",
            ),
        ]

    def __str__(self) -> str:
        local = timezone.localtime(self.start) if timezone.is_aware(self.start) else self.start
        return f"{self.committee}, {local.day} {local:%B %Y}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Keep ``date`` and ``slug`` in step with ``start``.

        The slug is stable once the agenda is published (links go out then); before
        that a rescheduled meeting takes its new date. A save of some fields still stamps
        ``modified`` (``auto_now`` alone does not with ``update_fields``): a withdrawal is
        an OParl change (``cancelled``) that clients syncing by ``modified_since`` fetch.
        """
        self.date = self._local_date()
        base = self.date.isoformat()
        if not self.slug or (not self.slug.startswith(base) and self.published_at is None):
            self.slug = self._free_slug(base)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "date", "slug", "modified"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return f"/{self.committee.council.slug}/{self.committee.slug}/{self.slug}/"

    @property
    def council(self) -> Council:
        return self.committee.council

    @property
    def effective_quorum(self) -> int | None:
        """The meeting's quorum, else the committee's, else ``Council.default_quorum``."""
        return self.quorum or self.committee.quorum or self.committee.council.default_quorum

    def _local_date(self) -> Any:
        start = self.start
        return (timezone.localtime(start) if timezone.is_aware(start) else start).date()

    def _free_slug(self, base: str) -> str:
        taken = set(
            Meeting.objects.filter(committee_id=self.committee_id, slug__startswith=base)
            .exclude(pk=self.pk)
            .values_list("slug", flat=True)
        )
        if base not in taken:
            return base
        n = 2
        while f"{base}-{n}" in taken:
            n += 1
        return f"{base}-{n}"


class AgendaItemQuerySet(models.QuerySet["AgendaItem"]):
    def exempt(self) -> AgendaItemQuerySet:
        return self.filter(is_exempt=True)

    def open(self) -> AgendaItemQuerySet:
        return self.filter(is_exempt=False)

    def top_level(self) -> AgendaItemQuerySet:
        return self.filter(parent__isnull=True)

    def open_to_inspection(self) -> AgendaItemQuerySet:
        """Items the public may see now.

        LGA 1972 s100B(1): the agenda and reports are open to inspection once
        published, not before; an item "to follow" is open from its supplement's
        publication. An imported archive meeting was published by the council when
        it was held, so all of its items are open.
        """
        return self.filter(
            Q(meeting__is_imported=True)
            | Q(meeting__published_at__isnull=False, published_at__isnull=False)
        )

    def carrying_papers(self) -> AgendaItemQuerySet:
        """Items through which the public reads a report and its appendices.

        Open to inspection, not exempt (an exempt item keeps even a public report back),
        and not withdrawn, nor on a withdrawn meeting: a withdrawn item, and every item of
        a withdrawn meeting, stays listed without its papers (``meetings.withdrawal``), so
        its report is no longer published through it.
        """
        return self.open_to_inspection().filter(
            is_exempt=False, withdrawn_at__isnull=True, meeting__withdrawn_at__isnull=True
        )


class AgendaItem(models.Model):
    """One line of the agenda. All of it is publishable: see the module docstring."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    order = models.PositiveSmallIntegerField(help_text="Position in the agenda (OParl order).")
    number = models.CharField(
        max_length=10,
        blank=True,
        help_text='As printed, without punctuation: "4", "4a".',
        validators=[validate_name],
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sub_items",
        help_text='The item a sub-item ("6a") belongs to.',
    )
    title = models.CharField(
        max_length=500,
        help_text="Always published, also for exempt items (LGA 1972 s100B(2)).",
        validators=[validate_name],
    )
    description = models.TextField(
        blank=True,
        help_text="Printed on the public agenda; left out of every public copy while the "
        "item is exempt (only the title and the paragraph are published then).",
    )
    standing_kind = models.CharField(
        max_length=24, choices=StandingItemKind.choices, blank=True, db_index=True
    )
    first_page = models.PositiveIntegerField(null=True, blank=True)
    last_page = models.PositiveIntegerField(null=True, blank=True)
    exempt_paragraphs = models.JSONField(
        default=list,
        blank=True,
        validators=[validate_exempt_paragraphs],
        help_text="Paragraphs of LGA 1972 Schedule 12A under which the item is considered "
        "in private; the item's title and these numbers stay public.",
    )
    public_interest_reason = models.TextField(
        blank=True,
        help_text="Why the public interest in maintaining the exemption outweighs disclosure "
        "(Schedule 12A para 10).",
    )
    is_exempt = models.BooleanField(default=False, editable=False, db_index=True)
    to_follow = models.BooleanField(
        default=False, help_text="Report not ready at publication; published in a supplement."
    )
    is_urgent = models.BooleanField(
        default=False, help_text="Taken as urgent by the chair (LGA 1972 s100B(4)(b))."
    )
    urgency_reason = models.TextField(
        blank=True, help_text="Recorded in the minutes (LGA 1972 s100B(4)(b))."
    )
    report = models.ForeignKey(
        "reports.Report",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
        help_text="Officer access only: public code uses public_report.",
    )
    published_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the item's papers were published: with the agenda or in a supplement.",
    )
    withdrawn_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the item was withdrawn: still listed, marked withdrawn, without papers.",
    )
    withdrawal_reason = models.CharField(max_length=300, blank=True)
    supplement = models.ForeignKey(
        "Supplement",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="items",
        help_text="The supplement that published this item, if it was not in the agenda.",
    )
    #: OParl ``created``/``modified`` (an AgendaItem and its Consultation); ``modified``
    #: also moves when what the item embeds changes (derived/rules.py).
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    public_objects = AgendaItemQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "order"]
        default_manager_name = "public_objects"
        constraints = [
            models.UniqueConstraint(fields=["meeting", "order"], name="unique_agenda_order"),
            models.UniqueConstraint(
                fields=["meeting", "number"],
                condition=~Q(number=""),
                name="unique_agenda_number",
            ),
            models.CheckConstraint(
                condition=Q(first_page__isnull=True)
                | Q(last_page__isnull=True)
                | Q(last_page__gte=F("first_page")),
                name="agenda_pages_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}" if self.number else self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Derive ``is_exempt``; an item whose report is exempt is exempt too."""
        paragraphs = sorted({int(p) for p in (self.exempt_paragraphs or [])})
        if not paragraphs and self.report_id is not None:
            from minutebook.reports.models import Report

            report = (
                Report.officer_objects.filter(pk=self.report_id).only("exempt_paragraphs").first()
            )
            if report is not None:
                paragraphs = list(report.exempt_paragraphs or [])
        self.exempt_paragraphs = paragraphs
        self.is_exempt = bool(paragraphs)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {
                *update_fields,
                "exempt_paragraphs",
                "is_exempt",
                "modified",
            }
        # One transaction with the save signals that withdraw public copies of an item
        # made exempt (minutebook.derived.exempt).
        with transaction.atomic(using=kwargs.get("using")):
            super().save(*args, **kwargs)

    @property
    def pages(self) -> tuple[int, int] | None:
        if self.first_page is None:
            return None
        return (self.first_page, self.last_page or self.first_page)

    @property
    def exempt_description(self) -> str:
        return describe_paragraphs(list(self.exempt_paragraphs or []))

    @property
    def public_report(self) -> Report | None:
        """The report, if the public may see it; None for none or an exempt one."""
        if self.report_id is None:
            return None
        from minutebook.reports.models import Report

        return Report.public_objects.filter(pk=self.report_id).first()

    def clean(self) -> None:
        if self.parent_id and self.parent and self.parent.meeting_id != self.meeting_id:
            raise ValidationError({"parent": "A sub-item belongs to the same meeting."})


class Supplement(models.Model):
    """Papers published after the agenda: "to follow" reports and late items.

    Each supplement has its own publication time, because the five clear days of
    LGA 1972 s100B(3) run from when each paper was open to inspection, not from the
    agenda's publication.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="supplements")
    number = models.PositiveSmallIntegerField(help_text="1 for the first supplement, and so on.")
    title = models.CharField(max_length=200, blank=True, validators=[validate_name])
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="unique_supplement_number"),
        ]

    def __str__(self) -> str:
        return self.title or f"Supplement {self.number}"


class UrgencyKind(models.TextChoices):
    AGENDA = "agenda", "Agenda published late"
    SUPPLEMENT = "supplement", "Supplement published late"
    MOVE = "move", "Meeting brought forward after publication"


class UrgencyRecord(models.Model):
    """The chair's opinion that late business be considered as a matter of urgency.

    LGA 1972 s100B(4)(b): an item not open to inspection for five clear days may be
    considered only if, "by reason of special circumstances, which shall be specified in
    the minutes", the chair is of the opinion it should be considered as a matter of
    urgency. This row is those special circumstances, kept for the minutes, with who
    recorded them and when the late papers went out.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="urgency_records")
    kind = models.CharField(max_length=10, choices=UrgencyKind.choices)
    supplement = models.OneToOneField(
        Supplement,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="urgency_record",
    )
    items = models.ManyToManyField(AgendaItem, related_name="urgency_records", blank=True)
    chair = models.ForeignKey(
        "people.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="urgency_agreed",
        help_text="The chair of the meeting who agreed the urgency.",
    )
    chair_name = models.CharField(max_length=200, help_text="The chair's name as recorded.")
    reason = models.TextField(help_text="The special circumstances, for the minutes.")
    published_at = models.DateTimeField(help_text="When the late papers were published.")
    clear_days = models.PositiveSmallIntegerField(
        help_text="Clear working days the papers were in fact open to inspection."
    )
    required_days = models.PositiveSmallIntegerField(
        help_text="Clear working days the council's rules required."
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting", "recorded_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: urgency agreed by {self.chair_name}"


class ReminderStage(models.TextChoices):
    """How far a deadline has come: the officers hear once at each stage."""

    DUE_SOON = "due_soon", "Due soon"
    OVERDUE = "overdue", "Deadline passed"


class DeadlineReminder(models.Model):
    """That democratic services were reminded of one deadline of one record, at one stage.

    The unique constraint is the guard against a second e-mail: a run *claims* the row
    before sending (two runs at once cannot both insert it), marks it sent after, and
    deletes its claim if the e-mail could not be sent so a later run tries again. The
    deadline's date is part of the key, so a moved meeting or decision date reminds
    afresh. Concrete models name their record's foreign key in ``target_field``.
    """

    target_field = ""

    kind = models.CharField(max_length=20)
    stage = models.CharField(max_length=10, choices=ReminderStage.choices)
    due = models.DateField(help_text="The deadline the reminder was about.")
    claimed_at = models.DateTimeField(help_text="When a run took it on, before sending.")
    sent_at = models.DateTimeField(null=True, blank=True)
    recipients = models.TextField(blank=True, help_text="The addresses it went to, one a line.")

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.kind} {self.get_stage_display().lower()} (due {self.due:%-d %B %Y})"


class MeetingReminderKind(models.TextChoices):
    AGENDA = "agenda", "Agenda publication (LGA 1972 s100B(3))"
    REPORTS = "reports", "Reports due to democratic services"


class MeetingReminder(DeadlineReminder):
    """A reminder sent about a meeting's agenda or report deadline (``meetings.reminders``)."""

    target_field = "meeting"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=20, choices=MeetingReminderKind.choices)

    class Meta:
        ordering = ["-claimed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "kind", "stage", "due"], name="unique_meeting_reminder"
            ),
        ]
