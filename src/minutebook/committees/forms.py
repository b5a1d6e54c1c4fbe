"""Officer set-up forms for committees, their members, standing items and portfolios."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.urls import Resolver404, resolve

from minutebook.committees.models import (
    Committee,
    Membership,
    NamedSubstitute,
    Portfolio,
    PortfolioHolder,
    StandingItemKind,
)
from minutebook.core.forms import (
    GovukFormMixin,
    OwnedModelForm,
    check_date_order,
    date_field,
    plain_english,
    slug_field,
)
from minutebook.core.inputs import validate_name, validate_text
from minutebook.people.models import Person, PersonKind


class CommitteeForm(OwnedModelForm):
    unique_within = (
        ("name", "There is already a committee called {value}."),
        ("slug", "Another committee already uses the web address name {value}."),
    )
    slug_from = "name"

    slug = slug_field(80)

    class Meta:
        model = Committee
        fields = ["name", "slug", "short_name", "kind", "parent", "description", "quorum"]
        fields += ["is_active"]
        labels: ClassVar[dict[str, str]] = {
            "kind": "Kind of body",
            "parent": "Part of (for a sub-committee or panel)",
            "is_active": "Active (untick for a body that no longer meets)",
        }

    def __init__(self, *args: Any, owner: Any, **kwargs: Any) -> None:
        super().__init__(*args, owner=owner, **kwargs)
        parents = Committee.objects.filter(council=owner)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents  # type: ignore[attr-defined]
        self.fields["parent"].empty_label = "Not part of another body"  # type: ignore[attr-defined]

    def clean_quorum(self) -> Any:
        quorum = self.cleaned_data.get("quorum")
        if quorum is not None and quorum < 1:
            raise forms.ValidationError("Enter a quorum of at least 1, or leave it blank.")
        return quorum

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        slug = data.get("slug")
        if slug and "slug" not in self.errors:
            # A fixed public page (/council/decisions/ ...) is matched before a committee.
            try:
                match = resolve(f"/{self.owner.slug}/{slug}/")
            except Resolver404:
                match = None
            if match is not None and match.view_name != "publishing:committee":
                self.add_error(
                    "slug", f"{slug} is the address of another public page: choose another."
                )
        parent = data.get("parent")
        if parent is not None and self.instance.pk and self._below(parent):
            self.add_error(
                "parent", f"{parent} is part of this committee, so it cannot be its parent."
            )
        return data

    def _below(self, parent: Committee) -> bool:
        """Whether ``parent`` sits under this committee (a loop of parents)."""
        seen: set[int] = set()
        node: Committee | None = parent
        while node is not None and node.pk not in seen:
            if node.pk == self.instance.pk:
                return True
            seen.add(node.pk)
            node = node.parent
        return False


class StandingItemForm(GovukFormMixin, forms.Form):
    """One standing item of the committee's agendas."""

    kind = forms.ChoiceField(
        label="Kind", choices=[("", "Choose a kind"), *StandingItemKind.choices]
    )
    title = forms.CharField(label="Title", max_length=200, validators=[validate_name])
    description = forms.CharField(
        label="Description (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea,
        validators=[validate_text],
    )
    position = forms.ChoiceField(
        label="Where on the agenda",
        choices=[("", "Choose"), ("start", "Before the business"), ("end", "After the business")],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        plain_english(self.fields)
        self._style()

    def as_entry(self) -> dict[str, str]:
        data = self.cleaned_data
        entry = {"kind": data["kind"], "title": data["title"], "position": data["position"]}
        if data.get("description"):
            entry["description"] = data["description"]
        return entry


class BaseStandingItems(forms.BaseFormSet):  # type: ignore[type-arg]
    """The rows of the template; an untouched empty row is ignored."""

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        order = form.fields["ORDER"]
        order.label = "Order"
        order.help_text = "Items are listed in this order."
        order.error_messages["invalid"] = "Enter the order as a whole number."
        form.fields["DELETE"].label = "Remove this item"
        form._style()  # type: ignore[attr-defined]

    def entries(self) -> list[dict[str, str]]:
        """The items kept, in their order (the unordered new ones last)."""
        return [form.as_entry() for form in self.ordered_forms]


StandingItemFormSet = forms.formset_factory(
    StandingItemForm,
    formset=BaseStandingItems,
    extra=2,
    can_order=True,
    can_delete=True,
    max_num=40,
    validate_max=True,
)


def standing_items_formset(committee: Committee, data: Any = None) -> Any:
    initial = [
        {
            "kind": item.get("kind"),
            "title": item.get("title"),
            "description": item.get("description", ""),
            "position": item.get("position", "start"),
            "ORDER": number,
        }
        for number, item in enumerate(committee.standing_items or [], start=1)
    ]
    formset = StandingItemFormSet(data, initial=initial, prefix="items")
    return formset


class MembershipForm(OwnedModelForm):
    """A seat on the committee: who, in what role, with or without a vote, and when."""

    owner_field = "committee"

    start_date = date_field("Start date", hint="Blank if the seat has been held from the start.")
    end_date = date_field("End date", hint="Blank while the seat is held.")

    class Meta:
        model = Membership
        fields = ["person", "role", "voting_right", "start_date", "end_date"]
        labels: ClassVar[dict[str, str]] = {"voting_right": "Has a vote"}

    def __init__(self, *args: Any, owner: Any, **kwargs: Any) -> None:
        super().__init__(*args, owner=owner, **kwargs)
        people = Person.objects.filter(
            council=owner.council,
            is_active=True,
            kind__in=[PersonKind.COUNCILLOR, PersonKind.CO_OPTED],
        )
        if self.instance.pk:
            people = people | Person.objects.filter(pk=self.instance.person_id)
        person = self.fields["person"]
        person.queryset = people.order_by("last_name", "first_name")  # type: ignore[attr-defined]
        person.empty_label = "Choose a person"  # type: ignore[attr-defined]
        person.label_from_instance = lambda p: (  # type: ignore[attr-defined]
            f"{p.display_name} ({p.get_kind_display().lower()})"
        )
        person.error_messages["required"] = "Choose the person who holds the seat."

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        check_date_order(self)
        return data


class NamedSubstituteForm(OwnedModelForm):
    """A councillor named to substitute for the committee's members, and for when."""

    owner_field = "committee"

    start = date_field(
        "Start date", hint="Usually the annual meeting that named them. Blank: from the start."
    )
    end = date_field(
        "End date", hint="Usually the end of the municipal year. Blank: until further notice."
    )

    class Meta:
        model = NamedSubstitute
        fields = ["person", "start", "end"]
        labels: ClassVar[dict[str, str]] = {"person": "Councillor"}

    def __init__(self, *args: Any, owner: Any, **kwargs: Any) -> None:
        super().__init__(*args, owner=owner, **kwargs)
        people = Person.objects.filter(
            council=owner.council, kind=PersonKind.COUNCILLOR, is_active=True
        )
        if self.instance.pk:
            people = people | Person.objects.filter(pk=self.instance.person_id)
        person = self.fields["person"]
        person.queryset = people.order_by("last_name", "first_name")  # type: ignore[attr-defined]
        person.empty_label = "Choose a councillor"  # type: ignore[attr-defined]
        person.label_from_instance = lambda p: p.display_name  # type: ignore[attr-defined]
        person.error_messages["required"] = "Choose the councillor named as a substitute."

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        check_date_order(self, "start", "end")
        return data


class PortfolioForm(OwnedModelForm):
    unique_within = (
        ("title", "There is already a portfolio called {value}."),
        ("slug", "Another portfolio already uses the web address name {value}."),
    )
    slug_from = "title"

    slug = slug_field(80, source="title")

    class Meta:
        model = Portfolio
        fields = ["title", "slug", "description", "is_active"]
        labels: ClassVar[dict[str, str]] = {"is_active": "Active"}


class PortfolioHolderForm(OwnedModelForm):
    """Who holds the portfolio (or supports it as lead member), and when."""

    owner_field = "portfolio"

    start_date = date_field("Start date")
    end_date = date_field("End date", hint="Blank while it is held.")

    class Meta:
        model = PortfolioHolder
        fields = ["person", "role", "start_date", "end_date"]

    def __init__(self, *args: Any, owner: Any, **kwargs: Any) -> None:
        super().__init__(*args, owner=owner, **kwargs)
        people = Person.objects.filter(council=owner.council, kind=PersonKind.COUNCILLOR)
        person = self.fields["person"]
        person.queryset = people.order_by("last_name", "first_name")  # type: ignore[attr-defined]
        person.empty_label = "Choose a councillor"  # type: ignore[attr-defined]
        person.error_messages["required"] = "Choose the councillor."

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        check_date_order(self)
        person, start, end = data.get("person"), data.get("start_date"), data.get("end_date")
        if person is None or "end_date" in self.errors:
            return data
        held = PortfolioHolder.objects.filter(portfolio=self.owner, person=person)
        if self.instance.pk:
            held = held.exclude(pk=self.instance.pk)
        if end is not None:
            held = held.exclude(start_date__gt=end)
        if start is not None:
            held = held.exclude(end_date__lt=start)
        if held.exists():
            self.add_error(
                "person", f"{person} already holds this portfolio for some of those dates."
            )
        return data
