"""The public address of an agenda item's own page.

Kept here, below publishing, so the decisions history and the search index link items
the same way the public site does without importing publishing.
"""

from __future__ import annotations

import re

from django.urls import reverse

from minutebook.meetings.models import AgendaItem, Meeting

# A printed agenda number (4, 4a, 12.1): the public item page's URL converter reads it.
ITEM_NUMBER = re.compile(r"[0-9A-Za-z][0-9A-Za-z.]*")


def item_url(meeting: Meeting, item: AgendaItem) -> str:
    """The item's own page; items without a printed number have none."""
    if not item.number or not ITEM_NUMBER.fullmatch(item.number):
        return ""
    return reverse(
        "publishing:item",
        kwargs={
            "council": meeting.committee.council.slug,
            "committee": meeting.committee.slug,
            "meeting": meeting.slug,
            "number": item.number,
        },
    )
