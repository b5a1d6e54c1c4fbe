"""Minutes and decisions.

MinuteItem: minutes are numbered continuously per committee across meetings, so
(committee, number) is unique; ``committee`` is copied from the meeting on save so
the database can enforce it. Decision: the record SI 2012/2089 reg 12 requires for
executive decisions, also used for the resolutions of other bodies.

Both can record exempt business (a minute of an item taken in private), so both
inherit ExemptAwareModel.

Once signed or issued they are fixed (:class:`RecordFixed`): a minute of confirmed or
locked minutes (LGA 1972 Sch 12 para 41(1)) and an issued decision record
(:func:`issued`) refuse saves, bulk updates and deletes here, and the database refuses
the same (triggers in ``minutes`` migration ``0004_immutable_triggers``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from minutebook.committees.models import Committee
from minutebook.core.exempt import ExemptAwareModel, OfficerManager, PublicManager
from minutebook.councils.models import Council
from minutebook.meetings.models import AgendaItem, Meeting
from minutebook.people.models import Person


class RecordFixed(Exception):
    """A change to a signed minute or an issued decision record; the message is for the officer."""


#: Minutes states in which a minute is signed (``minutes.models.SIGNED_STATES``).
_SIGNED = ["confirmed", "locked"]
#: Columns of a signed minute or issued decision that may still change: whether it is
#: exempt (Schedule 12A; a later exemption withdraws public copies, the text stays).
EXEMPT_FIELDS = frozenset({"is_exempt", "exempt_paragraphs", "public_interest_reason", "modified"})


def _refuse_bulk(
    fixed: models.QuerySet[Any],
    kwargs: dict[str, Any],
    writable: frozenset[str],
    fill_in: frozenset[str],
    what: str,
) -> None:
    """Raise ``RecordFixed`` if a bulk update of ``kwargs`` would touch a fixed row."""
    if not fixed.exists():
        return
    for key in kwargs:
        name = fixed.model._meta.get_field(key).name
        if name in writable:
            continue
        if name in fill_in and not fixed.filter(**{f"{name}__isnull": False}).exists():
            continue
        raise RecordFixed(f"{what} cannot be changed ({name}).")


class MinuteItemQuerySet(models.QuerySet["MinuteItem"]):
    def update(self, **kwargs: Any) -> int:
        """Refused for minutes of signed minutes but for their exempt state (``bulk_update``
        goes through here too)."""
        _refuse_bulk(
            self.filter(meeting__minutes__state__in=_SIGNED),
            kwargs,
            EXEMPT_FIELDS,
            frozenset(),
            "A minute of signed minutes",
        )
        return super().update(**kwargs)

    update.alters_data = True  # type: ignore[attr-defined]

    def delete(self) -> tuple[int, dict[str, int]]:
        if self.filter(meeting__minutes__state__in=_SIGNED).exists():
            raise RecordFixed("A minute of signed minutes cannot be deleted.")
        return super().delete()

    delete.alters_data = True  # type: ignore[attr-defined]
    delete.queryset_only = True  # type: ignore[attr-defined]

    def published(self) -> MinuteItemQuerySet:
        """Minutes the public may read now: the one rule every public page, feed, search
        entry and API document goes through.

        LGA 1972 s100C(1) opens the minutes to inspection once they are the record, and
        Sch 12 para 41(1) makes them the record when the next suitable meeting confirms
        them and its chair signs: confirmed (or locked) minutes are public. Draft minutes
        are the clerk's working text: public only where the council chooses to publish
        drafts (``Council.publish_draft_minutes``) and then only the minutes the clerk
        marked ready. Minutes kept outside the minutes register (an imported archive, a
        record typed before the register existed) were published by the council with
        the record and stay public. Exemption (Schedule 12A) is a separate filter: the
        public manager applies both.
        """
        from minutebook.minutes.models import MinutesState

        return self.filter(
            Q(meeting__minutes__isnull=True)
            | Q(meeting__minutes__state__in=[MinutesState.CONFIRMED, MinutesState.LOCKED])
            | Q(
                meeting__minutes__state=MinutesState.DRAFT,
                ready_for_public=True,
                committee__council__publish_draft_minutes=True,
            )
        )


class PublicMinuteManager(PublicManager.from_queryset(MinuteItemQuerySet)):  # type: ignore[misc]
    """Public minutes: never exempt, never a draft the council has not published."""

    def get_queryset(self) -> MinuteItemQuerySet:
        return super().get_queryset().published()


class OfficerMinuteManager(OfficerManager.from_queryset(MinuteItemQuerySet)):  # type: ignore[misc]
    """Every minute, drafts and exempt ones included (officer and members' code)."""


class MinuteItem(ExemptAwareModel):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="minute_items")
    committee = models.ForeignKey(
        Committee,
        on_delete=models.PROTECT,
        related_name="minute_items",
        editable=False,
        help_text="The meeting's committee, held here so numbers are unique per committee.",
    )
    number = models.PositiveIntegerField(
        help_text="Running number, continuous per committee across meetings."
    )
    printed_number = models.CharField(
        max_length=20, blank=True, help_text='As printed when it differs, e.g. "CAB23/45".'
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="minute_items",
    )
    title = models.CharField(max_length=500)
    text = models.TextField(blank=True, help_text="The minute: discussion and points made.")
    resolution = models.TextField(blank=True, help_text='What was "RESOLVED".')
    ready_for_public = models.BooleanField(
        default=False,
        help_text="Draft minutes: the clerk marked this minute ready to publish (used only "
        "when the council publishes draft minutes).",
    )
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    public_objects = PublicMinuteManager()
    officer_objects = OfficerMinuteManager()

    class Meta(ExemptAwareModel.Meta):
        ordering = ["committee", "number"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "number"], name="unique_minute_number"),
        ]

    def __str__(self) -> str:
        return f"{self.printed_number or self.number}. {self.title}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.meeting_id is not None:
            self.committee_id = (
                Meeting.objects.filter(pk=self.meeting_id)
                .values_list("committee_id", flat=True)
                .get()
            )
        super().save(*args, **kwargs)

    def clean(self) -> None:
        """Check the number against every minute, exempt ones included.

        Django's own unique check runs on the default (public) manager and so would
        miss a clash with an exempt minute.
        """
        if self.meeting_id is None or self.number is None:
            return
        committee_id = Meeting.objects.filter(pk=self.meeting_id).values_list(
            "committee_id", flat=True
        )[:1]
        clash = (
            MinuteItem.officer_objects.filter(committee_id__in=committee_id, number=self.number)
            .exclude(pk=self.pk)
            .exists()
        )
        if clash:
            raise ValidationError(
                {"number": "This committee already has a minute with this number."}
            )

    @classmethod
    def next_number(cls, committee: Committee) -> int:
        """The next running number for a committee (officer view: exempt minutes count)."""
        last = (
            cls.officer_objects.filter(committee=committee)
            .aggregate(models.Max("number"))
            .get("number__max")
        )
        return (last or 0) + 1


