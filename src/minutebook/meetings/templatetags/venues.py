"""Template filters for printing a venue."""

from __future__ import annotations

from django import template

from minutebook.meetings.models import Venue
from minutebook.meetings.venues import address_lines as _address_lines

register = template.Library()


@register.filter
def address_lines(venue: Venue | None) -> list[str]:
    return _address_lines(venue) if venue is not None else []
