"""Officer forms for the minutes (GOV.UK styled; the workflow rules are the services')."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from minutebook.meetings.forms import GovukFormMixin
from minutebook.meetings.models import AgendaItem, Meeting
from minutebook.minutes import rules, services
from minutebook.minutes.models import (
    Minutes,
    MinutesLocked,
    Motion,
    MotionKind,
    MotionOutcome,
    VoteMethod,
)
from minutebook.minutes.services import CORRECTABLE_FIELDS
from minutebook.people.models import Person

_DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def _datetime(label: str, required: bool = False, hint: str = "") -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=required,
        help_text=hint,
        input_formats=[_DATETIME_FORMAT, "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=_DATETIME_FORMAT),
        error_messages={
            "invalid": f"Enter the {label.lower()} as a date and time.",
            "required": f"Enter the {label.lower()}.",
        },
    )


class TimesForm(GovukFormMixin, forms.Form):
    opened_at = _datetime("Opened at", hint="When the chair opened the meeting.")
    closed_at = _datetime("Closed at", hint="When the meeting closed.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        now = timezone.now()
        for name, what in (("opened_at", "opening time"), ("closed_at", "closing time")):
            if data.get(name) and (error := rules.in_the_future(data[name], now, what)):
                self.add_error(name, error)
        if error := rules.out_of_order(data.get("opened_at"), data.get("closed_at")):
            self.add_error("closed_at", error)
        return data


class MinuteForm(GovukFormMixin, forms.Form):
    title = forms.CharField(max_length=500, error_messages={"required": "Give the title."})
    text = forms.CharField(
        label="Minute", widget=forms.Textarea, required=False, help_text="The discussion."
    )
    resolution = forms.CharField(
        label="Resolved", widget=forms.Textarea, required=False, help_text='What was "RESOLVED".'
    )
    reasons = forms.CharField(
        label="Reasons for the decision", widget=forms.Textarea, required=False
    )
    ready_for_public = forms.BooleanField(
        label="Ready to publish as part of the draft minutes",
        required=False,
        help_text="Only where the council publishes draft minutes: the public sees this minute "
        "before the next meeting confirms it. Otherwise nothing is public until confirmation.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()


class NewMinuteForm(MinuteForm):
    agenda_item = forms.ModelChoiceField(
        queryset=AgendaItem.public_objects.none(), required=False, label="Agenda item"
    )

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = AgendaItem.public_objects.filter(  # type: ignore[attr-defined]
            meeting=meeting
        ).order_by("order")
        self.fields.pop("reasons")
        self._style()


class MotionForm(GovukFormMixin, forms.Form):
    kind = forms.ChoiceField(choices=MotionKind.choices, initial=MotionKind.MOTION)
    amends = forms.ModelChoiceField(
        queryset=Motion.objects.none(),
        required=False,
        label="Amends",
        help_text="For an amendment.",
    )
    text = forms.CharField(
        label="Wording", widget=forms.Textarea, error_messages={"required": "Give the wording."}
    )
    proposer = forms.ModelChoiceField(queryset=Person.objects.none(), required=False)
    seconder = forms.ModelChoiceField(queryset=Person.objects.none(), required=False)
    outcome = forms.ChoiceField(
        choices=MotionOutcome.choices, error_messages={"required": "Choose the outcome."}
    )
    vote_method = forms.ChoiceField(label="Vote", choices=VoteMethod.choices, required=False)
    votes_for = forms.IntegerField(label="For", min_value=0, required=False)
    votes_against = forms.IntegerField(label="Against", min_value=0, required=False)
    abstentions = forms.IntegerField(label="Abstained", min_value=0, required=False)
    named_for = forms.ModelMultipleChoiceField(
        label="Voted for",
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    named_against = forms.ModelMultipleChoiceField(
        label="Voted against",
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    named_abstain = forms.ModelMultipleChoiceField(
        label="Abstained",
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    chair_casting_vote = forms.BooleanField(label="Chair's casting vote", required=False)

    def __init__(self, *args: Any, minute: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from minutebook.attendance.models import Attendance

        meeting = minute.meeting
        present = Attendance.objects.filter(meeting=meeting, status="present")
        people = Person.objects.filter(pk__in=present.values("person_id"))
        voters = Person.objects.filter(pk__in=present.filter(has_vote=True).values("person_id"))
        if not present.exists():
            people = Person.objects.filter(council_id=meeting.committee.council_id)
        for name in ("proposer", "seconder"):
            self.fields[name].queryset = people  # type: ignore[attr-defined]
        for name in ("named_for", "named_against", "named_abstain"):
            self.fields[name].queryset = voters  # type: ignore[attr-defined]
        self.fields["amends"].queryset = Motion.objects.filter(  # type: ignore[attr-defined]
            minute_item=minute, kind=MotionKind.MOTION
        )
        self._style()


class SigningForm(GovukFormMixin, forms.Form):
    """Choose minutes awaiting confirmation and when they were signed, then sign them.

    Shared by the officers' confirm form and the chair's signing in the members' area,
    so both routes offer the same minutes, refuse the same times and sign through the
    same service. Subclasses declare the ``minutes`` and ``signed_at`` fields (their
    wording differs) and call ``_style`` once their own fields are set.
    """

    def __init__(self, *args: Any, awaiting: list[Minutes], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["minutes"]
        field.queryset = Minutes.objects.filter(pk__in=[m.pk for m in awaiting])  # type: ignore[attr-defined]
        field.label_from_instance = lambda m: str(m.meeting)  # type: ignore[attr-defined]

    def clean_signed_at(self) -> Any:
        value = self.cleaned_data.get("signed_at")
        if value and (error := rules.in_the_future(value, timezone.now(), "signature")):
            raise forms.ValidationError(error)
        return value

    def sign(self, *, at: Meeting, signed_by: Person, by: Any) -> bool:
        """Confirm the chosen minutes at ``at``; a refusal becomes the form's error."""
        data = self.cleaned_data
        try:
            services.confirm_minutes(
                data["minutes"],
                at=at,
                signed_by=signed_by,
                signed_at=data["signed_at"],
                text=data.get("text", ""),
                by=by,
            )
        except (services.MinutesError, MinutesLocked) as error:
            self.add_error(None, str(error))
            return False
        return True