class CallInState(models.TextChoices):
    NOT_APPLICABLE = "not_applicable", "Not subject to call-in"
    OPEN = "open", "Open for call-in"
    CALLED_IN = "called_in", "Called in"
    CALL_IN_REJECTED = "call_in_rejected", "Call-in not upheld"
    REFERRED_BACK = "referred_back", "Referred back to the decision maker"
    URGENT = "urgent", "Urgent: exempt from call-in"
    IN_FORCE = "in_force", "In force"
    REFERRED_TO_COUNCIL = "referred_to_council", "Referred to full council"


class KeyDecisionNotice(models.TextChoices):
    FORWARD_PLAN = "forward_plan", "Forward plan, 28 clear days (reg 9)"
    GENERAL_EXCEPTION = "general_exception", "General exception (reg 10)"
    SPECIAL_URGENCY = "special_urgency", "Special urgency (reg 11)"


def issued() -> models.Q:
    """Decision records that are issued, and so fixed.

    Published (or scheduled for publication): SI 2012/2089 reg 12 requires the written
    statement of an executive decision "as soon as reasonably practicable" and reg 13
    open to inspection from then, and officers may not edit a published decision
    (``officer_views.decision_edit``); or recorded under a minute of signed minutes
    (LGA 1972 Sch 12 para 41(1)), whatever its publication.
    """
    return models.Q(published_at__isnull=False) | models.Q(
        minute_item__meeting__minutes__state__in=_SIGNED
    )


