"""``{% meeting_action_sheet meeting %}``: the action sheet item of a meeting, for any page.

One line in a meeting or agenda item template shows the actions carried to that
meeting (public view: actions of exempt minutes left out). Renders nothing for a
committee whose agenda has no action sheet item and no actions.
"""

from __future__ import annotations

from typing import Any

from django import template

from minutebook.committees.models import StandingItemKind
from minutebook.meetings.models import AgendaItem, Meeting
from minutebook.scrutiny.services import action_sheet

register = template.Library()


@register.inclusion_tag("publishing/includes/action_sheet.html")
def meeting_action_sheet(meeting: Meeting, officer: bool = False) -> dict[str, Any]:
    sheet = action_sheet(meeting, public=not officer)
    has_item = AgendaItem.public_objects.filter(
        meeting=meeting, standing_kind=StandingItemKind.ACTION_SHEET
    ).exists()
    if not has_item and not sheet["open"] and not sheet["closed"]:
        return {"sheet": None}
    return {"sheet": sheet, "officer": officer}
