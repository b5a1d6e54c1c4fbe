"""Officer forms for the attendance register (GOV.UK styled; the rules are the services')."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.utils import timezone

from minutebook.attendance import rules
from minutebook.attendance.models import AttendanceMode, AttendanceStatus
from minutebook.committees.models import NamedSubstitute
from minutebook.meetings.forms import GovukFormMixin
from minutebook.meetings.models import Meeting
from minutebook.people.models import Person, PersonKind

_DATETIME_FORMAT = "%Y-%m-%dT%H:%M"

#: Quick buttons on the register: "status-mode".
MARKS = {
    "present-in_person": (AttendanceStatus.PRESENT, AttendanceMode.IN_PERSON),
    "present-remote": (AttendanceStatus.PRESENT, AttendanceMode.REMOTE),
    "apologies-in_person": (AttendanceStatus.APOLOGIES, AttendanceMode.IN_PERSON),
    "absent-in_person": (AttendanceStatus.ABSENT, AttendanceMode.IN_PERSON),
}


def _people(meeting: Meeting) -> Any:
    return Person.objects.filter(council_id=meeting.committee.council_id, is_active=True)


class AttendanceForm(GovukFormMixin, forms.Form):
    person = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        error_messages={"required": "Choose who attended.", "invalid_choice": "Choose a person."},
    )
    status = forms.ChoiceField(
        choices=AttendanceStatus.choices, required=False, initial=AttendanceStatus.PRESENT
    )
    mode = forms.ChoiceField(
        label="How",
        choices=AttendanceMode.choices,
        required=False,
        initial=AttendanceMode.IN_PERSON,
        help_text="Remote attendees have no vote and do not count to the quorum in England.",
    )
    note = forms.CharField(required=False, max_length=300)
    mark = forms.ChoiceField(
        choices=[(k, k) for k in MARKS], required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.fields["person"].queryset = _people(meeting)  # type: ignore[attr-defined]
        self._style()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("mark"):
            data["status"], data["mode"] = MARKS[data["mark"]]
        if not data.get("status"):
            self.add_error("status", "Choose present, apologies or absent.")
        elif error := rules.too_early(data["status"], self.meeting.start, timezone.now()):
            self.add_error("status", error)
        data["mode"] = data.get("mode") or AttendanceMode.IN_PERSON
        return data


class SubstituteForm(GovukFormMixin, forms.Form):
    substitute = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        error_messages={"required": "Choose the substitute."},
    )
    replaces = forms.ModelChoiceField(
        label="In place of",
        queryset=Person.objects.none(),
        error_messages={"required": "Choose the member the substitute replaces."},
    )
    notice_given_at = forms.DateTimeField(
        label="Notice received",
        input_formats=[_DATETIME_FORMAT, "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=_DATETIME_FORMAT),
        help_text="When the proper officer received notice of the substitution.",
        error_messages={
            "required": "Give the time notice of the substitution was received.",
            "invalid": "Enter the notice time as a date and time.",
        },
    )
    mode = forms.ChoiceField(
        label="How", choices=AttendanceMode.choices, initial=AttendanceMode.IN_PERSON
    )

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from minutebook.attendance.services import seats

        # The committee's named substitutes first, marked so: those named for the
        # meeting's date (committees set-up page); a past or future year's are not.
        named = set(
            NamedSubstitute.objects.filter(committee_id=meeting.committee_id)
            .in_force(meeting.date)
            .values_list("person_id", flat=True)
        )
        field = self.fields["substitute"]
        people = _people(meeting).filter(kind=PersonKind.COUNCILLOR)
        if named:
            first = ExpressionWrapper(Q(pk__in=named), output_field=BooleanField())
            people = people.annotate(named=first).order_by("-named", "last_name", "first_name")
        field.queryset = people  # type: ignore[attr-defined]
        field.label_from_instance = lambda p: (  # type: ignore[attr-defined]
            f"{p.display_name} (named substitute)" if p.pk in named else p.display_name
        )
        self.fields["replaces"].queryset = Person.objects.filter(  # type: ignore[attr-defined]
            pk__in=seats(meeting).values("person_id")
        )
        self._style()

    def clean_notice_given_at(self) -> Any:
        value = self.cleaned_data.get("notice_given_at")
        if value and (error := rules.notice_in_the_future(value, timezone.now())):
            raise forms.ValidationError(error)
        return value
