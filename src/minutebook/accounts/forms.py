"""Sign-in and second-factor forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm


class SignInForm(AuthenticationForm):
    """Django's form; a locked account gets the same message as a wrong password plus a hint."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Enter a correct username and password. After several failed "
        "attempts, signing in is paused for a while.",
    }


class TokenForm(forms.Form):
    token = forms.CharField(
        label="Code from your authenticator app",
        min_length=6,
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "class": "govuk-input"}
        ),
    )

    def clean_token(self) -> str:
        value: Any = self.cleaned_data["token"]
        value = "".join(str(value).split())
        if not value.isdigit():
            raise forms.ValidationError("The code is made of digits only.")
        return value


class EnrolmentCodeForm(forms.Form):
    """The code an administrator handed over; spaces, dashes and case do not matter."""

    code = forms.CharField(
        label="Enrolment code from your administrator",
        max_length=64,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "class": "govuk-input"}
        ),
    )


class LinkPersonForm(forms.Form):
    """Which person (councillor, officer, co-optee) a login belongs to."""

    person = forms.ModelChoiceField(
        queryset=None,
        label="Person",
        help_text="Only people of the councils you administer, not linked to another login. "
        "To unlink, choose \u201cNo login\u201d on the person's set-up page.",
        error_messages={
            "required": "Choose the person this login belongs to.",
            "invalid_choice": "Choose one of the people listed.",
        },
    )

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["person"]
        field.queryset = people  # type: ignore[attr-defined]
        field.label_from_instance = lambda p: f"{p.display_name} ({p.council.name})"  # type: ignore[attr-defined]
        field.widget.attrs["class"] = "govuk-select"


class IssueEnrolmentForm(forms.Form):
    remove_devices = forms.BooleanField(
        label="Also remove the authenticators this user has now (a lost or replaced phone)",
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "govuk-checkboxes__input"}),
    )