class ConfirmForm(SigningForm):
    minutes = forms.ModelChoiceField(
        queryset=Minutes.objects.none(),
        label="Minutes to confirm",
        error_messages={"required": "Choose the minutes to confirm."},
    )
    signed_by = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        label="Signed by",
        help_text="The person presiding, who signs the minutes.",
        error_messages={"required": "Choose who signed the minutes."},
    )
    signed_at = _datetime("Signed at", required=True)
    text = forms.CharField(
        label="Minute", widget=forms.Textarea, required=False, help_text="Any points raised."
    )

    def __init__(self, *args: Any, meeting: Meeting, awaiting: list[Minutes], **kwargs: Any):
        super().__init__(*args, awaiting=awaiting, **kwargs)
        self.fields["signed_by"].queryset = Person.objects.filter(  # type: ignore[attr-defined]
            council_id=meeting.committee.council_id, is_active=True
        )
        self._style()


class CorrectionForm(GovukFormMixin, forms.Form):
    number = forms.IntegerField(
        label="Minute number", min_value=1, error_messages={"required": "Give the minute number."}
    )
    field = forms.ChoiceField(label="Part", choices=list(CORRECTABLE_FIELDS.items()))
    value = forms.CharField(
        label="Corrected wording",
        widget=forms.Textarea,
        error_messages={"required": "Give the corrected wording."},
    )
    reason = forms.CharField(
        label="Reason for the correction",
        widget=forms.Textarea,
        error_messages={"required": "Give the reason for the correction."},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()
