from django import forms

from minutebook.notifications.models import Delivery, NotificationPreference


class PreferenceForm(forms.ModelForm):
    delivery = forms.ChoiceField(
        choices=Delivery.choices,
        widget=forms.RadioSelect,
        label="How do you want to be e-mailed?",
        error_messages={"required": "Choose immediately or a daily digest."},
    )

    class Meta:
        model = NotificationPreference
        fields = ["delivery"]
