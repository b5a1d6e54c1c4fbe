"""Presentation helpers for the public site, in GOV.UK style."""

from __future__ import annotations

import datetime as dt
import re
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
    """A forward plan snapshot value in words: lists joined, booleans as yes or no, dates
    and the key decision test's codes as a reader would say them."""
    if value is None or value == "" or value == []:
        return "Not stated"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    text = str(value)
    if _ISO_DATE.fullmatch(text):
        return iso_date(text)
    if text in _PLAN_CODES:
        return _PLAN_CODES[text]
    return key_reason(text) if text.startswith("Key decision: ") else text


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
#: The snapshot's codes (key decision limb, access) in words.
_PLAN_CODES = {
    "spending": "Spending or savings at or over the council's threshold",
    "wards": "A significant effect in two or more wards",
    "both": "Spending or savings, and a significant effect in two or more wards",
    "open": "Open",
    "exempt": "Private (exempt information)",
    "confidential": "Private (confidential information)",
}


@register.filter
def iso_date(value: object) -> str:
    """A stored ISO date ("2025-09-10") as GOV.UK writes it: "10 September 2025"."""
    if not value:
        return ""
    try:
        day = dt.date.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return f"{day.day} {day:%B %Y}"


@register.filter
def key_reason(text: str) -> str:
    """Why a decision is key, without the test's shorthand: "Key decision: significant
    effect in 3 wards (key at 2)." reads "A significant effect in 3 wards (a decision
    affecting 2 or more wards is key)."."""
    if not text:
        return ""
    plain = text.removeprefix("Key decision: ")
    plain = re.sub(r"\(key at (\d+)\)", r"(a decision affecting \1 or more wards is key)", plain)
    plain = re.sub(r"\(threshold (£[\d,]+)\)", r"(the council's threshold is \1)", plain)
    plain = re.sub(r"^significant effect", "a significant effect", plain)
    return plain[:1].upper() + plain[1:]


@register.filter
def councillor_url(person: Any) -> str:
    """The public page of a councillor or co-opted member; '' for anyone else."""
    from minutebook.people.models import PersonKind
    from minutebook.publishing.registers import councillor_url as url_for

    if person is None or person.kind not in (PersonKind.COUNCILLOR, PersonKind.CO_OPTED):
        return ""
    return url_for(person)