#: What may change on an issued decision: its exempt state and where it stands on
#: call-in (the council's scrutiny procedure moves it after publication).
ISSUED_WRITABLE = EXEMPT_FIELDS | {"call_in_state", "call_in_expires", "in_force_date"}
#: Filled in by publication when still empty (a decision of signed minutes is published
#: later), or cleared when the user or the linked row goes (``SET_NULL``).
ISSUED_FILL_IN = frozenset({"published_at", "published_by"})
#: Links that may be filled in where empty (who published it; the forward plan entry of
#: a key decision, linked once) or cleared when the linked row goes (``SET_NULL``).
ISSUED_LINKS = frozenset({"published_by", "forward_plan_entry"})
ISSUED_CLEARABLE = frozenset({"published_by", "agenda_item", "report", "forward_plan_entry"})
#: What the versions of one decision share (``Decision.save``): its exempt state and
#: its call-in, which run from the first publication, not from a correction's.
SHARED_BY_VERSIONS = frozenset(
    {
        "exempt_paragraphs",
        "public_interest_reason",
        "call_in_state",
        "call_in_expires",
        "in_force_date",
    }
)


class DecisionQuerySet(models.QuerySet["Decision"]):
    def update(self, **kwargs: Any) -> int:
        """Refused for issued decisions but for ``ISSUED_WRITABLE`` (and ``bulk_update``)."""
        _refuse_bulk(
            self.filter(issued()),
            kwargs,
            ISSUED_WRITABLE,
            ISSUED_FILL_IN | ISSUED_LINKS,
            "An issued decision record",
        )
        return super().update(**kwargs)

    update.alters_data = True  # type: ignore[attr-defined]

    def delete(self) -> tuple[int, dict[str, int]]:
        if self.filter(issued()).exists():
            raise RecordFixed("An issued decision record cannot be deleted.")
        return super().delete()

    delete.alters_data = True  # type: ignore[attr-defined]
    delete.queryset_only = True  # type: ignore[attr-defined]

    def published(self) -> DecisionQuerySet:
        """Decision records the public may read now; chain it on ``Decision.public_objects``.

        A record is public from its publication (``published_at``), not from when the
        decision was taken: SI 2012/2089 regs 12 and 13 require the written statement of
        an executive decision and reg 14 opens it to inspection once it is produced; LGA
        1972 s100C does the same for the minutes of other bodies. A publication time
        still to come is not yet publication. An imported archive meeting's decisions
        were published by the council with its minutes, so they count as published.
        """
        now = timezone.now()
        return self.filter(models.Q(published_at__lte=now) | models.Q(meeting__is_imported=True))

    def current(self) -> DecisionQuerySet:
        """Records not corrected by a published correction: each decision once, as it
        now stands (``decisions.correction``). The corrected versions stay readable."""
        corrected = Decision._base_manager.filter(
            corrects_id=models.OuterRef("pk"), published_at__lte=timezone.now()
        )
        return self.exclude(models.Exists(corrected))


