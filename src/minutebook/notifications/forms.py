from django import forms

from minutebook.notifications.models import Delivery, NotificationKind, NotificationPreference


class PreferenceForm(forms.ModelForm):
    delivery = forms.ChoiceField(
        choices=Delivery.choices,
        widget=forms.RadioSelect,
        label="How do you want to be e-mailed?",
        error_messages={"required": "Choose immediately or a daily digest."},
    )

    muted_kinds = forms.MultipleChoiceField(
        choices=NotificationKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Which notifications do you not want?",
        help_text="Tick any you do not need: they are then neither shown nor e-mailed to you. "
        "Leave all unticked to hear about everything.",
        error_messages={"invalid_choice": "Choose from the notifications listed."},
    )

    class Meta:
        model = NotificationPreference
        fields = ["delivery", "muted_kinds"]
