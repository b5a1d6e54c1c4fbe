"""Officer set-up pages for committees (with their members and the standing items of
their agendas) and cabinet portfolios (with their holders)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from minutebook.backoffice import setup, setup_delete
from minutebook.backoffice.access import officer_required
from minutebook.committees.forms import (
    CommitteeForm,
    MembershipForm,
    NamedSubstituteForm,
    PortfolioForm,
    PortfolioHolderForm,
    standing_items_formset,
)
from minutebook.committees.models import (
    Committee,
    Membership,
    NamedSubstitute,
    Portfolio,
    PortfolioHolder,
)

COMMITTEES = setup.Kind(
    noun="committee",
    title="Committees",
    form=CommitteeForm,
    list_route="backoffice:setup_committees",
    new_route="backoffice:setup_committee_new",
    edit_route="backoffice:setup_committee",
    delete_route="backoffice:setup_committee_delete",
    instead="A committee that has met, or that papers, decisions or plans refer to, stays in "
    "the record: untick \u201cActive\u201d on its page for a body that no longer meets.",
    # Before it ever meets, its seats only describe it: they go with it.
    deletes_with=("memberships", "namedsubstitute_set"),
    columns=["Committee", "Kind", "Quorum", "Active"],
    cells=lambda c: [c.name, c.get_kind_display(), c.quorum, "Yes" if c.is_active else "No"],
    rows=lambda council: council.committees.order_by("-is_active", "name"),
    intro="Open a committee to change its members and the standing items of its agendas.",
)
PORTFOLIOS = setup.Kind(
    noun="portfolio",
    title="Portfolios",
    form=PortfolioForm,
    list_route="backoffice:setup_portfolios",
    new_route="backoffice:setup_portfolio_new",
    edit_route="backoffice:setup_portfolio",
    columns=["Portfolio", "Active"],
    cells=lambda p: [p.title, "Yes" if p.is_active else "No"],
    rows=lambda council: council.portfolios.order_by("-is_active", "title"),
    intro="Open a portfolio to say who holds it.",
)


def _committee(pk: int) -> Committee:
    return get_object_or_404(Committee.objects.select_related("council"), pk=pk)


def _committee_trail(committee: Committee) -> list[tuple[str, str]]:
    council = committee.council
    return [
        ("Committees", reverse("backoffice:setup_committees", args=[council.slug])),
        (committee.name, reverse("backoffice:setup_committee", args=[committee.pk])),
    ]


@officer_required
def committees(request: HttpRequest, council: str) -> HttpResponse:
    return setup.list_records(request, COMMITTEES, council)


@officer_required
def committee_new(request: HttpRequest, council: str) -> HttpResponse:
    return setup.create_record(request, COMMITTEES, council)


@officer_required
def committee(request: HttpRequest, pk: int) -> HttpResponse:
    obj = _committee(pk)
    return setup.edit_record(
        request,
        COMMITTEES,
        obj,
        extra={
            "links": [
                ("Members", reverse("backoffice:setup_memberships", args=[obj.pk])),
                ("Standing items", reverse("backoffice:setup_standing_items", args=[obj.pk])),
                (
                    "Named substitutes",
                    reverse("backoffice:setup_named_substitutes", args=[obj.pk]),
                ),
            ]
        },
    )


committee_delete = setup_delete.delete_view(COMMITTEES, Committee)


@officer_required
def standing_items(request: HttpRequest, pk: int) -> HttpResponse:
    """The committee's agenda template: a form a row per item, never raw JSON."""
    obj = _committee(pk)
    formset = standing_items_formset(obj, setup.bound(request))
    if request.method == "POST" and formset.is_valid():
        obj.standing_items = formset.entries()
        try:
            obj.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            formset._non_form_errors = formset.error_class(error.messages)
        else:
            obj.save(update_fields=["standing_items", "modified"])
            messages.success(request, "The standing items are saved. New agendas start with them.")
            return redirect("backoffice:setup_committee", pk=obj.pk)
    return render(
        request,
        "backoffice/setup/standing_items.html",
        {
            "committee": obj,
            "council": obj.council,
            "formset": formset,
            "breadcrumbs": setup.crumbs(obj.council, *_committee_trail(obj)),
        },
    )


@officer_required
def memberships(request: HttpRequest, pk: int) -> HttpResponse:
    obj = _committee(pk)
    today = timezone.localdate()
    seats = list(obj.memberships.select_related("person").order_by("-start_date"))
    current = [m for m in seats if (m.end_date is None or m.end_date >= today)]
    return render(
        request,
        "backoffice/setup/memberships.html",
        {
            "committee": obj,
            "council": obj.council,
            "current": sorted(current, key=lambda m: (m.role != "chairman", m.role, str(m.person))),
            "past": [m for m in seats if m not in current],
            "breadcrumbs": setup.crumbs(obj.council, *_committee_trail(obj)),
        },
    )


