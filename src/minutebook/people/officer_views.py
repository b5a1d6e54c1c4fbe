"""Officer set-up pages for wards, political groups and people (list, add, edit)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from minutebook.backoffice import setup
from minutebook.backoffice.access import officer_required
from minutebook.people.forms import GroupForm, PersonForm, TermForm, WardForm
from minutebook.people.models import LegislativeTerm, Person, PoliticalGroup, Ward

WARDS = setup.Kind(
    noun="ward",
    title="Wards",
    form=WardForm,
    list_route="backoffice:setup_wards",
    new_route="backoffice:setup_ward_new",
    edit_route="backoffice:setup_ward",
    columns=["Ward", "Seats", "GSS code"],
    cells=lambda w: [w.name, w.seats, w.gss_code],
    rows=lambda council: council.wards.order_by("name"),
)
GROUPS = setup.Kind(
    noun="political group",
    title="Political groups",
    form=GroupForm,
    list_route="backoffice:setup_groups",
    new_route="backoffice:setup_group_new",
    edit_route="backoffice:setup_group",
    columns=["Group", "Short name", "Independent"],
    cells=lambda g: [g.name, g.short_name, "Yes" if g.is_independent else "No"],
    rows=lambda council: council.political_groups.order_by("name"),
)
PEOPLE = setup.Kind(
    noun="person",
    title="People",
    form=PersonForm,
    list_route="backoffice:setup_people",
    new_route="backoffice:setup_person_new",
    edit_route="backoffice:setup_person",
    columns=["Name", "Kind", "Group", "Ward", "Active"],
    cells=lambda p: [
        p.display_name,
        p.get_kind_display(),
        p.political_group,
        p.ward,
        "Yes" if p.is_active else "No",
    ],
    rows=lambda council: council.people.select_related("political_group", "ward").order_by(
        "-is_active", "last_name", "first_name"
    ),
    name_of=lambda p: p.display_name,
)
TERMS = setup.Kind(
    noun="council term",
    title="Council terms",
    form=TermForm,
    list_route="backoffice:setup_terms",
    new_route="backoffice:setup_term_new",
    edit_route="backoffice:setup_term",
    columns=["Term", "From", "To"],
    cells=lambda t: [t.name, f"{t.start_date:%d %B %Y}", t.end_date and f"{t.end_date:%d %B %Y}"],
    rows=lambda council: council.legislative_terms.order_by("-start_date"),
)


@officer_required
def wards(request: HttpRequest, council: str) -> HttpResponse:
    return setup.list_records(request, WARDS, council)


@officer_required
def ward_new(request: HttpRequest, council: str) -> HttpResponse:
    return setup.create_record(request, WARDS, council)


@officer_required
def ward(request: HttpRequest, pk: int) -> HttpResponse:
    return setup.edit_record(request, WARDS, get_object_or_404(Ward, pk=pk))


@officer_required
def groups(request: HttpRequest, council: str) -> HttpResponse:
    return setup.list_records(request, GROUPS, council)


@officer_required
def group_new(request: HttpRequest, council: str) -> HttpResponse:
    return setup.create_record(request, GROUPS, council)


@officer_required
def group(request: HttpRequest, pk: int) -> HttpResponse:
    return setup.edit_record(request, GROUPS, get_object_or_404(PoliticalGroup, pk=pk))


@officer_required
def people(request: HttpRequest, council: str) -> HttpResponse:
    return setup.list_records(request, PEOPLE, council)


@officer_required
def person_new(request: HttpRequest, council: str) -> HttpResponse:
    return setup.create_record(request, PEOPLE, council)


@officer_required
def person(request: HttpRequest, pk: int) -> HttpResponse:
    return setup.edit_record(request, PEOPLE, get_object_or_404(Person, pk=pk))


@officer_required
def terms(request: HttpRequest, council: str) -> HttpResponse:
    return setup.list_records(request, TERMS, council)


@officer_required
def term_new(request: HttpRequest, council: str) -> HttpResponse:
    return setup.create_record(request, TERMS, council)


@officer_required
def term(request: HttpRequest, pk: int) -> HttpResponse:
    return setup.edit_record(request, TERMS, get_object_or_404(LegislativeTerm, pk=pk))