class Decision(ExemptAwareModel):
    """A decision record (SI 2012/2089 reg 12 for executive decisions)."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="decisions")
    title = models.CharField(max_length=500)
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
        help_text="Blank for an individual (portfolio holder or officer) decision.",
    )
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="decisions"
    )
    minute_item = models.ForeignKey(
        MinuteItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="decisions"
    )
    report = models.ForeignKey(
        "reports.Report",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
    )
    forward_plan_entry = models.ForeignKey(
        "forwardplan.ForwardPlanEntry",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
    )
    decision = models.TextField(help_text="The decision made (reg 12(a)).")
    reasons = models.TextField(blank=True, help_text="Reasons for the decision (reg 12(b)).")
    alternatives_rejected = models.TextField(
        blank=True, help_text="Alternative options considered and rejected (reg 12(c))."
    )
    decision_maker = models.ForeignKey(
        Committee,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
    )
    decision_maker_person = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions_made",
        help_text="For an individual executive or officer decision.",
    )
    decision_maker_text = models.CharField(
        max_length=200, blank=True, help_text="The decision maker as printed, when not held."
    )
    date = models.DateField(db_index=True)
    key_decision = models.BooleanField(
        default=False, help_text="A key decision under SI 2012/2089 reg 8."
    )
    key_decision_notice = models.CharField(
        max_length=18,
        choices=KeyDecisionNotice.choices,
        blank=True,
        help_text="How notice of the key decision was given.",
    )
    declarations_noted = models.TextField(
        blank=True,
        help_text="Conflicts of interest declared by any member consulted (reg 12(d)).",
    )
    dispensations = models.TextField(
        blank=True, help_text="Dispensations granted (reg 12(e); Localism Act 2011 s33)."
    )
    published_at = models.DateTimeField(null=True, blank=True)
    call_in_state = models.CharField(
        max_length=20,
        choices=CallInState.choices,
        default=CallInState.NOT_APPLICABLE,
        db_index=True,
    )
    call_in_expires = models.DateTimeField(
        null=True, blank=True, help_text="End of the call-in period (council's rules)."
    )
    in_force_date = models.DateField(
        null=True, blank=True, help_text="When the decision may be implemented."
    )
    is_urgent = models.BooleanField(
        default=False,
        help_text="Taken as urgent and so exempt from call-in (the council's scrutiny rules).",
    )
    urgency_reason = models.TextField(
        blank=True, help_text="Why any delay would seriously prejudice the council or the public."
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        help_text="The issued record this one corrects (a new version; the old one stays).",
    )
    correction_reason = models.TextField(
        blank=True, help_text="Why the record it corrects was corrected."
    )
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    public_objects = PublicManager.from_queryset(DecisionQuerySet)()
    officer_objects = OfficerManager.from_queryset(DecisionQuerySet)()

    class Meta(ExemptAwareModel.Meta):
        ordering = ["-date", "title"]
        get_latest_by = "date"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(in_force_date__isnull=True)
                | models.Q(in_force_date__gte=models.F("date")),
                name="decision_in_force_after_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%d %b %Y})"

    def clean(self) -> None:
        if self.key_decision and self.decision_maker and not self.decision_maker.is_executive:
            raise ValidationError({"key_decision": "Only executive decisions can be key."})
        if self.is_urgent and not self.urgency_reason.strip():
            raise ValidationError({"urgency_reason": "Give the reason for the urgency."})

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Refuse a change to an issued record but for what ``_check_fixed`` allows.

        The versions of one decision (a record and its corrections) share its exempt
        state and where it stands on call-in: a change to one is made to all
        (``SHARED_BY_VERSIONS``), so no version shows what another withholds.
        """
        self._check_fixed()
        super().save(*args, **kwargs)
        update_fields = kwargs.get("update_fields")
        if update_fields is None or SHARED_BY_VERSIONS & set(update_fields):
            self._share_with_versions()

    def versions(self) -> list[Decision]:
        """Every version of this decision, oldest first, exempt ones included."""
        manager = Decision._base_manager
        first: Decision = self
        while first.corrects_id is not None:
            first = manager.get(pk=first.corrects_id)
        chain = [first]
        while True:
            nxt = manager.filter(corrects_id=chain[-1].pk).order_by("pk").first()
            if nxt is None:
                return chain
            chain.append(nxt)

    def _share_with_versions(self) -> None:
        if self.corrects_id is None and not Decision._base_manager.filter(corrects=self).exists():
            return
        mine = {name: getattr(self, name) for name in SHARED_BY_VERSIONS}
        for other in self.versions():
            changed = [n for n, v in mine.items() if getattr(other, n) != v]
            if other.pk == self.pk or not changed:
                continue
            for name in changed:
                setattr(other, name, mine[name])
            other.save(update_fields=[*changed, "modified"])

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        if self.pk is not None and Decision._base_manager.filter(issued(), pk=self.pk).exists():
            raise RecordFixed(f"The decision record “{self.title}” is issued: it cannot go.")
        return super().delete(*args, **kwargs)

    def _check_fixed(self) -> None:
        """The model-level twin of the database trigger (docs/minutes.md).

        An issued record keeps its content; what may change: ``ISSUED_WRITABLE``,
        publication filled in once, links cleared, and the decision text to the value
        of a pending correction of its signed minute (``minutes.MinutesCorrection``:
        the correction service writes that row first, then the new version).
        """
        if self.pk is None:
            return
        stored = Decision._base_manager.filter(issued(), pk=self.pk).values().first()
        if stored is None:
            return
        for f in self._meta.concrete_fields:
            new, old = getattr(self, f.attname), stored[f.attname]
            if new == old or f.name in ISSUED_WRITABLE:
                continue
            if f.name in ISSUED_FILL_IN and stored["published_at"] is None:
                continue
            if f.name in ISSUED_CLEARABLE and new is None:
                continue
            if f.name in ISSUED_LINKS and old is None:
                continue
            if f.name == "decision" and self._corrected(new):
                continue
            raise RecordFixed(
                f"The decision record “{stored['title']}” is issued: its {f.verbose_name} "
                "cannot be changed. A correction (of the signed minutes, or of the record: a "
                "new version with its reason) is the way."
            )

    def _corrected(self, new: str) -> bool:
        from django.apps import apps

        if self.minute_item_id is None:
            return False
        correction = apps.get_model("minutes", "MinutesCorrection")
        pending = correction.objects.filter(
            minute_item_id=self.minute_item_id, field="resolution", after=new
        ).order_by("-version")
        for row in pending[:1]:
            written = row.minutes.versions.filter(number__gte=row.version).exists()
            return not written
        return False

    @property
    def is_executive(self) -> bool:
        """Taken by the executive (cabinet) or an individual member or officer: call-in applies."""
        if self.decision_maker_id:
            return bool(self.decision_maker and self.decision_maker.is_executive)
        return self.decision_maker_person_id is not None

    @property
    def maker_name(self) -> str:
        """Who took the decision, in one phrase for lists: committee, member or as printed.

        An individual (portfolio holder or officer) decision has no committee; a record
        read from the archive may hold only the printed name, or only its meeting.
        """
        if self.decision_maker_id and self.decision_maker is not None:
            return self.decision_maker.name
        if self.decision_maker_person_id and self.decision_maker_person is not None:
            return self.decision_maker_person.display_name
        if self.decision_maker_text:
            return self.decision_maker_text
        if self.meeting_id and self.meeting is not None:
            return self.meeting.committee.name
        return ""

    @property
    def call_in_expires_on(self) -> date | None:
        """The last day of the call-in period, in UK local time."""
        if self.call_in_expires is None:
            return None
        return timezone.localtime(self.call_in_expires).date()

    def status_text(self, today: date | None = None) -> str:
        """Where the decision stands, in words for the public page.

        "subject to call-in until <date>" while the period runs, "called in" while
        scrutiny reviews it, "in force from <date>" once it may be implemented.
        """
        today = today or timezone.localdate()
        if self.published_at is None:
            return "not yet published"
        state = self.call_in_state
        in_force = f"in force from {self.in_force_date:%-d %B %Y}" if self.in_force_date else ""
        if state == CallInState.OPEN:
            expires = self.call_in_expires_on
            if expires is not None and today <= expires:
                return f"subject to call-in until {expires:%-d %B %Y}"
            return in_force or "in force"
        if state == CallInState.CALLED_IN:
            return "called in"
        if state == CallInState.REFERRED_BACK:
            return "called in: referred back to the decision maker"
        if state == CallInState.REFERRED_TO_COUNCIL:
            return "called in: referred to full council"
        if state == CallInState.URGENT:
            return f"{in_force}: urgent, not subject to call-in" if in_force else "urgent"
        if state in (CallInState.IN_FORCE, CallInState.CALL_IN_REJECTED):
            return in_force or "in force"
        return in_force or "not subject to call-in"

    @property
    def public_status(self) -> str:
        """``status_text`` for today."""
        return self.status_text()


