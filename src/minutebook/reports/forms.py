"""Officer forms for writing a report: start it, its cover sheet and body, its
appendices and its authors.

Every picker offers only the report's own council's rows, so another council's id
posted to a form is an invalid choice, shown on the form like any other error.
Long texts are bounded (``core.inputs.LONG_TEXT_MAX``) so a huge paste is refused with
a message while the rest of what was typed comes back.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import MaxLengthValidator
from django.db.models import QuerySet

from minutebook.accounts.models import RoleAssignment
from minutebook.accounts.roles import Role
from minutebook.committees.models import Committee, Portfolio
from minutebook.core.exempt import SCHEDULE_12A_PARAGRAPHS
from minutebook.core.forms import GovukFormMixin
from minutebook.core.inputs import LONG_TEXT_MAX, long_text_error, validate_name, validate_text
from minutebook.documents.uploads import check_upload
from minutebook.forwardplan.models import ForwardPlanEntry
from minutebook.people.models import Person, PersonKind, Ward
from minutebook.reports.models import SECTION_FIELDS, Report, ReportAuthor

#: The cover sheet, in the order the form shows it (the sections follow).
COVER_FIELDS = (
    "title",
    "purpose",
    "recommendation_to",
    "recommendation_to_name",
    "portfolio",
    "portfolio_holder",
    "portfolio_holder_text",
    "executive_director",
    "executive_director_text",
    "local_councillors_text",
    "wards_affected",
    "key_decision",
    "forward_plan_entry",
    "eqia_status",
    "risk_current",
    "risk_residual",
)

#: How the form groups the fields, as the cover sheet prints them.
FIELDSETS = (
    ("Cover sheet", COVER_FIELDS),
    ("Exempt information (LGA 1972 Schedule 12A)", ("paragraphs", "public_interest_reason")),
    ("Summary", ("brief_summary", "recommendations", "reasons")),
    ("The report", ("body", "background_papers")),
    (
        "Implications",
        (
            "financial_implications",
            "legal_implications",
            "climate_implications",
            "wellbeing_health_implications",
            "hr_implications",
            "equalities_implications",
            "risk_implications",
        ),
    ),
)

BODY_HINT = (
    "Separate paragraphs with a blank line. A short numbered line on its own, such as "
    "“2. Background”, is printed as a heading; lines that start with “- ” make a list."
)

PARAGRAPH_CHOICES = [(n, f"Paragraph {n}: {text}") for n, text in SCHEDULE_12A_PARAGRAPHS.items()]


def _paragraphs_field(label: str) -> forms.TypedMultipleChoiceField:
    return forms.TypedMultipleChoiceField(
        choices=PARAGRAPH_CHOICES,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=label,
        help_text="Leave all unticked if it can be published.",
        error_messages={"invalid_choice": "Schedule 12A has paragraphs 1 to 7 only."},
    )


def _plain_errors(form: forms.BaseForm) -> None:
    """Limits and choices in words an officer reads, whatever the field."""
    for field in form.fields.values():
        limit = getattr(field, "max_length", None)
        if limit:
            field.error_messages["max_length"] = f"Keep this to {limit:,} characters or fewer."
        if isinstance(field, forms.ModelChoiceField | forms.ModelMultipleChoiceField):
            field.error_messages["invalid_choice"] = "Choose one of this council's own entries."
            field.error_messages["invalid_pk_value"] = "Choose one of this council's own entries."


class ReportStartForm(GovukFormMixin, forms.Form):
    """A new report: its title, and the agenda item it is written for."""

    title = forms.CharField(
        max_length=500,
        validators=[validate_name],
        error_messages={"required": "Enter the report's title."},
    )
    item = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="Agenda item",
        empty_label="Not on an agenda yet",
        help_text="The item of an upcoming meeting this report is for.",
    )
    council = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="Council",
        help_text="Needed when the report is on no agenda yet.",
    )

    def __init__(
        self, *args: Any, items: QuerySet[Any] | None, councils: QuerySet[Any], **kwargs: Any
    ) -> None:
        """``items`` None: the user builds no agendas (a report author), so no picker."""
        super().__init__(*args, **kwargs)
        if items is None:
            del self.fields["item"]
        else:
            self.fields["item"].queryset = items  # type: ignore[attr-defined]
            self.fields["item"].label_from_instance = lambda i: (  # type: ignore[attr-defined]
                f"{i.meeting}: item {i.number}, {i.title}"
            )
        self.fields["council"].queryset = councils  # type: ignore[attr-defined]
        if councils.count() < 2:
            self.only_council = councils.first()
            del self.fields["council"]
        else:
            self.only_council = None
        _plain_errors(self)
        self._style()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        item = cleaned.get("item")
        if item is not None:
            cleaned["council"] = item.meeting.committee.council
        elif cleaned.get("council") is None:
            if self.only_council is not None:
                cleaned["council"] = self.only_council
            elif "council" in self.fields and not self.has_error("council"):
                self.add_error("council", "Choose the council, or the agenda item.")
        return cleaned


class ItemReportForm(GovukFormMixin, forms.Form):
    """A report for one agenda item (the meeting's "Write report" link)."""

    title = forms.CharField(
        max_length=500,
        validators=[validate_name],
        error_messages={"required": "Enter the report's title."},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _plain_errors(self)
        self._style()


class ReportForm(GovukFormMixin, forms.ModelForm):
    """The cover sheet and the body. Exempt paragraphs are ticked, not typed; taking one
    off releases the report, which only ``admin_scope.may_release`` roles may do."""

    paragraphs = _paragraphs_field("Exempt under")

    class Meta:
        model = Report
        fields = [*COVER_FIELDS, *SECTION_FIELDS, "public_interest_reason"]
        widgets = {"wards_affected": forms.CheckboxSelectMultiple}
        labels = {
            "recommendation_to": "Recommendation to",
            "recommendation_to_name": "Recommendation to (as printed)",
            "portfolio_holder_text": "Portfolio holder (as printed)",
            "executive_director_text": "Executive director (as printed)",
            "local_councillors_text": "Local councillors",
            "risk_current": "Risk: current",
            "risk_residual": "Risk: residual",
            "public_interest_reason": "Public interest test",
            "forward_plan_entry": "Forward plan entry",
        }

    def __init__(self, *args: Any, may_release: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        report: Report = self.instance
        council = report.council
        self.may_release = may_release
        self.fields["paragraphs"].initial = list(report.exempt_paragraphs or [])
        scoped = {
            "recommendation_to": Committee.objects.filter(council=council).order_by("name"),
            "portfolio": Portfolio.objects.filter(council=council),
            "portfolio_holder": Person.objects.filter(
                council=council, kind=PersonKind.COUNCILLOR
            ).order_by("last_name", "first_name"),
            "executive_director": Person.objects.filter(
                council=council, kind=PersonKind.OFFICER
            ).order_by("last_name", "first_name"),
            "wards_affected": Ward.objects.filter(council=council).order_by("name"),
            "forward_plan_entry": ForwardPlanEntry.objects.filter(council=council),
        }
        for name, queryset in scoped.items():
            self.fields[name].queryset = queryset  # type: ignore[attr-defined]
        for name in (*SECTION_FIELDS, "public_interest_reason"):
            field = self.fields[name]
            field.validators += [MaxLengthValidator(LONG_TEXT_MAX), validate_text]
            field.error_messages["max_length"] = long_text_error()
        self.fields["title"].validators.append(validate_name)
        self.fields["title"].error_messages["required"] = "Enter the report's title."
        self.fields["body"].help_text = BODY_HINT
        _plain_errors(self)
        for name in (*SECTION_FIELDS, "public_interest_reason"):
            self.fields[name].error_messages["max_length"] = long_text_error()
        self._style()
        self.fields["body"].widget.attrs["rows"] = 20

    def clean_paragraphs(self) -> list[int]:
        chosen = sorted(set(self.cleaned_data.get("paragraphs") or []))
        before = set(self.instance.exempt_paragraphs or [])
        if before - set(chosen) and not self.may_release:
            raise ValidationError(
                "Only democratic services or the monitoring officer can take an exemption "
                "off a report. Keep the paragraphs already ticked."
            )
        return chosen

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("paragraphs") and not (cleaned.get("public_interest_reason") or "").strip():
            self.add_error(
                "public_interest_reason",
                "Give the public interest reason for keeping the report exempt.",
            )
        return cleaned

    def save(self, commit: bool = True) -> Report:
        self.instance.exempt_paragraphs = self.cleaned_data["paragraphs"]
        return super().save(commit=commit)


class AppendixForm(GovukFormMixin, forms.Form):
    """An appendix uploaded with the report's form (optional there) or on its own
    page to replace one (the file is required then). The file passes the council's
    upload gate (``documents.uploads.check_upload``)."""

    file = forms.FileField(
        required=False,
        label="File",
        help_text="A PDF, Word, Excel, PowerPoint, OpenDocument, CSV, text or image file.",
    )
    label = forms.CharField(
        max_length=40,
        required=False,
        validators=[validate_name],
        help_text="For example “Appendix A”.",
    )
    title = forms.CharField(max_length=500, required=False, validators=[validate_name])
    paragraphs = _paragraphs_field("Exempt under")
    public_interest_reason = forms.CharField(
        widget=forms.Textarea,
        required=False,
        label="Public interest test",
        validators=[MaxLengthValidator(LONG_TEXT_MAX), validate_text],
    )

    def __init__(self, *args: Any, council: Any, replacing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.council = council
        self.replacing = replacing
        if replacing:
            self.fields["file"].required = True
            self.fields["file"].error_messages["required"] = "Choose the new file."
        _plain_errors(self)
        self.fields["public_interest_reason"].error_messages["max_length"] = long_text_error()
        self._style()
        self.fields["file"].widget.attrs["class"] = "govuk-file-upload"

    @property
    def given(self) -> bool:
        """Whether anything was entered for an appendix (the report form's is optional)."""
        if not self.is_bound:
            return False
        names = ("label", "title", "public_interest_reason")
        typed = any((self.data.get(self.add_prefix(n)) or "").strip() for n in names)
        ticked = bool(self.data.getlist(self.add_prefix("paragraphs")))
        return self.replacing or typed or ticked or bool(self.files.get(self.add_prefix("file")))

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):
            check_upload(upload, upload.name or "", self.council.max_upload_mb)
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not self.given:
            return cleaned
        if not self.replacing and not cleaned.get("file") and not self.has_error("file"):
            self.add_error("file", "Choose the appendix file, or clear the appendix fields.")
        if not (cleaned.get("title") or "").strip() and not self.has_error("title"):
            self.add_error("title", "Enter the appendix title.")
        if cleaned.get("paragraphs") and not (cleaned.get("public_interest_reason") or "").strip():
            self.add_error(
                "public_interest_reason",
                "Give the public interest reason for keeping the appendix exempt.",
            )
        return cleaned


def assignable_users(council: Any) -> QuerySet[Any]:
    """Logins that may write reports at the council: its report authors, democratic
    services and administrators (never another council's staff)."""
    ids = RoleAssignment.objects.filter(
        council=council,
        role__in=[Role.REPORT_AUTHOR, Role.DEMOCRATIC_SERVICES, Role.ADMINISTRATOR],
    ).values("user_id")
    return get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("username")


class AssignForm(GovukFormMixin, forms.Form):
    assigned_to = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="Report author",
        empty_label="Nobody",
        help_text="The officer who drafts the report; they can open and edit it while a draft.",
    )

    def __init__(self, *args: Any, council: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["assigned_to"]
        field.queryset = assignable_users(council)  # type: ignore[attr-defined]
        field.label_from_instance = lambda u: (  # type: ignore[attr-defined]
            f"{u.get_full_name()} ({u.get_username()})" if u.get_full_name() else u.get_username()
        )
        _plain_errors(self)
        self._style()


class AuthorForm(GovukFormMixin, forms.ModelForm):
    """A name on the cover sheet; linked to a person, their login may open the report."""

    class Meta:
        model = ReportAuthor
        fields = ["person", "name", "job_title", "phone", "email"]
        labels = {"person": "Officer (optional)", "name": "Name as printed"}
        help_texts = {
            "person": "Linking the officer's record lets their login open and edit the report."
        }

    def __init__(self, *args: Any, council: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(  # type: ignore[attr-defined]
            council=council, kind=PersonKind.OFFICER
        ).order_by("last_name", "first_name")
        self.fields["name"].required = False
        for name in ("name", "job_title", "phone"):
            self.fields[name].validators.append(validate_name)
        _plain_errors(self)
        self._style()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        person = cleaned.get("person")
        if not (cleaned.get("name") or "").strip():
            if person is not None:
                cleaned["name"] = str(person)[:200]
            elif not self.has_error("name") and not self.has_error("person"):
                self.add_error("name", "Enter the author's name, or choose the officer.")
        return cleaned
