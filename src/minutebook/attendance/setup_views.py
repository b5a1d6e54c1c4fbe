"""Officer set-up page for the council's substitution and remote-attendance rules
(one row per council, made on the first save, never on a visit)."""

from __future__ import annotations

from typing import ClassVar

from django import forms
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from minutebook.attendance.models import AttendanceRules
from minutebook.backoffice import setup
from minutebook.backoffice.access import officer_required
from minutebook.core.forms import OwnedModelForm


class AttendanceRulesForm(OwnedModelForm):
    class Meta:
        model = AttendanceRules
        fields = [
            "substitutes_allowed",
            "substitute_same_group",
            "substitute_notice_minutes",
            "remote_attendance_counts",
        ]
        labels: ClassVar[dict[str, str]] = {
            "substitutes_allowed": "Substitute members are allowed",
            "substitute_same_group": "A substitute must be of the same political group",
            "substitute_notice_minutes": "Notice of a substitution (minutes before the start)",
            "remote_attendance_counts": "Remote attendees vote and count to the quorum",
        }

    def clean_substitute_notice_minutes(self) -> int | None:
        minutes = self.cleaned_data.get("substitute_notice_minutes")
        if minutes is not None and minutes > 60 * 24 * 14:
            raise forms.ValidationError("Enter a notice of at most two weeks (20160 minutes).")
        return minutes


@officer_required
def substitutes(request: HttpRequest, council: str) -> HttpResponse:
    obj = setup.council_of(council)
    rules = AttendanceRules.objects.filter(council=obj).first() or AttendanceRules(council=obj)
    return setup.form_page(
        request,
        AttendanceRulesForm(setup.bound(request), owner=obj, instance=rules),
        title="Substitutes and remote attendance",
        caption=obj.name,
        trail=[],
        council=obj,
        done=lambda saved: reverse("backoffice:setup_council", args=[obj.slug]),
        message="The substitution and attendance rules are saved.",
        cancel=reverse("backoffice:setup_council", args=[obj.slug]),
    )
