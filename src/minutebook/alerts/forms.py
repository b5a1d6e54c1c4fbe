from __future__ import annotations

from typing import Any

from django import forms

from minutebook.alerts.models import AlertKind
from minutebook.committees.models import Committee
from minutebook.councils.models import Council
from minutebook.people.models import Ward


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )
    kind = forms.ChoiceField(
        label="What do you want alerts about?",
        choices=AlertKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what you want alerts about"},
    )
    committee = forms.ModelChoiceField(
        label="Committee", queryset=Committee.objects.none(), required=False
    )
    ward = forms.ModelChoiceField(label="Ward", queryset=Ward.objects.none(), required=False)
    query = forms.CharField(label="Search words", max_length=200, required=False)

    def __init__(self, *args: Any, council: Council, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = Committee.objects.filter(
            council=council, is_active=True
        ).order_by("name")
        self.fields["ward"].queryset = Ward.objects.filter(council=council).order_by("name")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind = data.get("kind")
        if kind == AlertKind.COMMITTEE and not data.get("committee"):
            self.add_error("committee", "Select a committee")
        elif kind == AlertKind.WARD and not data.get("ward"):
            self.add_error("ward", "Select a ward")
        elif kind == AlertKind.SEARCH and not (data.get("query") or "").strip():
            self.add_error("query", "Enter the words to search for")
        return data
