"""Officer forms for decisions (reg 12 record), publication, call-in and its outcome."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from minutebook.committees.models import Committee, CommitteeKind
from minutebook.councils.models import Council
from minutebook.decisions import rules
from minutebook.decisions.correction import TEXT_FIELDS
from minutebook.decisions.models import (
    CallInOutcome,
    Consideration,
    ConsiderationOutcome,
    Decision,
)
from minutebook.decisions.referrals import OPEN_STATES
from minutebook.forwardplan.forms import (
    DateInput,
    DateTimeInput,
    GovukFormMixin,
    ParagraphsField,
    councillors,
)
from minutebook.forwardplan.models import ForwardPlanEntry
from minutebook.meetings.models import AgendaItem, Meeting
from minutebook.people.models import Person


class DecisionForm(GovukFormMixin, forms.ModelForm):
    exempt_paragraphs = ParagraphsField(label="Exempt paragraphs (LGA 1972 Schedule 12A)")
    confirm_release = forms.BooleanField(
        required=False,
        label="I confirm the exempt information in this decision may now be published",
        help_text="Needed only when you remove every exempt paragraph from an exempt decision.",
    )

    class Meta:
        model = Decision
        fields = [
            "title",
            "decision_maker",
            "decision_maker_person",
            "decision_maker_text",
            "meeting",
            "date",
            "decision",
            "reasons",
            "alternatives_rejected",
            "declarations_noted",
            "dispensations",
            "key_decision",
            "forward_plan_entry",
            "is_urgent",
            "urgency_reason",
            "exempt_paragraphs",
            "public_interest_reason",
        ]
        labels = {
            "decision_maker_person": "Decision maker (an individual)",
            "decision_maker_text": "Decision maker as printed",
            "date": "Date of the decision",
            "reasons": "Reasons",
            "alternatives_rejected": "Alternative options considered and rejected",
            "declarations_noted": "Conflicts of interest declared",
            "dispensations": "Dispensations granted",
            "is_urgent": "Urgent: exempt from call-in",
            "urgency_reason": "Reason for the urgency",
        }
        widgets = {"date": DateInput}

    def __init__(self, *args: Any, council: Council, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.council = council
        self.fields["decision_maker"].queryset = Committee.objects.filter(council=council)
        self.fields["decision_maker_person"].queryset = Person.objects.filter(council=council)
        self.fields["meeting"].queryset = (
            Meeting.objects.filter(committee__council=council)
            .select_related("committee")
            .order_by("-start")
        )
        self.fields["forward_plan_entry"].queryset = ForwardPlanEntry.objects.filter(
            council=council, key_decision=True
        )
        self.fields["forward_plan_entry"].help_text = (
            "Required for a key decision: its notice decides whether the decision may be "
            "taken (SI 2012/2089 regs 9 to 11)."
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not (
            data.get("decision_maker")
            or data.get("decision_maker_person")
            or data.get("decision_maker_text")
        ):
            self.add_error("decision_maker", "Say who took the decision.")
        meeting = data.get("meeting")
        maker = data.get("decision_maker")
        if meeting and maker and meeting.committee_id != maker.pk:
            self.add_error("meeting", f"That is not a meeting of {maker}.")
        day = data.get("date")
        if day and (
            error := rules.in_the_future(day, timezone.localdate(), "date of the decision")
        ):
            self.add_error("date", error)
        return data


class PublishForm(GovukFormMixin, forms.Form):
    published_at = forms.DateTimeField(
        required=False,
        widget=DateTimeInput,
        label="Published at",
        help_text="Leave blank for now. The call-in period runs from the day of publication.",
    )

    def clean_published_at(self) -> Any:
        value = self.cleaned_data.get("published_at")
        return value or timezone.now()


class CallInForm(GovukFormMixin, forms.Form):
    signatories = forms.ModelMultipleChoiceField(
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label="Councillors who signed",
    )
    grounds = forms.CharField(widget=forms.Textarea, label="Grounds for the call-in")
    received_at = forms.DateTimeField(
        required=False,
        widget=DateTimeInput,
        label="Received at",
        help_text="Leave blank for now.",
    )

    def __init__(self, *args: Any, decision: Decision, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        council = decision.council
        self.fields["signatories"].queryset = councillors(council)
        self.fields[
            "signatories"
        ].help_text = (
            f"At least {council.call_in_signatories} councillors (the council's scrutiny rules)."
        )

    def clean_received_at(self) -> Any:
        value = self.cleaned_data.get("received_at")
        if value and value > timezone.now():
            raise forms.ValidationError("A call-in cannot be received in the future.")
        return value or timezone.now()


class OutcomeForm(GovukFormMixin, forms.Form):
    outcome = forms.ChoiceField(
        choices=[c for c in CallInOutcome.choices if c[0]],
        widget=forms.RadioSelect,
        label="Outcome",
    )
    outcome_on = forms.DateField(widget=DateInput, label="Date of the outcome")
    outcome_notes = forms.CharField(
        widget=forms.Textarea, required=False, label="The scrutiny committee's reasons"
    )
    meeting = forms.ModelChoiceField(
        queryset=Meeting.objects.none(), required=False, label="Scrutiny meeting"
    )

    def __init__(self, *args: Any, decision: Decision, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = (
            Meeting.objects.filter(
                committee__council=decision.council,
                committee__kind=CommitteeKind.OVERVIEW_SCRUTINY,
            )
            .select_related("committee")
            .order_by("-start")
        )

    def clean_outcome_on(self) -> Any:
        day = self.cleaned_data.get("outcome_on")
        if day and (error := rules.in_the_future(day, timezone.localdate(), "date of the outcome")):
            raise forms.ValidationError(error)
        return day


def _council_meetings(council: Council) -> Any:
    return (
        Meeting.objects.filter(committee__council=council)
        .select_related("committee")
        .order_by("-start")
    )


class MatterForm(GovukFormMixin, forms.Form):
    """Open a matter at its first body (a referral's start)."""

    title = forms.CharField(max_length=500, label="Matter")
    committee = forms.ModelChoiceField(queryset=Committee.objects.none(), label="First body")
    meeting = forms.ModelChoiceField(
        queryset=Meeting.objects.none(), required=False, label="Meeting (if known)"
    )
    recommendation = forms.CharField(
        widget=forms.Textarea, label="What the body is asked to consider"
    )

    def __init__(self, *args: Any, council: Council, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = Committee.objects.filter(
            council=council, is_active=True
        )
        self.fields["meeting"].queryset = _council_meetings(council)


class ConsiderationForm(GovukFormMixin, forms.Form):
    """What a body resolved on a matter, and where it goes next."""

    meeting = forms.ModelChoiceField(queryset=Meeting.objects.none(), label="Meeting")
    outcome = forms.ChoiceField(
        choices=[c for c in ConsiderationOutcome.choices if c[0]],
        widget=forms.RadioSelect,
        label="Outcome",
    )
    resolution = forms.CharField(widget=forms.Textarea, label="Resolution")
    refer_to = forms.ModelChoiceField(
        queryset=Committee.objects.none(),
        required=False,
        label="Recommended to",
        help_text="For a recommendation: the body that will consider it next.",
    )
    next_meeting = forms.ModelChoiceField(
        queryset=Meeting.objects.none(),
        required=False,
        label="At its meeting",
        help_text="Leave empty for the body's next meeting: the matter goes on that agenda.",
    )
    agenda_item = forms.ModelChoiceField(
        queryset=AgendaItem.public_objects.none(),
        required=False,
        label="Agenda item it was considered under (optional)",
        help_text="The public page of that item then says where the matter was referred.",
    )

    def __init__(self, *args: Any, consideration: Consideration, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        council = consideration.matter.council
        self.fields["meeting"].queryset = _council_meetings(council).filter(
            committee=consideration.committee
        )
        if consideration.meeting_id:
            self.fields["meeting"].initial = consideration.meeting_id
        self.fields["refer_to"].queryset = Committee.objects.filter(
            council=council, is_active=True
        ).exclude(pk=consideration.committee_id)
        self.fields["next_meeting"].queryset = _council_meetings(council)
        self.fields["agenda_item"].queryset = (
            AgendaItem.public_objects.filter(
                meeting__committee=consideration.committee,
                meeting__start__gte=timezone.now() - dt.timedelta(days=400),
                parent__isnull=True,
            )
            .select_related("meeting__committee")
            .order_by("-meeting__start", "order")
        )
        self.fields["agenda_item"].label_from_instance = _item_label
        if consideration.agenda_item_id:
            self.fields["agenda_item"].initial = consideration.agenda_item_id


def _item_label(item: AgendaItem) -> str:
    return f"{item.meeting.date:%d %b %Y}: {item}"


class PlaceForm(GovukFormMixin, forms.Form):
    """Put a matter awaiting a body on one of that body's agendas."""

    meeting = forms.ModelChoiceField(
        queryset=Meeting.objects.none(),
        label="Meeting",
        empty_label="Choose a meeting",
        error_messages={
            "required": "Choose the meeting whose agenda the matter goes on.",
            "invalid_choice": "Choose one of this body's meetings still to come.",
        },
    )

    def __init__(self, *args: Any, consideration: Consideration, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = (
            Meeting.objects.filter(
                committee=consideration.committee,
                start__gte=timezone.now(),
                state__in=OPEN_STATES,
            )
            .select_related("committee")
            .order_by("start")
        )


class CorrectionForm(GovukFormMixin, forms.ModelForm):
    """The corrected text of an issued decision record and the reason.

    Never saved: ``decisions.correction.correct_decision`` writes the new version.
    """

    reason = forms.CharField(
        widget=forms.Textarea,
        label="Reason for the correction",
        help_text="Published with the corrected record.",
        error_messages={"required": "Give the reason for the correction: it is published with it."},
    )

    class Meta:
        model = Decision
        fields = list(TEXT_FIELDS)
        labels = DecisionForm.Meta.labels
