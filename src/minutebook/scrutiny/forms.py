"""Officer forms for the work programme, the action sheet and the council's settings."""

from __future__ import annotations

from typing import Any

from django import forms

from minutebook.committees.models import Committee
from minutebook.meetings.forms import GovukFormMixin
from minutebook.meetings.models import Meeting
from minutebook.people.models import Person
from minutebook.scrutiny.models import ActionStatus, WorkItemStatus


def _date(label: str, hint: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        help_text=hint,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": f"Enter the {label.lower()} as a date."},
    )


class WorkItemForm(GovukFormMixin, forms.Form):
    subject = forms.CharField(max_length=300, error_messages={"required": "Give the subject."})
    description = forms.CharField(widget=forms.Textarea, required=False, label="Scope")
    meeting = forms.ModelChoiceField(
        queryset=Meeting.objects.none(), required=False, label="Committee meeting"
    )
    meeting_date = _date("Meeting date", "When no meeting is scheduled yet.")
    requested_by = forms.CharField(max_length=200, required=False)
    author = forms.ModelChoiceField(queryset=Person.objects.none(), required=False)
    author_text = forms.CharField(max_length=200, required=False, label="Author (if not listed)")
    portfolio_holder = forms.ModelChoiceField(queryset=Person.objects.none(), required=False)
    portfolio_holder_text = forms.CharField(
        max_length=200, required=False, label="Portfolio holder (if not listed)"
    )
    route_onward = forms.CharField(
        max_length=300, required=False, label="Route onward", help_text='E.g. "Cabinet".'
    )
    onward_date = _date("Onward date", "E.g. the cabinet date.")
    status = forms.ChoiceField(choices=WorkItemStatus.choices, initial=WorkItemStatus.PROPOSED)
    notes = forms.CharField(widget=forms.Textarea, required=False)

    def __init__(self, *args: Any, committee: Committee, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = Meeting.objects.filter(  # type: ignore[attr-defined]
            committee=committee
        ).order_by("start")
        people = Person.objects.filter(council_id=committee.council_id, is_active=True)
        self.fields["author"].queryset = people  # type: ignore[attr-defined]
        self.fields["portfolio_holder"].queryset = people  # type: ignore[attr-defined]
        self._style()


class ActionForm(GovukFormMixin, forms.Form):
    minute_number = forms.IntegerField(
        label="Minute number",
        min_value=1,
        help_text="The minute the action was agreed under.",
        error_messages={"required": "Give the minute the action was agreed under."},
    )
    text = forms.CharField(
        label="Action", widget=forms.Textarea, error_messages={"required": "Say what was agreed."}
    )
    owner = forms.ModelChoiceField(queryset=Person.objects.none(), required=False)
    owner_text = forms.CharField(max_length=200, required=False, label="Owner (if not listed)")
    due = _date("Due date")

    def __init__(self, *args: Any, committee: Committee, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = Person.objects.filter(  # type: ignore[attr-defined]
            council_id=committee.council_id, is_active=True
        )
        self._style()


class ActionUpdateForm(GovukFormMixin, forms.Form):
    status = forms.ChoiceField(choices=ActionStatus.choices)
    update = forms.CharField(
        label="Status", widget=forms.Textarea, required=False, help_text="The owner's update."
    )
    outcome = forms.CharField(
        widget=forms.Textarea, required=False, help_text="Needed to complete the action."
    )
    due = _date("Due date")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()


class SettingsForm(GovukFormMixin, forms.Form):
    one_commissioned_at_a_time = forms.BooleanField(
        label="One commissioned piece of work at a time",
        required=False,
        help_text="Refuse a second commissioned item while one is in progress.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()
