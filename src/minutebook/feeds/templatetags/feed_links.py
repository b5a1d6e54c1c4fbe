"""The feeds and calendars that belong to the page being shown, for its head and body.

One table, keyed by the page's URL name, says which feed goes with which page, so every
page that has one links it the same way: ``<link rel="alternate">`` in the head for
feed readers and browsers, and a "Follow" box at the end of the page for people.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template
from django.urls import reverse

register = template.Library()

ATOM = "application/atom+xml"
RSS = "application/rss+xml"
ICS = "text/calendar"


@dataclass(frozen=True)
class FeedLink:
    label: str
    href: str
    mime: str
    #: Also a ``<link rel="alternate">`` in the head (feeds, not calendars: browsers
    #: and readers look there for feeds; a calendar is offered as a link).
    alternate: bool
    format: str


def _feed_pair(what: str, name: str, council: str) -> list[FeedLink]:
    kwargs = {"council": council}
    return [
        FeedLink(
            f"{what} (Atom)", reverse(f"feeds:{name}_atom", kwargs=kwargs), ATOM, True, "Atom"
        ),
        FeedLink(f"{what} (RSS)", reverse(f"feeds:{name}_rss", kwargs=kwargs), RSS, True, "RSS"),
    ]


def _calendar(label: str, name: str, **kwargs: str) -> FeedLink:
    return FeedLink(label, reverse(f"feeds:{name}", kwargs=kwargs), ICS, False, "iCalendar")


def feeds_for(url_name: str, kwargs: dict[str, Any]) -> list[FeedLink]:
    """The feeds and calendars of the page named ``url_name`` with these URL arguments."""
    council = kwargs.get("council")
    if not isinstance(council, str):
        return []
    if url_name in {"publishing:council"}:
        return [
            *_feed_pair("Latest decisions", "decisions", council),
            *_feed_pair("New documents", "documents", council),
            _calendar("All meetings", "council_calendar", council=council),
        ]
    if url_name in {"publishing:decisions", "publishing:decision"}:
        return _feed_pair("Decisions", "decisions", council)
    if url_name in {"publishing:forward_plan", "publishing:forward_plan_version"}:
        return _feed_pair("Forward plan changes", "forward_plan", council)
    if url_name in {"publishing:meetings_list", "publishing:meetings_month"}:
        return [_calendar("All meetings", "council_calendar", council=council)]
    if url_name == "publishing:committee":
        committee = kwargs["committee"]
        return [
            _calendar(
                "This committee's meetings",
                "committee_calendar",
                council=council,
                committee=committee,
            )
        ]
    if url_name == "publishing:meeting":
        return [
            _calendar(
                "This meeting",
                "meeting_calendar",
                council=council,
                committee=kwargs["committee"],
                meeting=kwargs["meeting"],
            )
        ]
    return []


@register.simple_tag(takes_context=True)
def page_feeds(context: template.Context) -> list[FeedLink]:
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    if match is None or not match.view_name:
        return []
    return feeds_for(match.view_name, match.kwargs)
