"""Officer set-up page for the council's clearance rules: which signatory must clear
which reports (``ClearanceRule``), at /officer/setup/<council>/clearance/.

A council with no rules uses ``reports.services.DEFAULT_CLEARANCE_RULES`` (finance and
legal every report, the monitoring officer exempt ones); the page starts from those, and
saving at least one rule replaces them. The rules apply at once, to reports waiting for
clearance too (``services.required_roles`` reads them each time).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from minutebook.audit.context import acting
from minutebook.backoffice import setup
from minutebook.backoffice.access import officer_required
from minutebook.core.forms import GovukFormMixin
from minutebook.reports.models import ClearanceRule, ClearanceScope
from minutebook.reports.services import council_rules, describe_rules

ROLES = ClearanceRule._meta.get_field("role").choices or []


class ClearanceRulesForm(GovukFormMixin, forms.Form):
    """A row of boxes per signatory: the reports that role must clear."""

    def __init__(self, *args: Any, council: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.using_defaults = not ClearanceRule.objects.filter(council=council).exists()
        #: What applies now: the council's own rules, else ``DEFAULT_CLEARANCE_RULES``.
        self.current_rules = rules = council_rules(council.pk)
        for role, label in ROLES:
            self.fields[role] = forms.MultipleChoiceField(
                label=f"The {str(label).lower()} clears",
                choices=ClearanceScope.choices,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                initial=[scope for r, scope in rules if r == role],
            )
        self._style()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not any(data.get(role) for role, _ in ROLES):
            raise forms.ValidationError(
                "Choose at least one signatory and the reports they clear: every report "
                "needs someone's clearance before it goes on a published agenda."
            )
        return data

    def rules(self) -> list[tuple[str, str]]:
        return [(role, scope) for role, _ in ROLES for scope in self.cleaned_data.get(role, [])]


@officer_required
def clearance_rules(request: HttpRequest, council: str) -> HttpResponse:
    obj = setup.council_of(council)
    form = ClearanceRulesForm(setup.bound(request), council=obj)

    def save(form: ClearanceRulesForm) -> Any:
        with acting(request.user, reason="Clearance rules changed at set-up"):
            wanted = set(form.rules())
            for rule in ClearanceRule.objects.filter(council=obj):
                if (rule.role, rule.scope) not in wanted:
                    rule.delete()
                else:
                    wanted.discard((rule.role, rule.scope))
            for role, scope in sorted(wanted):
                ClearanceRule.objects.create(council=obj, role=role, scope=scope)
        return obj

    done = reverse("backoffice:setup_council", args=[obj.slug])
    return setup.form_page(
        request,
        form,
        title="Clearance of reports",
        caption=obj.name,
        trail=[],
        council=obj,
        done=lambda saved: done,
        message="The clearance rules are saved.",
        cancel=done,
        save=save,
        template="clearance",
        extra={
            "intro_text": (
                "Who must clear a report before it goes on a published agenda. "
                + (
                    f"These are the defaults ({describe_rules(form.current_rules)}): "
                    "saving makes them the council's own."
                    if form.using_defaults
                    else f"The council's rules: {describe_rules(form.current_rules)}. "
                    "They apply at once, also to reports waiting for clearance."
                )
            )
        },
    )
