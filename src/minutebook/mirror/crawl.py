"""Reading an OParl 1.1 server: the System or Body given, each Body's lists page by page.

No database here: a crawl gathers what it read into a ``Harvest`` first, so a failure
half-way (the network, a bad page) leaves the mirror as it was (``mirror.sync`` writes it
in one transaction). It reads only from the origin of the address the user gave: a link
to another host is refused, never followed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import email.utils
import json
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit

#: The Body's properties that name lists of objects (OParl 1.1, section 5.2.2).
BODY_LISTS = (
    "organization",
    "person",
    "meeting",
    "paper",
    "legislativeTermList",
    "agendaItem",
    "consultation",
    "file",
    "locationList",
    "membership",
)
#: A minutebook Body's lists of its UK extension objects (questions, registers, forward
#: plan versions...): a mapping of type to list address, filtered and paged alike.
EXTENSION_LISTS = "minutebook:record"
OPARL_SYSTEM = "https://schema.oparl.org/1.1/System"
OPARL_BODY = "https://schema.oparl.org/1.1/Body"
#: A list longer than this many pages is a loop or not a list: stop.
MAX_PAGES = 100_000
USER_AGENT = "minutebook-mirror (OParl 1.1 sync client)"


class CrawlError(Exception):
    """The source could not be read as OParl: nothing is written."""


@dataclass
class Harvest:
    """What one sync read: live objects by id, and the ids marked deleted."""

    objects: dict[str, dict[str, Any]] = field(default_factory=dict)
    deleted: set[str] = field(default_factory=set)
    #: The source's clock when the sync began (its Date header), if it told us.
    server_time: dt.datetime | None = None
    pages: int = 0

    def take(self, obj: dict[str, Any]) -> None:
        oid = obj.get("id")
        if not isinstance(oid, str) or not isinstance(obj.get("type"), str):
            return  # not an OParl object: nothing to key it by
        if obj.get("deleted") is True:
            self.objects.pop(oid, None)
            self.deleted.add(oid)
        else:
            self.deleted.discard(oid)
            self.objects[oid] = obj


def with_params(url: str, **params: str) -> str:
    joiner = "&" if "?" in url else "?"
    return f"{url}{joiner}{urlencode(params)}"


def rfc3339(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).isoformat(timespec="seconds")


class Reader:
    """GETs JSON from one origin only, counting pages for a progress display."""

    def __init__(
        self,
        start: str,
        *,
        timeout: float = 60.0,
        on_page: Callable[[str], None] | None = None,
    ) -> None:
        parts = urlsplit(start)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise CrawlError(f"{start} is not an http(s) address.")
        self.origin = (parts.scheme, parts.netloc.lower())
        self.timeout = timeout
        self.on_page = on_page
        self.first_date: dt.datetime | None = None

    def get(self, url: str) -> dict[str, Any]:
        parts = urlsplit(url)
        if (parts.scheme, parts.netloc.lower()) != self.origin:
            raise CrawlError(f"{url} is on another server than the one given: not followed.")
        request = urllib.request.Request(
            url, headers={"Accept": "application/json", "User-Agent": USER_AGENT}
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body = response.read()
                date = response.headers.get("Date")
        except urllib.error.HTTPError as exc:
            raise CrawlError(f"{url}: HTTP {exc.code}.") from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise CrawlError(f"{url}: {exc}.") from exc
        if self.first_date is None and date:
            with contextlib.suppress(TypeError, ValueError):
                self.first_date = email.utils.parsedate_to_datetime(date)
        if self.on_page is not None:
            self.on_page(url)
        try:
            data = json.loads(body)
        except ValueError as exc:
            raise CrawlError(f"{url}: not JSON.") from exc
        if not isinstance(data, dict):
            raise CrawlError(f"{url}: not an OParl object or list.")
        return data

    def walk(self, url: str, harvest: Harvest) -> None:
        """Every page of a list, by ``links.next`` until there is none."""
        seen: set[str] = set()
        next_url: str | None = url
        while next_url:
            if next_url in seen or len(seen) >= MAX_PAGES:
                raise CrawlError(f"{url}: its pages go round in a loop.")
            seen.add(next_url)
            page = self.get(next_url)
            harvest.pages += 1
            data = page.get("data")
            if not isinstance(data, list):
                raise CrawlError(f"{next_url}: not an OParl list.")
            for obj in data:
                if isinstance(obj, dict):
                    harvest.take(obj)
            links = page.get("links") or {}
            next_url = links.get("next") if isinstance(links, dict) else None


def bodies(reader: Reader, start: str, harvest: Harvest) -> list[dict[str, Any]]:
    """The Bodies behind the address given: a System's, or the Body itself."""
    top = reader.get(start)
    kind = top.get("type")
    if kind == OPARL_BODY:
        harvest.take(top)
        return [top]
    if kind != OPARL_SYSTEM:
        raise CrawlError(f"{start} is neither an OParl System nor a Body (type {kind!r}).")
    harvest.take(top)
    found = Harvest()
    body_list = top.get("body")
    if not isinstance(body_list, str):
        raise CrawlError(f"{start}: the System names no list of bodies.")
    reader.walk(body_list, found)
    for body in found.objects.values():
        harvest.take(body)
    return list(found.objects.values())


def list_addresses(body: dict[str, Any]) -> list[str]:
    """The Body's lists this server offers (some are optional in OParl 1.1), then a
    minutebook's extension lists."""
    found = [body[prop] for prop in BODY_LISTS if isinstance(body.get(prop), str)]
    extension = body.get(EXTENSION_LISTS)
    if isinstance(extension, dict):
        found += [url for url in extension.values() if isinstance(url, str)]
    return found


def crawl(
    start: str,
    since: dt.datetime | None,
    *,
    timeout: float = 60.0,
    on_page: Callable[[str], None] | None = None,
) -> Harvest:
    """Read the source: everything (``since`` None), or what changed since ``since``."""
    harvest = Harvest()
    reader = Reader(start, timeout=timeout, on_page=on_page)
    for body in bodies(reader, start, harvest):
        for url in list_addresses(body):
            if since is not None:
                url = with_params(url, modified_since=rfc3339(since))
            reader.walk(url, harvest)
    harvest.server_time = reader.first_date
    return harvest
