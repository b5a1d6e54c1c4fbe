"""Officer forms for interests: declarations, dispensations, tenure and entry records."""

from __future__ import annotations

from typing import Any

from django import forms

from minutebook.interests.models import (
    Declaration,
    DeclarationAction,
    Dispensation,
    DispensationGround,
    InterestKind,
)
from minutebook.interests.rules import dispensation_period_error
from minutebook.meetings.forms import GovukFormMixin
from minutebook.meetings.models import AgendaItem
from minutebook.members.forms import RegisterEntryForm
from minutebook.people.models import Person, PersonKind

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _date(label: str, required: bool = True, hint: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=hint,
        widget=_DATE,
        error_messages={
            "required": f"Enter the {label.lower()}.",
            "invalid": f"Enter the {label.lower()} as a real date.",
        },
    )


class DeclarationForm(GovukFormMixin, forms.Form):
    person = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        label="Member declaring",
        empty_label="Choose a member",
        error_messages={"required": "Choose the member who declared the interest."},
    )
    agenda_item = forms.ModelChoiceField(
        queryset=AgendaItem.public_objects.none(),
        label="Agenda item",
        required=False,
        empty_label="The meeting as a whole",
    )
    kind = forms.ChoiceField(
        label="Kind of interest",
        choices=InterestKind.choices,
        error_messages={"required": "Choose the kind of interest."},
    )
    nature = forms.CharField(
        label="Nature of the interest",
        widget=forms.Textarea,
        error_messages={"required": "Describe the interest as declared."},
    )
    action = forms.ChoiceField(
        label="What the member did",
        choices=DeclarationAction.choices,
        error_messages={"required": "Choose what the member did."},
    )
    action_detail = forms.CharField(label="Details (for other)", max_length=300, required=False)
    dispensation = forms.ModelChoiceField(
        queryset=Dispensation.objects.none(),
        label="Dispensation relied on",
        required=False,
        empty_label="None",
    )

    def __init__(self, *args: Any, meeting: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        council = meeting.committee.council
        self.fields["person"].queryset = Person.objects.filter(  # type: ignore[attr-defined]
            council=council, kind__in=[PersonKind.COUNCILLOR, PersonKind.CO_OPTED]
        ).order_by("last_name", "first_name")
        self.fields["agenda_item"].queryset = AgendaItem.public_objects.filter(  # type: ignore[attr-defined]
            meeting=meeting
        ).order_by("order")
        self.fields["dispensation"].queryset = Dispensation.objects.filter(  # type: ignore[attr-defined]
            person__council=council,
            valid_from__lte=meeting.date,
            valid_to__gte=meeting.date,
        ).select_related("person")
        self._style()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors:
            dispensation = data.get("dispensation")
            declaration = Declaration(
                person=data["person"],
                meeting=self.meeting,
                agenda_item=data.get("agenda_item"),
                kind=data["kind"],
                nature=data["nature"],
                action=data["action"],
                action_detail=data.get("action_detail", ""),
                dispensation=dispensation,
                dispensation_reference=dispensation.reference if dispensation else "",
            )
            try:
                declaration.clean()
            except forms.ValidationError as error:
                for name, messages in error.message_dict.items():
                    target = name if name in self.fields else None
                    for message in messages:
                        self.add_error(target, message)
            else:
                exists = Declaration.objects.filter(
                    person=declaration.person,
                    meeting=self.meeting,
                    agenda_item=declaration.agenda_item,
                    kind=declaration.kind,
                ).exists()
                if exists:
                    self.add_error(None, "That declaration is already recorded.")
                data["declaration"] = declaration
        return data


class DispensationForm(GovukFormMixin, forms.Form):
    reference = forms.CharField(label="Reference", max_length=100)
    ground = forms.ChoiceField(label="Ground (s33(2))", choices=DispensationGround.choices)
    grounds_detail = forms.CharField(label="Why the ground applies", widget=forms.Textarea)
    scope = forms.CharField(label="Business covered", widget=forms.Textarea)
    committee = forms.ModelChoiceField(
        queryset=None, label="Body", required=False, empty_label="Any of the council's bodies"
    )
    allows_vote = forms.BooleanField(label="The member may vote as well as speak", required=False)
    granted_by = forms.CharField(
        label="Granted by", max_length=200, help_text='E.g. "Standards Committee".'
    )
    granted_on = _date("Date granted")
    valid_from = _date("Start date")
    valid_to = _date("End date", hint="At most four years after the start (s33(3)).")

    def __init__(self, *args: Any, person: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = person.council.committees.order_by("name")  # type: ignore[attr-defined]
        self.person = person
        self._style()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end:
            error = dispensation_period_error(start, end)
            if error:
                self.add_error("valid_to", error)
        granted = data.get("granted_on")
        if granted and start and granted > start:
            self.add_error("granted_on", "It is granted before it takes effect.")
        reference = data.get("reference")
        if (
            reference
            and Dispensation.objects.filter(person=self.person, reference=reference).exists()
        ):
            self.add_error(
                "reference", "This member already has a dispensation with that reference."
            )
        return data


class TenureForm(GovukFormMixin, forms.Form):
    took_office = _date("Date took office", hint="The 28 days to register run from this day.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()


class EntryRecordForm(GovukFormMixin, forms.Form):
    notified_on = _date("Date notified to the monitoring officer")
    arose_on = _date(
        "Date the interest arose",
        required=False,
        hint="Only for an interest that arose after the member took office.",
    )
    is_sensitive = forms.BooleanField(
        label="Sensitive interest: withhold the details from the public register (s32)",
        required=False,
    )
    sensitivity_agreed_by = forms.CharField(
        label="Agreed by", max_length=200, required=False, help_text="The monitoring officer."
    )
    sensitivity_reason = forms.CharField(
        label="Reason (never published)", widget=forms.Textarea, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("is_sensitive") and not (data.get("sensitivity_agreed_by") or "").strip():
            self.add_error(
                "sensitivity_agreed_by", "Say who agreed the interest is sensitive (s32)."
            )
        return data


class OnBehalfEntryForm(RegisterEntryForm):
    """A register entry an officer enters for a member (from a paper form, a letter).

    It is recorded as entered by the officer, with the day the monitoring officer was
    notified, which is what s30(1)'s 28 days are measured against.
    """

    notified_on = forms.DateField(
        label="Notified to the monitoring officer on",
        widget=_DATE,
        help_text="The day the member's notification arrived.",
        error_messages={
            "required": "Enter the day the member notified the interest.",
            "invalid": "Enter a real date, like 2025-05-31.",
        },
    )

    def clean_notified_on(self) -> Any:
        from django.utils import timezone

        value = self.cleaned_data["notified_on"]
        if value > timezone.localdate():
            raise forms.ValidationError("The day notified cannot be in the future.")
        return value
