"""Officer forms for plans: a new plan, an item, a status update, links, a progress report,
reading a plan from a document and accepting the draft."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile

from minutebook.committees.models import Committee
from minutebook.councils.models import Council
from minutebook.decisions.models import Decision, MinuteItem
from minutebook.documents.models import Document
from minutebook.documents.uploads import check_upload
from minutebook.meetings.forms import GovukFormMixin
from minutebook.meetings.models import Meeting, MeetingState
from minutebook.people.models import Person
from minutebook.plans import rules
from minutebook.plans.models import (
    Finding,
    ItemLevel,
    Plan,
    PlanEvidence,
    PlanItem,
    PlanKind,
    Recurrence,
    StatusOption,
)
from minutebook.plans.services import VOCABULARIES


def _date(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": f"Enter the {label.lower()} as a date."},
    )


class _Styled(GovukFormMixin, forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()


class PlanForm(_Styled):
    title = forms.CharField(max_length=300)
    kind = forms.ChoiceField(choices=PlanKind.choices)
    vocabulary = forms.ChoiceField(
        choices=[
            (name, " / ".join(label for label, _, _ in options))
            for name, options in VOCABULARIES.items()
        ],
        label="Status words",
    )
    committee = forms.ModelChoiceField(
        queryset=Committee.objects.none(), required=False, label="Reported to"
    )

    def __init__(self, *args: Any, council: Council, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = Committee.objects.filter(council=council)


class ItemForm(_Styled):
    level = forms.ChoiceField(choices=ItemLevel.choices)
    parent = forms.ModelChoiceField(queryset=PlanItem.objects.none(), required=False)
    reference = forms.CharField(max_length=20, required=False)
    title = forms.CharField(widget=forms.Textarea)
    owner = forms.ModelChoiceField(queryset=Person.objects.none(), required=False, label="Lead")
    owner_text = forms.CharField(
        max_length=500, required=False, label="Lead (a role, if not listed)"
    )
    start_date = _date("Start date")
    end_date = _date("End date")
    is_ongoing = forms.BooleanField(required=False, label="Ongoing (never overdue)")
    recurrence = forms.ChoiceField(choices=Recurrence.choices, required=False)
    measures_of_success = forms.CharField(widget=forms.Textarea, required=False)
    evidence_types = forms.CharField(widget=forms.Textarea, required=False)
    likelihood = forms.IntegerField(min_value=1, max_value=5, required=False)
    impact = forms.IntegerField(min_value=1, max_value=5, required=False)
    residual_likelihood = forms.IntegerField(min_value=1, max_value=5, required=False)
    residual_impact = forms.IntegerField(min_value=1, max_value=5, required=False)

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = PlanItem.objects.filter(plan=plan).exclude(
            level=ItemLevel.MILESTONE
        )
        self.fields["owner"].queryset = Person.objects.filter(council=plan.council, is_active=True)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if error := rules.dates_out_of_order(data.get("start_date"), data.get("end_date")):
            self.add_error("end_date", error)
        return data


class StatusForm(_Styled):
    status = forms.ModelChoiceField(queryset=StatusOption.objects.none(), required=False)
    note = forms.CharField(widget=forms.Textarea, required=False, label="Progress note")

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].queryset = plan.status_options.all()


class FindingForm(_Styled):
    reference = forms.CharField(max_length=20, required=False)
    text = forms.CharField(widget=forms.Textarea, label="What the inspectors found")
    source = forms.CharField(max_length=200, required=False, label="Inspection")


class LinksForm(_Styled):
    findings = forms.ModelMultipleChoiceField(
        queryset=Finding.objects.none(), required=False, label="Inspection findings answered"
    )
    decisions = forms.ModelMultipleChoiceField(
        queryset=Decision.officer_objects.none(), required=False
    )
    minute_items = forms.ModelMultipleChoiceField(
        queryset=MinuteItem.officer_objects.none(), required=False, label="Minutes"
    )
    meetings = forms.ModelMultipleChoiceField(queryset=Meeting.objects.none(), required=False)

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        council = plan.council
        self.fields["findings"].queryset = plan.findings.all()
        self.fields["decisions"].queryset = Decision.officer_objects.filter(council=council)
        self.fields["minute_items"].queryset = MinuteItem.officer_objects.filter(
            meeting__committee__council=council
        )
        self.fields["meetings"].queryset = Meeting.objects.filter(committee__council=council)


class ProgressForm(_Styled):
    meeting = forms.ModelChoiceField(queryset=Meeting.objects.none())

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        meetings = Meeting.objects.filter(
            committee__council=plan.council, is_imported=False, state=MeetingState.SCHEDULED
        )
        if plan.committee_id:
            meetings = meetings.filter(committee_id=plan.committee_id)
        self.fields["meeting"].queryset = meetings.order_by("start")


class ReadDocumentForm(_Styled):
    document = forms.ModelChoiceField(queryset=Document.officer_objects.none())

    def __init__(self, *args: Any, council: Council, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = (
            Document.officer_objects.filter(council=council)
            .exclude(extracted_text="")
            .order_by("-created")
        )


class AcceptForm(_Styled):
    title = forms.CharField(max_length=300)
    kind = forms.ChoiceField(choices=PlanKind.choices)
    committee = forms.ModelChoiceField(
        queryset=Committee.objects.none(), required=False, label="Reported to"
    )

    def __init__(self, *args: Any, council: Council, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = Committee.objects.filter(council=council)


class EvidenceForm(_Styled):
    """An evidence file for a plan item; the file passes the council's upload gate."""

    file = forms.FileField(
        label="File",
        help_text="A PDF, Word, Excel, PowerPoint, OpenDocument, CSV, text or image file.",
        error_messages={
            "required": "Choose the evidence file.",
            "empty": "The file you chose is empty.",
        },
    )
    title = forms.CharField(
        max_length=300, error_messages={"required": "Enter a title for the evidence."}
    )
    description = forms.CharField(widget=forms.Textarea, required=False)
    publish = forms.BooleanField(
        required=False,
        label="Publish on the public plan page",
        help_text="Leave unticked for anything not for publication. A ticked file is public "
        "only while the plan is published.",
    )

    def __init__(self, *args: Any, council: Council, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.council = council
        self.fields["file"].widget.attrs["class"] = "govuk-file-upload"

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):
            check_upload(upload, upload.name or "", self.council.max_upload_mb)
        return upload


class RemoveEvidenceForm(_Styled):
    evidence = forms.ModelChoiceField(
        queryset=PlanEvidence.objects.none(),
        label="File to remove",
        help_text="It leaves the item and the public site; the list above keeps it as history.",
        error_messages={
            "required": "Choose the evidence file to remove.",
            "invalid_choice": "That file is not evidence for this item.",
        },
    )

    def __init__(self, *args: Any, item: PlanItem, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["evidence"].queryset = item.evidence_files.filter(removed_at__isnull=True)
