"""Officer forms for the forward plan, with GOV.UK Frontend classes on their widgets.

Keyness is not ticked by hand: the entry form asks for the amount and the wards and
applies the council's reg 8 test (``services.apply_key_decision_test``), so the limb
shown on the plan is the one the figures support.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from minutebook.committees.models import Committee, Portfolio
from minutebook.core.exempt import SCHEDULE_12A_PARAGRAPHS
from minutebook.councils.models import Council
from minutebook.forwardplan import rules
from minutebook.forwardplan.models import ForwardPlanEntry
from minutebook.people.models import Person, PersonKind, Ward

_CLASSES = {
    "text": "govuk-input",
    "number": "govuk-input govuk-input--width-10",
    "date": "govuk-input govuk-input--width-10",
    "datetime": "govuk-input govuk-input--width-20",
    "textarea": "govuk-textarea",
    "select": "govuk-select",
    "checkbox": "govuk-checkboxes__input",
    "checkboxselectmultiple": "govuk-checkboxes__input",
    "radioselect": "govuk-radios__input",
}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class GovukFormMixin:
    """Give each widget its GOV.UK Frontend class (templates render the rest)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            kind = self[name].widget_type  # type: ignore[index]
            css = _CLASSES.get(kind)
            if css:
                field.widget.attrs.setdefault("class", css)
            if kind == "textarea":
                field.widget.attrs.setdefault("rows", 3)

    def add_error(self, field: str | None, error: Any) -> None:
        """Also mark the wrong fields (GOV.UK pattern): Django itself points them at their
        error messages (``aria-describedby`` names ``{id}_helptext {id}_error``).

        Django routes every field error through here, as do the views for service refusals.
        """
        super().add_error(field, error)  # type: ignore[misc]
        names = (
            list(error.error_dict) if field is None and hasattr(error, "error_dict") else [field]
        )
        for name in names:
            if name in self.fields:  # type: ignore[attr-defined]
                self._mark_error(name)

    def _mark_error(self, name: str) -> None:
        bound = self[name]  # type: ignore[index]
        field = self.fields[name]  # type: ignore[attr-defined]
        css = _CLASSES.get(bound.widget_type, "")
        if css.startswith(("govuk-input", "govuk-textarea", "govuk-select")):
            base = css.split()[0]
            field.widget.attrs["class"] = f"{css} {base}--error"


def councillors(council: Council) -> Any:
    return Person.objects.filter(council=council, kind=PersonKind.COUNCILLOR, is_active=True)


