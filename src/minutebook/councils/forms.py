"""Officer forms for a council's own rules and its closure days."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms

from minutebook.core.forms import GovukFormMixin, OwnedModelForm, date_field, plain_english
from minutebook.councils.models import ClosureDay, Council

#: The rules page in sections: (legend, fields).
RULE_SECTIONS: list[tuple[str, list[str]]] = [
    (
        "The council",
        [
            "name",
            "short_name",
            "gss_code",
            "website",
            "address",
            "contact_email",
            "contact_phone",
            "bank_holiday_region",
        ],
    ),
    (
        "Agendas and reports",
        [
            "agenda_clear_days",
            "report_deadline_working_days",
            "reminder_working_days",
            "pad_blank_pages",
            "publish_draft_minutes",
            "max_upload_mb",
            "exempt_access_rule",
            "open_data_licence",
        ],
    ),
    ("Quorum", ["default_quorum", "default_quorum_fraction"]),
    ("Meetings", ["assumed_meeting_minutes"]),
    (
        "Key decisions and private meetings",
        [
            "key_decision_threshold",
            "key_decision_wards",
            "key_decision_notice_days",
            "private_meeting_notice_days",
            "private_meeting_reasons_days",
        ],
    ),
    ("Call-in", ["call_in_working_days", "call_in_signatories"]),
    (
        "Public participation",
        [
            "public_question_deadline_rule",
            "public_statement_deadline_rule",
            "petition_deadline_rule",
            "councillor_question_deadline_rule",
            "notice_of_motion_deadline_rule",
            "public_word_limit",
            "public_questions_per_person",
            "public_statements_per_person",
            "public_submissions_cap",
            "councillor_questions_per_meeting",
        ],
    ),
]


class CouncilRulesForm(GovukFormMixin, forms.ModelForm):  # type: ignore[type-arg]
    """The council's details and the rules its constitution sets (its slug, part of
    every public address, is not changed here)."""

    website = forms.URLField(assume_scheme="https", required=False, max_length=200)
    open_data_licence = forms.URLField(
        assume_scheme="https",
        max_length=200,
        label="Open data licence",
        help_text="The address of the licence the council's open data (the API, the "
        "downloads) is published under. The Open Government Licence v3.0 unless you set "
        "another.",
    )

    class Meta:
        model = Council
        fields = [name for _, names in RULE_SECTIONS for name in names]
        error_messages: ClassVar[dict[str, dict[str, str]]] = {
            "name": {"unique": "Another council already has this name."}
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        plain_english(self.fields)
        self.fields["default_quorum_fraction"].error_messages["max_digits"] = (
            "Enter the quorum fraction as a number below 10, such as 0.25."
        )
        self._style()

    def clean_key_decision_threshold(self) -> Any:
        value = self.cleaned_data.get("key_decision_threshold")
        if value is not None and value < 0:
            raise forms.ValidationError("Enter the key decision threshold as 0 or more.")
        return value

    def clean_default_quorum(self) -> Any:
        value = self.cleaned_data.get("default_quorum")
        if value is not None and value < 1:
            raise forms.ValidationError("Enter a quorum of at least 1, or leave it blank.")
        return value

    def clean_default_quorum_fraction(self) -> Any:
        value = self.cleaned_data.get("default_quorum_fraction")
        if value is not None and not 0 < value <= 1:
            raise forms.ValidationError("Enter the quorum fraction between 0 and 1, such as 0.25.")
        return value

    def sections(self) -> list[tuple[str, list[Any]]]:
        return [(legend, [self[name] for name in names]) for legend, names in RULE_SECTIONS]


class ClosureDayForm(OwnedModelForm):
    """A day the council's offices are closed (it stops the statutory clock)."""

    unique_within = (("date", "{value:%d %B %Y} is already a closure day."),)

    date = date_field("Date", required=True)

    class Meta:
        model = ClosureDay
        fields = ["date", "reason"]
        help_texts: ClassVar[dict[str, str]] = {
            "reason": 'Optional, e.g. "Office closed between Christmas and New Year".'
        }
