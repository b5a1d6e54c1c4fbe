"""Officer set-up pages for venues (list, add, edit)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from minutebook.backoffice import setup
from minutebook.backoffice.access import officer_required
from minutebook.meetings.models import Venue
from minutebook.meetings.venue_forms import VenueForm

VENUES = setup.Kind(
    noun="venue",
    title="Venues",
    form=VenueForm,
    list_route="backoffice:setup_venues",
    new_route="backoffice:setup_venue_new",
    edit_route="backoffice:setup_venue",
    columns=["Venue", "Postcode", "Online only"],
    cells=lambda v: [v.name, v.postcode, "Yes" if v.is_online_only else "No"],
    rows=lambda council: council.venues.order_by("name"),
)


@officer_required
def venues(request: HttpRequest, council: str) -> HttpResponse:
    return setup.list_records(request, VENUES, council)


@officer_required
def venue_new(request: HttpRequest, council: str) -> HttpResponse:
    return setup.create_record(request, VENUES, council)


@officer_required
def venue(request: HttpRequest, pk: int) -> HttpResponse:
    return setup.edit_record(request, VENUES, get_object_or_404(Venue, pk=pk))