class ParagraphsField(forms.TypedMultipleChoiceField):
    """Schedule 12A paragraphs as tick boxes, stored as a list of numbers."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(
            choices=[(n, f"{n}: {text}") for n, text in SCHEDULE_12A_PARAGRAPHS.items()],
            coerce=int,
            widget=forms.CheckboxSelectMultiple,
            **kwargs,
        )


class EntryForm(GovukFormMixin, forms.ModelForm):
    exempt_paragraphs = ParagraphsField(label="Exempt paragraphs (LGA 1972 Schedule 12A)")

    class Meta:
        model = ForwardPlanEntry
        fields = [
            "reference",
            "title",
            "description",
            "decision_maker",
            "decision_maker_person",
            "decision_maker_text",
            "decision_date",
            "decision_period_end",
            "decision_date_text",
            "spending_amount",
            "wards_affected",
            "all_wards",
            "access",
            "exempt_paragraphs",
            "consultation",
            "documents_to_be_submitted",
            "portfolio",
            "portfolio_holder",
            "portfolio_holder_text",
            "officer",
            "officer_text",
            "is_withdrawn",
        ]
        labels = {
            "title": "Matter",
            "decision_maker_person": "Decision maker (an individual)",
            "decision_maker_text": "Decision maker as printed",
            "decision_date": "Decision date (or first day of the period)",
            "decision_period_end": "Last day of the period",
            "decision_date_text": "Date as printed",
            "spending_amount": "Expenditure or savings (£)",
            "consultation": "Consultees",
            "documents_to_be_submitted": "Documents to be submitted",
            "officer": "Lead officer",
            "officer_text": "Lead officer as printed",
            "is_withdrawn": "Withdrawn from the plan",
        }
        widgets = {
            "decision_date": DateInput,
            "decision_period_end": DateInput,
            "wards_affected": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, council: Council, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.council = council
        self.fields["decision_maker"].queryset = Committee.objects.filter(
            council=council, is_active=True
        )
        people = Person.objects.filter(council=council, is_active=True)
        for name in ("decision_maker_person", "portfolio_holder", "officer"):
            self.fields[name].queryset = people
        self.fields["portfolio"].queryset = Portfolio.objects.filter(council=council)
        self.fields["wards_affected"].queryset = Ward.objects.filter(council=council)
        self.fields["wards_affected"].required = False
        self.fields["spending_amount"].help_text = (
            f"Key at or over £{council.key_decision_threshold:,.0f} (the council's threshold, "
            "SI 2012/2089 reg 8(a))."
        )
        self.fields[
            "wards_affected"
        ].help_text = (
            f"Key when significant in {council.key_decision_wards} or more wards (reg 8(b))."
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not (
            data.get("decision_maker")
            or data.get("decision_maker_person")
            or data.get("decision_maker_text")
        ):
            self.add_error("decision_maker", "Say who will take the decision (reg 9(1)(b)).")
        # Open / exempt paragraphs agreement is checked by ForwardPlanEntry.clean.
        return data

    def save(self, commit: bool = True) -> ForwardPlanEntry:
        """Save, then set keyness from the amount and wards (SI 2012/2089 reg 8)."""
        from minutebook.forwardplan.services import apply_key_decision_test

        entry = super().save(commit=commit)
        if commit:
            apply_key_decision_test(entry)
            entry.save(update_fields=["key_decision", "key_decision_limb", "key_decision_reason"])
        return entry


def _happened(day: Any, what: str) -> Any:
    """``day``, or a form error if it is in the future (``forwardplan.rules``)."""
    if day and (error := rules.in_the_future(day, timezone.localdate(), what)):
        raise ValidationError(error)
    return day


class ExceptionForm(GovukFormMixin, forms.Form):
    """Common fields of a reg 10 / reg 11 record: who, and why."""

    scrutiny_chair = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        required=False,
        label="Scrutiny chair",
        help_text="The chair of the relevant overview and scrutiny committee.",
    )
    scrutiny_chair_text = forms.CharField(
        required=False,
        max_length=200,
        label="Or name and office",
        help_text="If not held, or the chair of the council acted instead.",
    )

    def __init__(self, *args: Any, entry: ForwardPlanEntry, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.entry = entry
        self.fields["scrutiny_chair"].queryset = councillors(entry.council)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("scrutiny_chair") and not (data.get("scrutiny_chair_text") or "").strip():
            raise ValidationError("Say which scrutiny chair was told or agreed.")
        return data


class GeneralExceptionForm(ExceptionForm):
    notice_published = forms.DateField(
        widget=DateInput,
        label="Day the scrutiny chair was told and the notice made public",
        help_text="The decision may be taken once five clear days have passed (reg 10).",
    )
    reason = forms.CharField(
        widget=forms.Textarea,
        label="Why 28 clear days' notice was impracticable",
    )
    field_order = ["notice_published", "scrutiny_chair", "scrutiny_chair_text", "reason"]

    def clean_notice_published(self) -> Any:
        return _happened(
            self.cleaned_data.get("notice_published"), "day the notice was made public"
        )


class SpecialUrgencyForm(ExceptionForm):
    agreed_on = forms.DateField(
        widget=DateInput,
        label="Day the scrutiny chair agreed",
        help_text="That the decision is urgent and cannot reasonably be deferred (reg 11).",
    )
    reason = forms.CharField(
        widget=forms.Textarea,
        label="Why the decision is urgent and cannot reasonably be deferred",
    )
    field_order = ["agreed_on", "scrutiny_chair", "scrutiny_chair_text", "reason"]

    def clean_agreed_on(self) -> Any:
        return _happened(self.cleaned_data.get("agreed_on"), "day the scrutiny chair agreed")


class ReportedForm(GovukFormMixin, forms.Form):
    reported_on = forms.DateField(widget=DateInput, label="Date of the report to council (reg 19)")

    def clean_reported_on(self) -> Any:
        return _happened(self.cleaned_data.get("reported_on"), "date of the report to council")
