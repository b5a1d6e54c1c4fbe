"""Members' area forms: notes, register entries, councillor questions, notices of motion.

Forms check the shape of the input (lengths, dates in order, choices of the member's own
council); the council's rules (deadlines, how many questions) are the services'.
"""

from __future__ import annotations

from typing import Any

from django import forms

from minutebook.core.inputs import validate_name, validate_text
from minutebook.forwardplan.forms import DateInput, GovukFormMixin
from minutebook.members.models import MemberNote, RegisterEntry
from minutebook.participation.models import CouncillorQuestion
from minutebook.people.models import Person, PersonKind

#: A register entry, a question or a motion is a paragraph or two, not a report.
ENTRY_MAX = 2000
QUESTION_MAX = 5000


class NoteForm(forms.ModelForm):
    class Meta:
        model = MemberNote
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 8, "class": "govuk-textarea"})}
        labels = {"text": "Your private note (only you can see it)"}


class RegisterEntryForm(GovukFormMixin, forms.ModelForm):
    """One registrable interest (Localism Act 2011 s29-30; SI 2012/1464 for the DPIs)."""

    description = forms.CharField(
        label="The interest",
        widget=forms.Textarea,
        max_length=ENTRY_MAX,
        validators=[validate_text],
        help_text="For example the employer and job, the address of the land, the company.",
        error_messages={
            "required": "Describe the interest.",
            "max_length": f"Describe the interest in {ENTRY_MAX:,} characters or fewer.",
        },
    )

    class Meta:
        model = RegisterEntry
        fields = ["category", "description", "spouse_or_partner", "start_date", "end_date"]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}
        labels = {
            "spouse_or_partner": "It is the interest of my spouse or civil partner",
            "start_date": "Held from (optional)",
            "end_date": "Held until (optional)",
        }
        error_messages = {
            "category": {"required": "Choose the kind of interest."},
            "start_date": {"invalid": "Enter a real date, like 2025-05-31."},
            "end_date": {"invalid": "Enter a real date, like 2025-05-31."},
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "The end date is before the start date.")
        return data


def _councillors(council_id: int) -> Any:
    return Person.objects.filter(
        council_id=council_id, kind=PersonKind.COUNCILLOR, is_active=True
    ).order_by("last_name", "first_name")


class MemberQuestionForm(GovukFormMixin, forms.Form):
    """A councillor's own question for a meeting (the council's procedure rules)."""

    addressed_to = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        label="To (optional)",
        required=False,
        empty_label="Not named",
        help_text="The portfolio holder or chair you are asking.",
        error_messages={"invalid_choice": "Choose someone of this council."},
    )
    addressed_to_text = forms.CharField(
        label="Their role (optional)",
        max_length=200,
        required=False,
        validators=[validate_name],
        help_text="For example, Cabinet Member for Highways.",
        error_messages={"max_length": "Give the role in 200 characters or fewer."},
    )
    parent = forms.ModelChoiceField(
        queryset=CouncillorQuestion.objects.none(),
        label="A further part of (optional)",
        required=False,
        empty_label="A question of its own",
        help_text="A further part counts towards your questions for the meeting.",
        error_messages={"invalid_choice": "Choose one of your own questions for this meeting."},
    )
    text = forms.CharField(
        label="Your question",
        widget=forms.Textarea,
        max_length=QUESTION_MAX,
        validators=[validate_text],
        error_messages={
            "required": "Enter your question.",
            "max_length": f"Keep the question to {QUESTION_MAX:,} characters or fewer.",
        },
    )

    def __init__(self, *args: Any, meeting: Any, councillor: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        council_id = meeting.committee.council_id
        self.fields["addressed_to"].queryset = Person.objects.filter(  # type: ignore[attr-defined]
            council_id=council_id, is_active=True
        ).order_by("last_name", "first_name")
        self.fields["parent"].queryset = CouncillorQuestion.objects.filter(  # type: ignore[attr-defined]
            meeting=meeting, councillor=councillor, parent__isnull=True
        )
        self.fields["text"].widget.attrs["rows"] = 6


class MotionForm(GovukFormMixin, forms.Form):
    """A councillor's notice of motion for a meeting of full council."""

    text = forms.CharField(
        label="The motion",
        widget=forms.Textarea,
        max_length=QUESTION_MAX,
        validators=[validate_text],
        help_text='Start with what the council is asked to resolve, e.g. "This council '
        'resolves to ...".',
        error_messages={
            "required": "Enter the motion.",
            "max_length": f"Keep the motion to {QUESTION_MAX:,} characters or fewer.",
        },
    )
    seconder = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        label="Seconder (optional)",
        required=False,
        empty_label="No seconder yet",
        error_messages={"invalid_choice": "Choose a councillor of this council as seconder."},
    )

    def __init__(self, *args: Any, meeting: Any, mover: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["seconder"].queryset = _councillors(  # type: ignore[attr-defined]
            meeting.committee.council_id
        ).exclude(pk=mover.pk)
        self.fields["text"].widget.attrs["rows"] = 8
