"""Officer set-up forms for wards, political groups and people."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import RegexValidator

from minutebook.core.forms import OwnedModelForm, date_field, slug_field
from minutebook.people.models import (
    LegislativeTerm,
    Person,
    PersonKind,
    PoliticalGroup,
    Surgery,
    Ward,
)
from minutebook.people.photos import MAX_PHOTO_MB, clean_photo, forget_photo_on_commit

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


def linkable_logins(council: Any, person_pk: int | None) -> Any:
    """Active logins holding a role at ``council`` (or already linked to one of its
    people), not linked to anyone else: another council's login is never a choice."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    users = get_user_model().objects.filter(is_active=True, is_superuser=False)
    users = users.filter(Q(role_assignments__council=council) | Q(person__council=council))
    free = Q(person__isnull=True) | Q(person__pk=person_pk) if person_pk else Q(person__isnull=True)
    return users.filter(free).distinct().order_by("username")


def _login_label(user: Any) -> str:
    name = user.get_full_name()
    return f"{user.username} ({name})" if name else user.username


class PersonForm(OwnedModelForm):
    """A councillor, officer or co-opted member: their group and ward are the council's.

    A photo is checked and re-drawn as a JPEG (``photos.clean_photo``) before it is kept,
    and needs its description (alt text). Contact details reach the public site only
    where a "publish" box records the councillor's consent.
    """

    photo = forms.FileField(
        required=False,
        label="Photo",
        help_text=f"A JPEG or PNG, up to {MAX_PHOTO_MB} MB. Leave empty to keep the current one.",
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png"}),
    )
    remove_photo = forms.BooleanField(required=False, label="Remove the current photo")

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
            "publish_email",
            "phone",
            "publish_phone",
            "address",
            "publish_address",
            "photo",
            "photo_alt",
            "remove_photo",
            "political_group",
            "ward",
            "is_active",
            "user",
        ]
        labels: ClassVar[dict[str, str]] = {
            "user": "Login",
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
        login = self.fields["user"]
        login.queryset = linkable_logins(owner, self.instance.pk)  # type: ignore[attr-defined]
        login.empty_label = "No login"  # type: ignore[attr-defined]
        login.help_text = (
            "The sign-in of this person, if they have one: it lets a councillor use the "
            "members' area and an officer open the reports naming them. Only logins with a "
            "role at this council, not linked to someone else, are offered."
        )
        login.label_from_instance = _login_label  # type: ignore[attr-defined]
        self.fields["photo"].widget.attrs["class"] = "govuk-file-upload"
        if not self.instance.photo:
            del self.fields["remove_photo"]

    def clean_photo(self) -> Any:
        upload = self.cleaned_data.get("photo")
        if isinstance(upload, UploadedFile):
            return clean_photo(upload)
        return None

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        removing = data.get("remove_photo")
        has_photo = bool(data.get("photo")) or (bool(self.instance.photo) and not removing)
        if self.has_error("photo"):
            has_photo = has_photo or bool(self.files.get(self.add_prefix("photo")))
        if has_photo and not (data.get("photo_alt") or "").strip():
            self.add_error("photo_alt", "Describe the photo for people who cannot see it.")
        for field, flag, what in (
            ("email", "publish_email", "an email address"),
            ("phone", "publish_phone", "a phone number"),
            ("address", "publish_address", "an address"),
        ):
            if data.get(flag) and not (data.get(field) or "").strip():
                self.add_error(field, f"Enter {what} to publish, or untick its publish box.")
        return data

    def save(self, commit: bool = True) -> Any:
        person = super().save(commit=False)
        new_photo = self.cleaned_data.get("photo")
        if new_photo is not None or self.cleaned_data.get("remove_photo"):
            old_name = person.photo.name if self.instance.pk else ""
            person.photo = new_photo or ""
            if not new_photo:
                person.photo_alt = ""
            if old_name:
                forget_photo_on_commit(old_name)
        if commit:
            person.save()
        return person


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


class SurgeryForm(OwnedModelForm):
    """A councillor's surgery; the councillor is one of this council's."""

    class Meta:
        model = Surgery
        fields = ["person", "where", "when", "notes"]
        labels: ClassVar[dict[str, str]] = {
            "person": "Councillor",
            "where": "Place",
            "when": "Day and time",
        }
        widgets: ClassVar[dict[str, Any]] = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, owner: Any, **kwargs: Any) -> None:
        super().__init__(*args, owner=owner, **kwargs)
        person = self.fields["person"]
        person.queryset = Person.objects.filter(  # type: ignore[attr-defined]
            council=owner, kind=PersonKind.COUNCILLOR
        ).order_by("-is_active", "last_name", "first_name")
        person.label_from_instance = lambda p: p.display_name  # type: ignore[attr-defined]
