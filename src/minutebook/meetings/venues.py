"""How a venue's address is printed: on the meeting page and in calendar entries."""

from __future__ import annotations

import re

from minutebook.meetings.models import Venue


def address_parts(venue: Venue) -> list[str]:
    """Name, address and postcode as the parts of one address, each part once.

    Officers often put the building in the room's name and again in the address, and
    the postcode in the address as well as in its own field: printed as entered,
    "Vale House" and "WX1 4VC" would each appear twice.
    """
    parts: list[str] = []
    seen: list[str] = []
    lines = [venue.name, *venue.address.splitlines()]
    for part in (p.strip() for line in lines for p in line.split(",")):
        key = _key(part)
        if key and key not in seen:
            seen.append(key)
            parts.append(part)
    # The postcode is often typed at the end of the town's line ("Amblesford WX1 4VC").
    postcode = venue.postcode.strip()
    typed = re.compile(rf"(^|\s){re.escape(_key(postcode))}$")
    if postcode and not any(typed.search(key) for key in seen):
        parts.append(postcode)
    return parts


def address_lines(venue: Venue) -> list[str]:
    """The venue's name as entered, then each part of its address not already said."""
    named = len({_key(p) for p in venue.name.split(",") if _key(p)})
    return [venue.name.strip(), *address_parts(venue)[named:]]


def _key(text: str) -> str:
    return " ".join(text.casefold().split())
