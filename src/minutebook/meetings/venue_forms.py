"""The officer set-up form for venues."""

from __future__ import annotations

from typing import ClassVar

from django import forms

from minutebook.core.forms import OwnedModelForm
from minutebook.meetings.models import Venue


class VenueForm(OwnedModelForm):
    unique_within = (("name", "There is already a venue called {value}."),)

    postcode = forms.RegexField(
        regex=r"^\s*[A-Za-z]{1,2}[0-9][A-Za-z0-9]?\s*[0-9][A-Za-z]{2}\s*$",
        required=False,
        max_length=10,
        error_messages={"invalid": "Enter a UK postcode, such as SW1A 1AA."},
    )

    class Meta:
        model = Venue
        fields = ["name", "address", "postcode", "accessibility", "is_online_only"]
        labels: ClassVar[dict[str, str]] = {"is_online_only": "Online only (no room)"}

    def clean_postcode(self) -> str:
        return " ".join(self.cleaned_data.get("postcode", "").upper().split())
