from __future__ import annotations

from django import forms

from minutebook.members.models import MemberNote, RegisterEntry


class NoteForm(forms.ModelForm):
    class Meta:
        model = MemberNote
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 8, "class": "govuk-textarea"})}
        labels = {"text": "Your private note (only you can see it)"}


class RegisterEntryForm(forms.ModelForm):
    class Meta:
        model = RegisterEntry
        fields = ["category", "description", "spouse_or_partner", "start_date", "end_date"]
        widgets = {
            "category": forms.Select(attrs={"class": "govuk-select"}),
            "description": forms.Textarea(attrs={"rows": 3, "class": "govuk-textarea"}),
            "start_date": forms.DateInput(attrs={"type": "date", "class": "govuk-input"}),
            "end_date": forms.DateInput(attrs={"type": "date", "class": "govuk-input"}),
        }

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "The end date is before the start date.")
        return data
