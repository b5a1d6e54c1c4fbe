"""Officer set-up forms for wards, political groups and people."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.core.validators import RegexValidator

from minutebook.core.forms import OwnedModelForm, date_field, slug_field
from minutebook.people.models import LegislativeTerm, Person, PoliticalGroup, Ward

HEX_COLOUR = RegexValidator(
    r"^#[0-9a-fA-F]{6}$", "Enter the colour as # and six hexadecimal digits, e.g. #ffcc00."
)


class WardForm(OwnedModelForm):
    unique_within = (
        ("name", "There is already a ward called {value}."),
        ("slug", "Another ward already uses the web address name {value}."),
    )
    slug_from = "name"

    slug = slug_field(80)

    class Meta:
        model = Ward
        fields = ["name", "slug", "gss_code", "is_division", "seats"]

    def clean_seats(self) -> Any:
        seats = self.cleaned_data.get("seats")
        if seats is not None and not 1 <= seats <= 10:
            raise forms.ValidationError("Enter the number of seats, from 1 to 10.")
        return seats


class GroupForm(OwnedModelForm):
    unique_within = (("name", "There is already a political group called {value}."),)

    colour = forms.CharField(
        required=False,
        max_length=7,
        validators=[HEX_COLOUR],
        help_text="Optional: # and six hexadecimal digits, e.g. #ffcc00.",
    )

    class Meta:
        model = PoliticalGroup
        fields = ["name", "short_name", "colour", "is_independent"]


class PersonForm(OwnedModelForm):
    """A councillor, officer or co-opted member: their group and ward are the council's."""

    class Meta:
        model = Person
        fields = [
            "kind",
            "honorific",
            "first_name",
            "middle_names",
            "last_name",
            "post_nominals",
            "job_title",
            "email",
            "phone",
            "political_group",
            "ward",
            "is_active",
        ]
        labels: ClassVar[dict[str, str]] = {
            "kind": "Kind of person",
            "is_active": "Active (untick when someone leaves the council)",
        }

    def __init__(self, *args: Any, owner: Any, **kwargs: Any) -> None:
        super().__init__(*args, owner=owner, **kwargs)
        groups = self.fields["political_group"]
        wards = self.fields["ward"]
        groups.queryset = PoliticalGroup.objects.filter(council=owner)  # type: ignore[attr-defined]
        wards.queryset = Ward.objects.filter(council=owner)  # type: ignore[attr-defined]
        groups.empty_label = "No group"  # type: ignore[attr-defined]
        wards.empty_label = "No ward"  # type: ignore[attr-defined]


class TermForm(OwnedModelForm):
    """A council term: the years between ordinary elections."""

    unique_within = (("start_date", "Another term already starts on {value:%d %B %Y}."),)

    start_date = date_field("Start date", required=True, hint="The day after the election.")
    end_date = date_field("End date", hint="Blank for the current term.")

    class Meta:
        model = LegislativeTerm
        fields = ["name", "start_date", "end_date"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end <= start:
            self.add_error("end_date", "The end date must be after the start date.")
        return data
