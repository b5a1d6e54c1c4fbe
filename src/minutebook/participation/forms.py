"""Forms for public participation (public and officer), styled for GOV.UK Frontend.

Forms check the shape of the input; the council's rules are the services'. Names that
are published or printed in e-mail subjects are one line (``core.inputs.validate_name``);
long texts are bounded (``LONG_TEXT_MAX``), so a huge paste is refused with a message and
the form keeps everything else.
"""

from __future__ import annotations

from typing import Any

from django import forms

from minutebook.core.inputs import LONG_TEXT_MAX, long_text_error, validate_name, validate_text
from minutebook.meetings.forms import GovukFormMixin
from minutebook.participation.models import CouncillorQuestion, SubmissionKind
from minutebook.people.models import Person, PersonKind


class PublicSubmissionForm(GovukFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label="What are you sending?",
        choices=SubmissionKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a question, a statement or a petition."},
    )
    name = forms.CharField(
        label="Full name",
        max_length=200,
        help_text="Published with your question or statement.",
        error_messages={"required": "Enter your full name."},
        validators=[validate_name],
    )
    address = forms.CharField(
        label="Address",
        widget=forms.Textarea,
        max_length=1000,
        validators=[validate_text],
        help_text="Never published. The council may check you live, work or represent an "
        "organisation in its area.",
        error_messages={"required": "Enter your address."},
    )
    email = forms.EmailField(
        label="Email address",
        help_text="Never published. We send the acknowledgement here.",
        error_messages={
            "required": "Enter your email address.",
            "invalid": "Enter an email address in the correct format, like name@example.com.",
        },
    )
    phone = forms.CharField(
        label="Phone number (optional)",
        max_length=40,
        required=False,
        help_text="Never published.",
        validators=[validate_name],
    )
    on_behalf_of = forms.CharField(
        label="On behalf of (optional)",
        max_length=200,
        required=False,
        help_text="An organisation, or a town or parish council, if you are speaking for one.",
        validators=[validate_name],
    )
    addressed_to_text = forms.CharField(
        label="Who is it for? (optional)",
        max_length=200,
        required=False,
        help_text="For example, the portfolio holder or the chair.",
        validators=[validate_name],
    )
    text = forms.CharField(
        label="Your question, statement or petition",
        widget=forms.Textarea,
        max_length=LONG_TEXT_MAX,
        validators=[validate_text],
        error_messages={
            "required": "Enter your question, statement or petition.",
            "max_length": long_text_error(),
        },
    )
    signatures = forms.IntegerField(
        label="Number of signatures (petitions only)",
        required=False,
        min_value=1,
        max_value=10_000_000,
        error_messages={
            "min_value": "A petition has at least 1 signature.",
            "max_value": "Enter the number of signatures, up to 10,000,000.",
        },
    )
    # Spam guard: people never see this field (see guard.py); robots fill it in.
    website = forms.CharField(label="Leave this field empty", required=False, max_length=200)
    started = forms.CharField(widget=forms.HiddenInput, required=False, max_length=200)

    def __init__(self, *args: Any, word_limit: int = 0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()
        self.fields["kind"].widget.attrs["class"] = "govuk-radios__input"
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs.update(autocomplete="email", spellcheck="false")
        self.fields["phone"].widget.attrs.update(autocomplete="tel", type="tel")
        self.fields["address"].widget.attrs.update(autocomplete="street-address", rows=3)
        self.fields["signatures"].widget.attrs.update(inputmode="numeric")
        self.fields["signatures"].widget.input_type = "text"
        self.fields["website"].widget.attrs.update(tabindex="-1", autocomplete="off")
        if word_limit:
            self.fields["text"].help_text = f"Up to {word_limit} words."
        self.fields["text"].widget.attrs["rows"] = 8

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == SubmissionKind.PETITION and not data.get("signatures"):
            self.add_error("signatures", "Enter the number of people who signed the petition.")
        if data.get("kind") != SubmissionKind.PETITION:
            data["signatures"] = None
        return data


class RejectForm(GovukFormMixin, forms.Form):
    reason = forms.CharField(
        label="Reason",
        max_length=300,
        widget=forms.Textarea,
        help_text="Told to the person who sent it; never published.",
        error_messages={"required": "Give the reason it is rejected."},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()
        self.fields["reason"].widget.attrs["rows"] = 3


class AnswerForm(GovukFormMixin, forms.Form):
    answered_by = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        label="Answered by",
        required=False,
        empty_label="Choose who answered",
    )
    answer = forms.CharField(label="Answer or response", widget=forms.Textarea, required=False)
    written_reply = forms.BooleanField(
        label="A written reply will follow (no answer at the meeting)", required=False
    )

    def __init__(self, *args: Any, council: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["answered_by"].queryset = Person.objects.filter(  # type: ignore[attr-defined]
            council=council, is_active=True
        ).order_by("last_name", "first_name")
        self._style()


class CouncillorQuestionForm(GovukFormMixin, forms.Form):
    councillor = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        label="Councillor asking",
        empty_label="Choose a councillor",
        error_messages={"required": "Choose the councillor asking the question."},
    )
    parent = forms.ModelChoiceField(
        queryset=CouncillorQuestion.objects.none(),
        label="Sub-question of (optional)",
        required=False,
        empty_label="A question of its own",
        help_text="A sub-question counts towards the councillor's questions for the meeting.",
    )
    addressed_to = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        label="To (optional)",
        required=False,
        empty_label="Not named",
    )
    addressed_to_text = forms.CharField(
        label="Role addressed (optional)", max_length=200, required=False
    )
    text = forms.CharField(
        label="Question",
        widget=forms.Textarea,
        error_messages={"required": "Enter the question."},
    )

    def __init__(self, *args: Any, meeting: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        council = meeting.committee.council
        people = Person.objects.filter(council=council, is_active=True).order_by(
            "last_name", "first_name"
        )
        self.fields["councillor"].queryset = people.filter(  # type: ignore[attr-defined]
            kind=PersonKind.COUNCILLOR
        )
        self.fields["addressed_to"].queryset = people  # type: ignore[attr-defined]
        self.fields["parent"].queryset = CouncillorQuestion.objects.filter(  # type: ignore[attr-defined]
            meeting=meeting, parent__isnull=True
        ).select_related("councillor")
        self._style()


class PublishForm(forms.Form):
    title = forms.CharField(
        label="Title (optional)",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input"}),
    )


class PostalSubmissionForm(PublicSubmissionForm):
    """A submission that came by post (or by phone), entered by an officer for the asker.

    The same fields and rules as the public form, except that an e-mail address is
    optional (a letter may give none) and the officer says when it was received: the
    council's deadline is checked against that moment, not the moment it is typed in.
    """

    received_at = forms.DateTimeField(
        label="Received",
        help_text="The day and time the letter or call reached the council.",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={
            "required": "Enter when it was received.",
            "invalid": "Enter a real date and time, like 2025-05-31 09:30.",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("website", "started"):  # the spam guard is for the public form only
            del self.fields[name]
        email = self.fields["email"]
        email.required = False
        email.label = "Email address (optional)"
        email.help_text = "Never published. An acknowledgement is sent here if given."
        self.fields["name"].help_text = "Published with the submission."
        self.fields["name"].error_messages["required"] = "Enter the asker's full name."
        self.fields["address"].error_messages["required"] = "Enter the asker's address."
        self.fields["text"].label = "The question, statement or petition, as written"
        self.fields["received_at"].widget.attrs.setdefault(
            "class", "govuk-input govuk-input--width-20"
        )

    def clean_received_at(self) -> Any:
        from django.utils import timezone

        value = self.cleaned_data["received_at"]
        if value > timezone.now():
            raise forms.ValidationError("The time received cannot be in the future.")
        return value
