"""Officer set-up pages for wards, political groups and people (list, add, edit)."""

from __future__ import annotations

from minutebook.backoffice import setup, setup_delete
from minutebook.people.forms import GroupForm, PersonForm, SurgeryForm, TermForm, WardForm
from minutebook.people.models import LegislativeTerm, Person, PoliticalGroup, Surgery, Ward

WARDS = setup.Kind(
    noun="ward",
    title="Wards",
    form=WardForm,
    list_route="backoffice:setup_wards",
    new_route="backoffice:setup_ward_new",
    edit_route="backoffice:setup_ward",
    delete_route="backoffice:setup_ward_delete",
    instead="A ward that councillors, reports or postcodes refer to stays: change their ward "
    "first, or keep it (renamed if its boundaries changed).",
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
    delete_route="backoffice:setup_group_delete",
    instead="A group with members stays: move its members to their new group (or mark them "
    "independent) first, then delete it.",
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
    delete_route="backoffice:setup_person_delete",
    instead="Someone who sat on a committee, wrote a report or is in any other record stays "
    "in it: untick \u201cActive\u201d on their page instead, and end their memberships.",
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
SURGERIES = setup.Kind(
    noun="surgery",
    title="Surgeries",
    form=SurgeryForm,
    list_route="backoffice:setup_surgeries",
    new_route="backoffice:setup_surgery_new",
    edit_route="backoffice:setup_surgery",
    columns=["Councillor", "Where", "When"],
    cells=lambda s: [s.person.display_name, s.where, s.when],
    rows=lambda council: council.surgeries.select_related("person").order_by(
        "person__last_name", "person__first_name", "pk"
    ),
    intro="Councillors' advice surgeries, shown on their public pages.",
    name_of=lambda s: f"surgery of {s.person.display_name}",
)


wards, ward_new, ward = setup.record_views(WARDS, Ward)
groups, group_new, group = setup.record_views(GROUPS, PoliticalGroup)
people, person_new, person = setup.record_views(PEOPLE, Person)
ward_delete = setup_delete.delete_view(WARDS, Ward)
group_delete = setup_delete.delete_view(GROUPS, PoliticalGroup)
person_delete = setup_delete.delete_view(PEOPLE, Person)
terms, term_new, term = setup.record_views(TERMS, LegislativeTerm)
surgeries, surgery_new, surgery = setup.record_views(SURGERIES, Surgery)
