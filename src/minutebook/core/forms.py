"""Form helpers shared by the officer pages: GOV.UK Frontend styling, and the base of
the set-up forms (records a council owns: wards, committees, venues ...).

Why a base for set-up forms: the owning council (or committee) comes from the address,
not from the form, so Django's own unique checks skip every constraint that names it
and a duplicate would reach the database as a 500. :class:`OwnedModelForm` checks those
names itself, in plain English, and the view turns a race lost at the database into a
form error too.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from django import forms
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.text import slugify

from minutebook.core.inputs import LONG_TEXT_MAX, long_text_error, validate_text


class GovukFormMixin:
    """Adds GOV.UK classes to widgets and marks fields in error."""

    fields: dict[str, forms.Field]

    def _style(self) -> None:
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.CheckboxInput):
                widget.attrs.setdefault("class", "govuk-checkboxes__input")
            elif isinstance(widget, forms.Textarea):
                widget.attrs.setdefault("class", "govuk-textarea")
                widget.attrs["rows"] = 5
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "govuk-select")
            else:
                widget.attrs.setdefault("class", "govuk-input")

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for name in getattr(self, "errors", {}):
            if name in self.fields:
                css = self.fields[name].widget.attrs.get("class", "")
                if "govuk-input" in css and "--error" not in css:
                    self.fields[name].widget.attrs["class"] = f"{css} govuk-input--error"
                elif "govuk-textarea" in css and "--error" not in css:
                    self.fields[name].widget.attrs["class"] = f"{css} govuk-textarea--error"
                elif "govuk-select" in css and "--error" not in css:
                    self.fields[name].widget.attrs["class"] = f"{css} govuk-select--error"


class DateInput(forms.DateInput):
    """A browser date picker that still accepts a typed 2025-05-14 or 14/05/2025."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d %B %Y", "%d %b %Y"]


def date_field(label: str, required: bool = False, hint: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=hint,
        input_formats=DATE_FORMATS,
        widget=DateInput(),
        error_messages={
            "invalid": f"Enter the {label.lower()} as a date, for example 14/05/2025.",
            "required": f"Enter the {label.lower()}.",
        },
    )


def check_date_order(
    form: forms.BaseForm, start: str = "start_date", end: str = "end_date"
) -> None:
    """Refuse an end before its start, on the end field."""
    first: dt.date | None = form.cleaned_data.get(start)
    last: dt.date | None = form.cleaned_data.get(end)
    if first and last and last < first:
        form.add_error(end, "The end date must be the same as or after the start date.")


def slug_field(max_length: int, source: str = "name") -> forms.SlugField:
    return forms.SlugField(
        label="Short name for web addresses",
        max_length=max_length,
        required=False,
        help_text=f"Lower-case letters, numbers and hyphens. Leave blank to make one from the {source}.",
        error_messages={
            "invalid": "Use only lower-case letters, numbers and hyphens in the web address name."
        },
    )


def fill_slug(form: forms.BaseForm, source: str = "name", target: str = "slug") -> None:
    """Make the slug from ``source`` when it is left blank (in ``clean``)."""
    data = form.cleaned_data
    if not data.get(target) and data.get(source) and target not in form.errors:
        made = slugify(data[source])[: form.fields[target].max_length or 50].strip("-")
        if made:
            data[target] = made
        else:
            form.add_error(target, "Enter a short name for web addresses.")


def plain_english(fields: dict[str, forms.Field]) -> None:
    """Give a form's fields the officer pages' limits and messages: long text capped at
    :data:`LONG_TEXT_MAX` with no control characters, "Enter the ..." when a required
    field is empty, and a choice that is not offered (another council's record, a
    tampered id) refused in words."""
    for field in fields.values():
        if isinstance(field.widget, forms.Textarea) and isinstance(field, forms.CharField):
            if field.max_length is None:
                field.max_length = LONG_TEXT_MAX
                field.validators.append(MaxLengthValidator(LONG_TEXT_MAX))
            field.validators.append(validate_text)
            field.error_messages["max_length"] = long_text_error()
        if field.label and "required" in field.error_messages:
            field.error_messages["required"] = f"Enter the {field.label.lower()}."
        if isinstance(field, forms.ModelChoiceField):
            field.error_messages["invalid_choice"] = (
                "Choose one of the options listed (that one is not this council's)."
            )


class OwnedModelForm(GovukFormMixin, forms.ModelForm):  # type: ignore[type-arg]
    """A model form for a record owned by ``owner`` (a council or a committee).

    ``owner_field`` names the foreign key set from the address; ``unique_within`` lists
    (field, message) pairs that must be unique among the owner's records, the message
    formatted with ``{value}``. Long text fields get the shared length limit, and every
    field's "required" message says what to enter.
    """

    owner_field: ClassVar[str] = "council"
    unique_within: ClassVar[tuple[tuple[str, str], ...]] = ()
    #: The field a blank ``slug`` is made from, if the form has one.
    slug_from: ClassVar[str | None] = None

    def __init__(self, *args: Any, owner: models.Model, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.owner = owner
        setattr(self.instance, self.owner_field, owner)
        plain_english(self.fields)
        self._style()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.slug_from:
            fill_slug(self, self.slug_from)
        model = self._meta.model
        for name, message in self.unique_within:
            value = data.get(name)
            if value in (None, ""):
                continue
            clash = model._default_manager.filter(**{self.owner_field: self.owner, name: value})
            if self.instance.pk:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error(name, message.format(value=value))
        return data