def _membership_page(request: HttpRequest, obj: Committee, seat: Membership | None) -> HttpResponse:
    listed = reverse("backoffice:setup_memberships", args=[obj.pk])
    return setup.form_page(
        request,
        MembershipForm(setup.bound(request), owner=obj, instance=seat),
        title=f"Edit the seat of {seat.person}" if seat else "Add a member",
        caption=obj.name,
        trail=[*_committee_trail(obj), ("Members", listed)],
        council=obj.council,
        done=lambda saved: listed,
        message="The membership is saved." if seat else "The member is added.",
        submit="Save" if seat else "Add member",
        cancel=listed,
    )


@officer_required
def membership_new(request: HttpRequest, pk: int) -> HttpResponse:
    return _membership_page(request, _committee(pk), None)


@officer_required
def membership(request: HttpRequest, pk: int) -> HttpResponse:
    seat = get_object_or_404(Membership.objects.select_related("person", "committee"), pk=pk)
    return _membership_page(request, _committee(seat.committee_id), seat)


def _named_substitute_page(
    request: HttpRequest, obj: Committee, named: NamedSubstitute | None
) -> HttpResponse:
    """The committee's named substitutes with a form to add one, or one's own edit page."""
    listed = reverse("backoffice:setup_named_substitutes", args=[obj.pk])
    today = timezone.localdate()
    rows = list(obj.namedsubstitute_set.select_related("person").order_by("-start", "pk"))
    rows.sort(key=lambda n: (n.person.last_name, n.person.first_name))
    current = [n for n in rows if n.end is None or n.end >= today]
    return setup.form_page(
        request,
        NamedSubstituteForm(setup.bound(request), owner=obj, instance=named),
        title=f"Edit {named.person.display_name}'s appointment" if named else "Named substitutes",
        caption=obj.name,
        trail=[*_committee_trail(obj)] + ([("Named substitutes", listed)] if named else []),
        council=obj.council,
        done=lambda saved: listed,
        message="The appointment is saved." if named else "The named substitute is added.",
        submit="Save" if named else "Add named substitute",
        cancel=listed if named else "",
        extra={
            "committee": obj,
            "named": named,
            "current": current,
            "past": [n for n in rows if n not in current],
        },
        template="named_substitutes",
    )


@officer_required
def named_substitutes(request: HttpRequest, pk: int) -> HttpResponse:
    return _named_substitute_page(request, _committee(pk), None)


@officer_required
def named_substitute(request: HttpRequest, pk: int) -> HttpResponse:
    named = get_object_or_404(NamedSubstitute.objects.select_related("person", "committee"), pk=pk)
    return _named_substitute_page(request, _committee(named.committee_id), named)


@officer_required
@require_POST
def named_substitute_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Take back an appointment made in error (one that has ended keeps an end date)."""
    named = get_object_or_404(NamedSubstitute.objects.select_related("person"), pk=pk)
    named.delete()
    messages.success(request, f"{named.person.display_name} is no longer a named substitute.")
    return redirect("backoffice:setup_named_substitutes", pk=named.committee_id)


@officer_required
def portfolios(request: HttpRequest, council: str) -> HttpResponse:
    return setup.list_records(request, PORTFOLIOS, council)


@officer_required
def portfolio_new(request: HttpRequest, council: str) -> HttpResponse:
    return setup.create_record(request, PORTFOLIOS, council)


@officer_required
def portfolio(request: HttpRequest, pk: int) -> HttpResponse:
    obj = get_object_or_404(Portfolio.objects.select_related("council"), pk=pk)
    holders = obj.holders.select_related("person").order_by("-start_date")
    return setup.edit_record(
        request,
        PORTFOLIOS,
        obj,
        extra={"holders": holders, "portfolio": obj},
        template="portfolio",
    )


def _holder_page(
    request: HttpRequest, obj: Portfolio, held: PortfolioHolder | None
) -> HttpResponse:
    back = reverse("backoffice:setup_portfolio", args=[obj.pk])
    listed = reverse("backoffice:setup_portfolios", args=[obj.council.slug])
    return setup.form_page(
        request,
        PortfolioHolderForm(setup.bound(request), owner=obj, instance=held),
        title=f"Edit {held.person}'s holding" if held else "Add a holder",
        caption=obj.title,
        trail=[("Portfolios", listed), (obj.title, back)],
        council=obj.council,
        done=lambda saved: back,
        message="The holder is saved." if held else "The holder is added.",
        submit="Save" if held else "Add holder",
        cancel=back,
    )


@officer_required
def holder_new(request: HttpRequest, pk: int) -> HttpResponse:
    obj = get_object_or_404(Portfolio.objects.select_related("council"), pk=pk)
    return _holder_page(request, obj, None)


@officer_required
def holder(request: HttpRequest, pk: int) -> HttpResponse:
    held = get_object_or_404(
        PortfolioHolder.objects.select_related("person", "portfolio__council"), pk=pk
    )
    return _holder_page(request, held.portfolio, held)
