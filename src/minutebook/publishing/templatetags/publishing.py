"""Presentation helpers for the public site, in GOV.UK style."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils import timezone

from minutebook.core.exempt import describe_paragraphs
from minutebook.publishing.branding import clean_colour, text_colour_on

register = template.Library()


@register.simple_tag(takes_context=True)
def brand_colour_for(context: template.Context, council: Any = None) -> str:
    """The council's colour when the page belongs to one, else the site default."""
    default = context.get("brand_colour") or clean_colour(None)
    if council is not None:
        return clean_colour(getattr(council, "brand_colour", None), default)
    return str(default)


@register.filter
def header_text_colour(background: str) -> str:
    return text_colour_on(clean_colour(background))


@register.filter
def govuk_time(value: dt.datetime | dt.time | None) -> str:
    """'7pm', '10:30am', 'midday', 'midnight' (the GOV.UK style guide's forms)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        value = value.time()
    if value.hour == 12 and value.minute == 0:
        return "midday"
    if value.hour == 0 and value.minute == 0:
        return "midnight"
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    if value.minute:
        return f"{hour}:{value.minute:02d}{suffix}"
    return f"{hour}{suffix}"


def time_unknown(meeting: Any) -> bool:
    """An imported meeting's record gives no time: its start was stored at local midnight."""
    start = timezone.localtime(meeting.start)
    return bool(meeting.is_imported) and start.hour == 0 and start.minute == 0


@register.filter
def meeting_time(meeting: Any) -> str:
    """'7pm to 9pm', or '' when the time is not known (never "midnight" for an imported
    meeting whose papers gave no time)."""
    if time_unknown(meeting):
        return ""
    start = govuk_time(meeting.start)
    return f"{start} to {govuk_time(meeting.end)}" if meeting.end else start


@register.filter
def govuk_date(value: dt.datetime | dt.date | None) -> str:
    """'Tuesday 14 January 2025'."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{value:%A} {value.day} {value:%B %Y}"


@register.filter
def exempt_text(paragraphs: list[int] | None) -> str:
    """'exempt under paragraph 3 of Schedule 12A', from stored paragraph numbers."""
    return describe_paragraphs(list(paragraphs or []))


@register.filter
def page_range(first: int | None, last: int | None = None) -> str:
    """'Pages 5 to 12', 'Page 5', or '' when unknown."""
    if not first:
        return ""
    if not last or last == first:
        return f"Page {first}"
    return f"Pages {first} to {last}"


@register.filter
def plan_value(value: object) -> str:
    """A forward plan snapshot value in words: lists joined, booleans as yes or no."""
    if value is None or value == "" or value == []:
        return "Not stated"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


@register.filter
def councillor_url(person: Any) -> str:
    """The public page of a councillor or co-opted member; '' for anyone else."""
    from minutebook.people.models import PersonKind
    from minutebook.publishing.registers import councillor_url as url_for

    if person is None or person.kind not in (PersonKind.COUNCILLOR, PersonKind.CO_OPTED):
        return ""
    return url_for(person)
