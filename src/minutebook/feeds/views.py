"""Calendars (iCalendar) and news feeds (RSS 2.0 and Atom) of a council's public record.

Public code, like the site: exempt-aware models are read through ``public_objects`` and
the same rules as every public page (``Document...open_to_inspection()``,
``Decision...published()``, agenda items open to inspection), never their text. Calendars
carry a VTIMEZONE for Europe/London so clients place meetings right across clock changes.

Names and texts are validated when written (``core.inputs``), but a row from before that,
or an import, may still hold a line break or a control character: a line break inside an
iCalendar property ends it (RFC 5545 s3.1) and XML 1.0 has no control characters, so
every name is written as one line and every text without controls, whatever the row holds.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import icalendar
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.views.decorators.http import require_safe

from minutebook.api.oparl import open_items
from minutebook.committees.models import Committee
from minutebook.core.inputs import one_line, printable
from minutebook.core.site import site_url
from minutebook.councils.models import Council
from minutebook.decisions.models import Decision
from minutebook.documents.models import Document
from minutebook.forwardplan.models import ForwardPlanVersion
from minutebook.forwardplan.services import version_diff
from minutebook.meetings.models import Meeting, MeetingState
from minutebook.meetings.rules import assumed_length
from minutebook.meetings.venues import address_parts

LONDON = ZoneInfo("Europe/London")
FEED_LENGTH = 50
PRODID = "-//minutebook//committee meetings//EN"


def stable_id(path: str) -> str:
    """``path`` on the site's configured address (``core.site.site_url``, as OParl ids are
    built), never the request's Host header: a meeting, a feed and an item have the same id
    whichever host name a reader reached them by."""
    return site_url(path)


# -- calendars --------------------------------------------------------------------------


def meeting_event(request: HttpRequest, meeting: Meeting, titles: list[str]) -> icalendar.Event:
    committee = meeting.committee
    start = timezone.localtime(meeting.start, LONDON)
    # No end time: the length the council assumes for one (its setting, as clash checks use).
    length = assumed_length(committee.council)
    end = timezone.localtime(meeting.end, LONDON) if meeting.end else start + length
    event = icalendar.Event()
    # The id names the site's configured address, not the Host header (``stable_id``).
    event.add("uid", f"meeting-{meeting.pk}@{urlsplit(stable_id('/')).hostname}")
    event.add("dtstamp", meeting.modified)
    event.add("last-modified", meeting.modified)
    event.add("dtstart", start)
    event.add("dtend", end)
    # A meeting withdrawn as created in error will not happen either: calendars drop it.
    withdrawn = meeting.withdrawn_at is not None
    cancelled = meeting.state == MeetingState.CANCELLED or withdrawn
    prefix = "Withdrawn: " if withdrawn else "Cancelled: " if cancelled else ""
    event.add("summary", one_line(f"{prefix}{committee.name}"))
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    url = request.build_absolute_uri(meeting.get_absolute_url())
    event.add("url", url)
    venue = meeting.venue
    if venue is not None:
        # Each part once: the building is often in the room's name and the address too.
        event.add("location", ", ".join(one_line(p) for p in address_parts(venue)))
    lines = [one_line(f"{committee.council.name}: {committee.name}.")]
    if withdrawn and meeting.withdrawal_reason:
        lines.append(f"Withdrawn: {printable(meeting.withdrawal_reason)}")
    elif cancelled and meeting.cancellation_reason:
        lines.append(f"Cancelled: {printable(meeting.cancellation_reason)}")
    if titles:
        lines += ["", "Agenda:", *(one_line(t) for t in titles)]
    if meeting.online_url:
        lines += ["", f"Watch: {one_line(meeting.online_url)}"]
    lines += ["", url]
    event.add("description", "\n".join(lines))
    return event


def agenda_titles(meetings: list[Meeting]) -> dict[int, list[str]]:
    """Agenda lines open to inspection (an exempt item shows its public title only)."""
    titles: dict[int, list[str]] = {m.pk: [] for m in meetings}
    for item in (
        open_items()
        .filter(meeting_id__in=list(titles), parent__isnull=True)
        .order_by("meeting_id", "order")
        .only("meeting_id", "number", "title", "is_exempt", "withdrawn_at")
    ):
        label = f"{item.number}. {item.title}" if item.number else item.title
        if item.withdrawn_at is not None:
            label += " (withdrawn)"
        elif item.is_exempt:
            label += " (exempt: not for publication)"
        titles[item.meeting_id].append(label)
    return titles


def calendar_response(request: HttpRequest, name: str, meetings: list[Meeting]) -> HttpResponse:
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", one_line(name))
    cal.add("x-wr-timezone", "Europe/London")
    # Always a VTIMEZONE, even for an empty calendar, so clients know the zone.
    cal.add_component(icalendar.Timezone.from_tzid("Europe/London"))
    titles = agenda_titles(meetings)
    for meeting in meetings:
        cal.add_component(meeting_event(request, meeting, titles[meeting.pk]))
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="calendar.ics"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _meetings() -> QuerySet[Meeting]:
    return Meeting.objects.select_related("committee__council", "venue").order_by("start")


@require_safe
def committee_calendar(request: HttpRequest, council: str, committee: str) -> HttpResponse:
    body = get_object_or_404(
        Committee.objects.select_related("council"), council__slug=council, slug=committee
    )
    meetings = list(_meetings().filter(committee=body))
    return calendar_response(request, f"{body.council.name}: {body.name}", meetings)


@require_safe
def meeting_calendar(
    request: HttpRequest, council: str, committee: str, meeting: str
) -> HttpResponse:
    event = (
        _meetings()
        .filter(committee__council__slug=council, committee__slug=committee, slug=meeting)
        .first()
    )
    if event is None:
        raise Http404("No such meeting.")
    return calendar_response(request, str(event), [event])


@require_safe
def council_calendar(request: HttpRequest, council: str) -> HttpResponse:
    """Every committee's meetings: the council's whole diary."""
    obj = get_object_or_404(Council, slug=council)
    meetings = list(_meetings().filter(committee__council=obj))
    return calendar_response(request, f"{obj.name}: meetings", meetings)


# -- feeds ------------------------------------------------------------------------------


class _Printable:
    """A feed generator that writes titles as one line and texts without controls."""

    def __init__(self, title: str, link: str, description: str, **kwargs: Any) -> None:
        super().__init__(one_line(title), link, printable(description), **_texts(kwargs))  # type: ignore[call-arg]

    def add_item(self, title: str, link: str, description: str, **kwargs: Any) -> None:
        super().add_item(one_line(title), link, printable(description), **_texts(kwargs))  # type: ignore[misc]

    def latest_post_date(self) -> dt.datetime:
        # An empty feed was last changed when it began (``empty_since``), not now: the
        # same stored data gives the same feed, e.g. after a backup is restored.
        since = self.feed.get("empty_since")  # type: ignore[attr-defined]
        if since and not self.items:  # type: ignore[attr-defined]
            return since
        return super().latest_post_date()  # type: ignore[misc, no-any-return]


def _texts(values: dict[str, Any]) -> dict[str, Any]:
    return {k: printable(v) if isinstance(v, str) else v for k, v in values.items()}


class PrintableRss(_Printable, Rss201rev2Feed):
    pass


class PrintableAtom(_Printable, Atom1Feed):
    pass


class CouncilFeed(Feed):
    """A feed of one council; subclasses say what the items are.

    Every item links to its own public page and takes that page's address on the
    configured site (``stable_id``) as its id (Atom ``<id>``, RSS ``<guid>``): an IRI that
    stays the same however often the record changes (RFC 4287 s4.2.6), and whichever host
    name the feed was fetched by. The council is the feed's author (s4.1.1).
    """

    feed_type: type[Rss201rev2Feed] = PrintableRss
    what = ""

    def get_object(self, request: HttpRequest, council: str) -> Council:  # type: ignore[override]
        self.request = request
        return get_object_or_404(Council, slug=council)

    def title(self, obj: Council) -> str:
        return f"{obj.name}: {self.what}"

    def link(self, obj: Council) -> str:
        return obj.get_absolute_url()

    def author_name(self, obj: Council) -> str:
        return one_line(obj.name)

    def feed_extra_kwargs(self, obj: Council) -> dict[str, Any]:
        # With no items, the feed's <updated> / <lastBuildDate> is the council's start.
        return {"empty_since": obj.created}

    def feed_guid(self, obj: Council) -> str:
        # The feed's own address: each feed has its own id (not the council's page).
        return self._absolute(self.request.path)

    def _absolute(self, path: str) -> str:
        # Only ids are built here: they are stable (``stable_id``), links follow the request.
        return stable_id(path)

    def _council_slug(self, item: Any = None) -> str:
        return str(self.request.resolver_match.kwargs["council"])

    def description(self, obj: Council) -> str:
        return f"{self.what.capitalize()} published by {obj.name}."

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().__call__(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        return response


class DocumentsFeed(CouncilFeed):
    what = "new documents"

    def items(self, obj: Council) -> list[Document]:
        return list(
            Document.public_objects.open_to_inspection()
            .filter(council=obj)
            .select_related("meeting__committee")
            .order_by("-published_at", "-pk")[:FEED_LENGTH]
        )

    def item_title(self, item: Document) -> str:
        label = f"{item.label}: " if item.label else ""
        return f"{label}{item.title}"

    def item_description(self, item: Document) -> str:
        meeting = item.meeting
        where = f" for {meeting}" if meeting is not None else ""
        return f"{item.get_kind_display()}{where}."

    def item_link(self, item: Document) -> str:
        if item.file:
            return f"/{self._council_slug(item)}/documents/{item.pk}/"
        return f"/oparl/v1/file/{item.pk}/text"

    def item_guid(self, item: Document) -> str:
        # A new version of a document is news of its own, so the version is in its id.
        return self._absolute(f"/{self._council_slug(item)}/documents/{item.pk}/#v{item.version}")

    item_guid_is_permalink = False

    def item_pubdate(self, item: Document) -> dt.datetime | None:
        return item.published_at or item.created

    def item_updateddate(self, item: Document) -> dt.datetime:
        return item.modified


class DecisionsFeed(CouncilFeed):
    what = "decisions"

    def items(self, obj: Council) -> list[Any]:
        return list(
            Decision.public_objects.published()
            .current()
            .filter(council=obj)
            .select_related("meeting__committee__council", "decision_maker")
            .order_by("-published_at", "-date", "-pk")[:FEED_LENGTH]
        )

    def item_title(self, item: Any) -> str:
        return str(item.title)

    def item_description(self, item: Any) -> str:
        maker = str(item.decision_maker) if item.decision_maker_id else item.decision_maker_text
        key = " Key decision." if item.key_decision else ""
        return (
            f"{item.decision}\n\nDecided by {maker or 'the council'} on "
            f"{item.date:%-d %B %Y}.{key} Status: {item.status_text()}."
        )

    def item_link(self, item: Any) -> str:
        return f"/{self._council_slug(item)}/decisions/{item.pk}/"

    def item_guid(self, item: Any) -> str:
        return self._absolute(self.item_link(item))

    item_guid_is_permalink = True

    def item_pubdate(self, item: Any) -> dt.datetime:
        return item.published_at or item.created

    def item_updateddate(self, item: Any) -> dt.datetime:
        return item.modified


class ForwardPlanFeed(CouncilFeed):
    """Each published version of the forward plan, with what it changed."""

    what = "forward plan changes"

    def items(self, obj: Council) -> list[ForwardPlanVersion]:
        return list(
            ForwardPlanVersion.objects.filter(council=obj).order_by("-number")[:FEED_LENGTH]
        )

    def item_title(self, item: ForwardPlanVersion) -> str:
        diff = version_diff(item)
        parts = [
            f"{len(diff.added)} new" if diff.added else "",
            f"{len(diff.changed)} changed" if diff.changed else "",
            f"{len(diff.removed)} withdrawn or decided" if diff.removed else "",
        ]
        summary = ", ".join(p for p in parts if p) or "no changes"
        return f"Forward plan version {item.number}: {summary}"

    def item_description(self, item: ForwardPlanVersion) -> str:
        diff = version_diff(item)
        lines = [f"New: {e['title']}" for e in diff.added]
        lines += [
            f"Changed: {c.title} ({', '.join(f.label.lower() for f in c.fields)})"
            for c in diff.changed
        ]
        lines += [f"No longer on the plan: {e['title']}" for e in diff.removed]
        return "\n".join(lines) or "Republished without changes."

    def item_link(self, item: ForwardPlanVersion) -> str:
        return f"/{self._council_slug(item)}/forward-plan/versions/{item.number}/"

    def item_guid(self, item: ForwardPlanVersion) -> str:
        return self._absolute(self.item_link(item))

    item_guid_is_permalink = True

    def item_pubdate(self, item: ForwardPlanVersion) -> dt.datetime:
        return item.published_at

    def item_updateddate(self, item: ForwardPlanVersion) -> dt.datetime:
        # A published version is never edited: it was last updated when published.
        return item.published_at


class DocumentsAtom(DocumentsFeed):
    feed_type = PrintableAtom
    subtitle = DocumentsFeed.description


class DecisionsAtom(DecisionsFeed):
    feed_type = PrintableAtom
    subtitle = DecisionsFeed.description


class ForwardPlanAtom(ForwardPlanFeed):
    feed_type = PrintableAtom
    subtitle = ForwardPlanFeed.description
