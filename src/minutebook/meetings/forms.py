"""Officer forms for the meeting workflow, styled for GOV.UK Frontend.

Forms only collect and check input; the rules (deadlines, urgency, exemption) are the
services', whose ``WorkflowError`` the views add to the form as a non-field error.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from minutebook.committees.models import Committee
from minutebook.core.exempt import SCHEDULE_12A_PARAGRAPHS
from minutebook.core.forms import GovukFormMixin
from minutebook.meetings import rules
from minutebook.meetings.models import AgendaItem, Meeting, Venue
from minutebook.people.models import Person
from minutebook.reports.models import Report

_DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def _datetime_field(label: str, required: bool = True, hint: str = "") -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=required,
        help_text=hint,
        input_formats=[_DATETIME_FORMAT, "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=_DATETIME_FORMAT),
        error_messages={"invalid": f"Enter the {label.lower()} as a date and time."},
    )


class MeetingDetailsForm(GovukFormMixin, forms.Form):
    """Where the meeting is held; its time changes only through "Move the meeting"."""

    venue = forms.ModelChoiceField(
        queryset=Venue.objects.none(), required=False, empty_label="No venue (online only)"
    )
    online_url = forms.URLField(
        assume_scheme="https",
        label="Online link",
        required=False,
        help_text="Where the public can watch or join.",
    )
    is_extraordinary = forms.BooleanField(label="Extraordinary meeting", required=False)

    def __init__(
        self, *args: Any, council: Any, meeting: Meeting | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.fields["venue"].queryset = Venue.objects.filter(council=council)  # type: ignore[attr-defined]
        self._style()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("venue") and not data.get("online_url"):
            self.add_error("venue", "Choose a venue or give an online link.")
        meeting = self.meeting
        venue = data.get("venue")
        if meeting is not None and venue is not None and venue.pk != meeting.venue_id:
            room = [
                c
                for c in rules.find_clashes(
                    meeting.committee, meeting.start, meeting.end, venue, exclude=meeting
                )
                if c.kind == "room"
            ]
            for clash in room:
                self.add_error("venue", clash.message)
        return data


def _confirm_clash_field() -> forms.BooleanField:
    return forms.BooleanField(
        required=False,
        label="Schedule it although some members sit on a committee meeting at the same time",
        help_text="Councils sometimes accept this: a substitute attends one of the meetings.",
    )


class MeetingForm(MeetingDetailsForm):
    """A new meeting: when, and where; not in the past and not clashing (``meetings.rules``)."""

    start = _datetime_field("Start", hint="UK time.")
    end = _datetime_field("End", required=False, hint="Optional.")
    already_held = forms.BooleanField(
        required=False,
        label="This meeting has already been held",
        help_text="Only to record a past meeting for the record; a new meeting starts later "
        "than now.",
    )
    confirm_clash = _confirm_clash_field()

    field_order = [
        "start",
        "end",
        "venue",
        "online_url",
        "is_extraordinary",
        "already_held",
        "confirm_clash",
    ]

    def __init__(self, *args: Any, committee: Committee, **kwargs: Any) -> None:
        super().__init__(*args, council=committee.council, **kwargs)
        self.committee = committee

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", "The end must be after the start.")
        if start and not data.get("already_held"):
            past = rules.in_the_past(start, timezone.now())
            if past:
                self.add_error("start", past)
        if start and not self.errors:
            clashes = rules.find_clashes(self.committee, start, end, data.get("venue"))
            rules.clash_errors(self, clashes)
        return data

    def meeting_data(self) -> dict[str, Any]:
        """The keyword arguments of ``services.create_meeting``."""
        data = dict(self.cleaned_data)
        data.pop("already_held", None)
        data.pop("confirm_clash", None)
        return data


class UrgencyFields(forms.Form):
    """The chair's urgency under LGA 1972 s100B(4)(b): needed only when publication is late."""

    chair = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        required=False,
        label="Chair of the meeting",
        empty_label="Choose the chair",
        help_text="Only if publication is late: the chair who agreed the business is urgent.",
    )
    chair_name = forms.CharField(
        label="Chair's name, if not listed", required=False, max_length=200
    )
    urgency_reason = forms.CharField(
        label="Special circumstances making the business urgent",
        required=False,
        widget=forms.Textarea,
        help_text="Only if publication is late. Recorded in the minutes (LGA 1972 s100B(4)(b)).",
    )

    def __init__(
        self, *args: Any, chairs: Any = None, chair: Person | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if chairs is not None:
            self.fields["chair"].queryset = chairs  # type: ignore[attr-defined]
        if chair is not None:
            self.fields["chair"].initial = chair.pk

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("urgency_reason") and not (data.get("chair") or data.get("chair_name")):
            self.add_error("chair", "Choose the chair who agreed the business is urgent.")
        return data

    def urgency(self) -> dict[str, Any]:
        """Keyword arguments for the service: ``chair`` and ``urgency_reason``."""
        data = self.cleaned_data
        chair: Person | str | None = data.get("chair") or data.get("chair_name") or None
        return {"chair": chair, "urgency_reason": data.get("urgency_reason") or None}


class PublishForm(GovukFormMixin, UrgencyFields):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()


class SupplementForm(GovukFormMixin, UrgencyFields):
    items = forms.ModelMultipleChoiceField(
        queryset=AgendaItem.public_objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label="Items to publish",
        error_messages={"required": "Choose the items the supplement publishes."},
    )
    title = forms.CharField(
        required=False, max_length=200, help_text='Optional; "Supplement 1" and so on by default.'
    )

    def __init__(self, *args: Any, pending: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["items"].queryset = pending  # type: ignore[attr-defined]
        self.fields["items"].label_from_instance = str  # type: ignore[attr-defined]
        self.order_fields(["items", "title", "chair", "chair_name", "urgency_reason"])
        self._style()


class MoveForm(GovukFormMixin, UrgencyFields):
    """A new time: not in the past and not clashing (``meetings.rules``)."""

    start = _datetime_field("New start", hint="UK time.")
    end = _datetime_field("New end", required=False, hint="Leave blank to keep the length.")
    confirm_clash = _confirm_clash_field()

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.order_fields(
            ["start", "end", "confirm_clash", "chair", "chair_name", "urgency_reason"]
        )
        self._style()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        meeting = self.meeting
        if start is None:
            return data
        if end is None and meeting.end is not None:
            end = start + (meeting.end - meeting.start)
        if end is not None and end < start:
            self.add_error("end", "The end must be after the start.")
        past = rules.in_the_past(start, timezone.now())
        if past:
            self.add_error("start", "A meeting cannot be moved to a time already past.")
        if not self.errors:
            clashes = rules.find_clashes(
                meeting.committee, start, end, meeting.venue, exclude=meeting
            )
            rules.clash_errors(self, clashes)
        return data


class CancelForm(GovukFormMixin, forms.Form):
    reason = forms.CharField(
        label="Why is the meeting cancelled?",
        max_length=300,
        help_text="Shown to the public.",
        error_messages={"required": "Give the reason for cancelling."},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()


class ItemForm(GovukFormMixin, forms.Form):
    title = forms.CharField(
        max_length=500,
        help_text="Printed on the public agenda, also when the item is exempt.",
        error_messages={"required": "Enter the item's title."},
    )
    description = forms.CharField(
        required=False,
        widget=forms.Textarea,
        help_text="Printed on the public agenda: never put exempt information here.",
    )
    parent = forms.ModelChoiceField(
        queryset=AgendaItem.public_objects.none(),
        required=False,
        label="Sub-item of",
        empty_label="None: a main item",
    )
    report = forms.ModelChoiceField(
        queryset=Report.officer_objects.none(),
        required=False,
        empty_label="No report",
        error_messages={
            "invalid_choice": "Choose one of this council's reports: "
            "that report is not available for this agenda."
        },
    )
    new_report_title = forms.CharField(
        required=False,
        max_length=500,
        label="Or start a new report with this title",
    )
    to_follow = forms.BooleanField(
        required=False,
        label="Report to follow",
        help_text="Listed on the agenda, papers published later in a supplement.",
    )

    def __init__(
        self, *args: Any, meeting: Meeting, item: AgendaItem | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if item is None:
            self.fields["parent"].queryset = AgendaItem.public_objects.filter(  # type: ignore[attr-defined]
                meeting=meeting, parent__isnull=True
            ).order_by("order")
        else:
            del self.fields["parent"]
        self.fields["report"].queryset = Report.officer_objects.filter(  # type: ignore[attr-defined]
            council=meeting.committee.council
        ).order_by("title")
        self._style()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("report") and data.get("new_report_title"):
            self.add_error("new_report_title", "Choose a report or give a new title, not both.")
        return data


class ExemptForm(GovukFormMixin, forms.Form):
    paragraphs = forms.TypedMultipleChoiceField(
        choices=[(n, f"Paragraph {n}: {text}") for n, text in SCHEDULE_12A_PARAGRAPHS.items()],
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        label="Paragraphs of Schedule 12A",
        error_messages={"required": "Choose the paragraph or paragraphs of Schedule 12A."},
    )
    public_interest_reason = forms.CharField(
        widget=forms.Textarea,
        label="Public interest test",
        help_text="Why the public interest in keeping the information exempt outweighs the "
        "public interest in disclosing it (Schedule 12A para 10).",
        error_messages={"required": "Give the public interest reason."},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()


class WithdrawForm(GovukFormMixin, forms.Form):
    reason = forms.CharField(
        label="Why is it withdrawn?",
        max_length=300,
        help_text='Shown with the record, e.g. "Created in error: a duplicate of item 5".',
        error_messages={
            "required": "Give the reason for the withdrawal.",
            "max_length": "Keep the reason to 300 characters or fewer.",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()


class ReinstateForm(GovukFormMixin, forms.Form):
    reason = forms.CharField(
        label="Why is it reinstated?",
        max_length=300,
        help_text='Kept in its history, e.g. "Withdrawn by mistake instead of item 6".',
        error_messages={
            "required": "Give the reason for reinstating.",
            "max_length": "Keep the reason to 300 characters or fewer.",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()