class CallInOutcome(models.TextChoices):
    PENDING = "", "Awaiting scrutiny"
    WITHDRAWN = "withdrawn", "Withdrawn"
    NO_FURTHER_ACTION = "no_further_action", "No further action"
    REFERRED_BACK = "referred_back", "Referred back to the decision maker"
    REFERRED_TO_COUNCIL = "referred_to_council", "Referred to full council"


class CallInRequest(models.Model):
    """Councillors' request to call in an executive decision before it is implemented.

    Local Government Act 2000 s9F(2)(a) and (4), under the council's scrutiny procedure
    rules: enough councillors (``Council.call_in_signatories``), with grounds, within the
    call-in period (``Council.call_in_working_days`` after publication).
    """

    # Not named ``decision``: a forward key to an exempt-aware model must not share a name
    # with a field public templates read (the public-code scan flags such keys).
    decision_record = models.ForeignKey(
        Decision, on_delete=models.CASCADE, related_name="call_in_requests"
    )
    received_at = models.DateTimeField(help_text="When democratic services received it.")
    grounds = models.TextField(help_text="Why the decision should be reviewed.")
    signatories = models.ManyToManyField(Person, related_name="call_ins_signed")
    outcome = models.CharField(
        max_length=20, choices=CallInOutcome.choices, blank=True, default=CallInOutcome.PENDING
    )
    outcome_on = models.DateField(null=True, blank=True)
    outcome_notes = models.TextField(blank=True, help_text="The scrutiny committee's reasons.")
    considered_at = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="call_ins"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["decision_record", "received_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(outcome="") | models.Q(outcome_on__isnull=False),
                name="call_in_outcome_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"Call-in of {self.decision_record.title}"

    @property
    def is_pending(self) -> bool:
        return self.outcome == CallInOutcome.PENDING


class MatterStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", "In progress"
    DECIDED = "decided", "Decided"
    NOT_AGREED = "not_agreed", "Not agreed"
    CLOSED = "closed", "Closed"


class Matter(models.Model):
    """One matter travelling between bodies (scrutiny → cabinet → full council).

    Each body's consideration is a ``Consideration``; a recommendation from one body
    opens the next body's consideration, so the whole path is kept as one record.
    """

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="matters")
    title = models.CharField(max_length=500)
    report = models.ForeignKey(
        "reports.Report", on_delete=models.SET_NULL, null=True, blank=True, related_name="matters"
    )
    status = models.CharField(
        max_length=12,
        choices=MatterStatus.choices,
        default=MatterStatus.IN_PROGRESS,
        db_index=True,
    )
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return self.title

    @property
    def current(self) -> Consideration | None:
        """The consideration awaited, if any."""
        return self.considerations.filter(outcome=ConsiderationOutcome.PENDING).first()

    @property
    def status_text(self) -> str:
        current = self.current
        if current is not None:
            return f"awaiting {current.committee}"
        return self.get_status_display().lower()


class ConsiderationOutcome(models.TextChoices):
    PENDING = "", "Awaiting consideration"
    RECOMMENDED = "recommended", "Recommended to another body"
    DECIDED = "decided", "Decided"
    NOT_AGREED = "not_agreed", "Not agreed"
    REFERRED_BACK = "referred_back", "Referred back"
    NOTED = "noted", "Noted"


class Consideration(models.Model):
    """A matter at one body (and meeting): what it was asked, and what it resolved."""

    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="considerations")
    sequence = models.PositiveSmallIntegerField()
    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    meeting = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="considerations"
    )
    referred_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="considerations",
        help_text="The item of the meeting's agenda the body considers it under.",
    )
    recommendation = models.TextField(help_text="What the body is asked to agree.")
    outcome = models.CharField(
        max_length=14,
        choices=ConsiderationOutcome.choices,
        blank=True,
        default=ConsiderationOutcome.PENDING,
    )
    resolution = models.TextField(blank=True)
    refer_to = models.ForeignKey(
        Committee, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    minute_item = models.ForeignKey(
        MinuteItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decision_record = models.ForeignKey(
        Decision, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["matter", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["matter", "sequence"], name="unique_consideration_sequence"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.matter}: {self.committee}"
