"""Officer set-up pages for venues (list, add, edit)."""

from __future__ import annotations

from minutebook.backoffice import setup, setup_delete
from minutebook.meetings.models import Venue
from minutebook.meetings.venue_forms import VenueForm

VENUES = setup.Kind(
    noun="venue",
    title="Venues",
    form=VenueForm,
    list_route="backoffice:setup_venues",
    new_route="backoffice:setup_venue_new",
    edit_route="backoffice:setup_venue",
    delete_route="backoffice:setup_venue_delete",
    instead="A venue meetings were held at stays in their record. If it is no longer used, "
    "leave it: only the meetings you schedule there use it.",
    columns=["Venue", "Postcode", "Online only"],
    cells=lambda v: [v.name, v.postcode, "Yes" if v.is_online_only else "No"],
    rows=lambda council: council.venues.order_by("name"),
)


venues, venue_new, venue = setup.record_views(VENUES, Venue)
venue_delete = setup_delete.delete_view(VENUES, Venue)
