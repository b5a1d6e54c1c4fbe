"""For tests: crawl every public surface of the site as an anonymous visitor.

The crawl is generic. It knows no route by name: it starts from a few addresses (the
home page, a council's home, the OParl system object), follows every same-site link it
finds in what it fetches, and fetches whatever an attacker would guess besides
(``probes``: document ids from the database, searches for a token). What it reads:

- HTML: every ``href``, ``src`` and GET form ``action``; the text is the character data
  and attribute values (scripts and styles included: the source is public too);
- JSON (OParl objects and lists): every string value that is an absolute URL of the
  test host; the text is every string value. A list page (``data`` + ``links``) is also
  fetched with ``list_params`` added (e.g. ``modified_since``, which adds tombstones);
- XML (RSS, Atom): ``link``, ``id``, ``guid`` text and ``href`` attributes; the text is
  all text and attribute values, HTML inside descriptions reduced to its text too;
- iCalendar: ``URL:`` lines and URLs in any property; the text is unfolded and unescaped;
- PDF: the text read with pypdfium2 (cached by content digest across crawls);
- zip (the bulk export): each member, read by its own kind;
- redirects within the site are followed; other sites, ``mailto:`` and the private
  prefixes (``publishing.cache.PRIVATE_PREFIXES``: officer, members, admin, accounts,
  operations, health) are never fetched, nor links that look state-changing.

Bounded: ``max_pages`` in all; each path is fetched with at most ``max_query_variants``
different query strings, not counting pagination parameters (``after``, ``page``), so
every page of every list is read but facet and filter links do not multiply.

``Crawl.find(token)`` lists the URLs whose text holds ``token``, also when a line break,
a tag boundary or a hyphenation split it. ``Crawl.unreached_patterns()`` compares the
URL patterns the crawl reached with every public pattern of the URLconf, so a route added
later is noticed without editing any test.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import time
import zipfile
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qsl, urldefrag, urlencode, urljoin, urlsplit
from xml.etree import ElementTree

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.exceptions import Resolver404

from minutebook.publishing.cache import PRIVATE_PREFIXES

REDIRECTS = (301, 302, 303, 307, 308)
#: Query parameters that page through one list: every page is followed.
PAGINATION_KEYS = frozenset({"after", "page", "cursor", "offset"})
#: Links whose path says they change something; an anonymous GET should not, but a crawl
#: must not be the thing that finds out.
STATE_CHANGING = re.compile(
    r"(?:^|/)(?:log-?out|sign-?out|unsubscribe|confirm|delete|remove|withdraw)(?:/|$)", re.I
)
#: HTML attributes whose value is a link to follow.
LINK_ATTRIBUTES = frozenset({"href", "src", "data-href", "data-src", "poster"})
_WS = re.compile(r"\s+")
_SOFT = re.compile(r"[\u00ad\u0002\u200b\ufffe]")
_URL_IN_TEXT = re.compile(r"https?://[^\s\"'<>\\]+")
_PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>")
#: A parameter that is an object's number: not expanded (see ``Crawl._expand``).
_NUMERIC = re.compile(r"<(?:int:)?(?:pk|id|number)>|<int:\w+>")

#: PDF text by SHA-256 of the file, shared by every crawl in the process.
_PDF_TEXT: dict[str, str] = {}


def pdf_text(data: bytes) -> str | None:
    """The text of every page of a PDF, or None when pdfium cannot read it."""
    key = hashlib.sha256(data).hexdigest()
    if key in _PDF_TEXT:
        return _PDF_TEXT[key]
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(io.BytesIO(data))
    except Exception:
        return None
    try:
        parts = []
        for page in pdf:
            textpage = page.get_textpage()
            parts.append(textpage.get_text_range())
            textpage.close()
            page.close()
    finally:
        pdf.close()
    text = "\n\f".join(parts)
    _PDF_TEXT[key] = text
    return text


class _HTMLReader(HTMLParser):
    """Links and text (character data and attribute values) of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.text: list[str] = []
        self._form_get: list[bool] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name, value in attrs:
            if value is None:
                continue
            if name in LINK_ATTRIBUTES:
                self.links.append(value)
            elif name == "srcset":
                self.links.extend(part.split()[0] for part in value.split(",") if part.strip())
            else:
                self.text.append(value)
        if tag == "form":
            method = (values.get("method") or "get").lower()
            if method == "get":
                self.links.append(values.get("action") or "")

    handle_startendtag = handle_starttag

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def html_text(body: str) -> tuple[str, list[str]]:
    reader = _HTMLReader()
    reader.feed(body)
    reader.close()
    return " ".join(reader.text), reader.links


def _json_strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _json_strings(item)
    elif value is not None:
        yield str(value)


def _markup_text(value: str) -> str:
    """A string that may hold HTML (feed descriptions), with its text beside it."""
    if "<" in value and ">" in value:
        return value + " " + html_text(value)[0]
    return value


def ics_text(body: str) -> tuple[str, list[str]]:
    """Unfolded, unescaped iCalendar text, and every URL in it."""
    unfolded = re.sub(r"\r?\n[ \t]", "", body)
    text = (
        unfolded.replace("\\n", "\n")
        .replace("\\N", "\n")
        .replace("\\,", ",")
        .replace("\\;", ";")
        .replace("\\\\", "\\")
    )
    return text, _URL_IN_TEXT.findall(text)


def xml_text(body: bytes) -> tuple[str, list[str]]:
    try:
        root = ElementTree.fromstring(body)
    except ElementTree.ParseError:
        decoded = body.decode(errors="replace")
        return decoded, _URL_IN_TEXT.findall(decoded)
    texts: list[str] = []
    links: list[str] = []
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""
        for name, value in element.attrib.items():
            texts.append(value)
            if name.rsplit("}", 1)[-1] in {"href", "url", "src"}:
                links.append(value)
        if element.text and element.text.strip():
            texts.append(_markup_text(element.text))
            value = element.text.strip()
            if tag in {"link", "url", "comments"} or (
                tag in {"id", "guid"} and value.startswith(("http://", "https://"))
            ):
                links.append(value)
        if element.tail and element.tail.strip():
            texts.append(element.tail)
    return " ".join(texts), links


@dataclass
class Page:
    """One fetched URL."""

    url: str
    status: int
    content_type: str = ""
    text: str = ""
    #: The URLconf pattern it answered for (200 or a redirect); None when it did not.
    route: str | None = None
    #: Where the crawl found the link (None for start addresses and probes).
    found_on: str | None = None
    redirect: str | None = None
    error: str | None = None
    #: Seconds the request and the reading took.
    seconds: float = 0.0
    _squashed: tuple[str, str] | None = field(default=None, repr=False)

    def squashed(self) -> tuple[str, str]:
        """The text without whitespace or soft hyphens; and without hyphens at line ends."""
        if self._squashed is None:
            soft = _SOFT.sub("", self.text)
            dehyphenated = re.sub(r"-\s+", "", soft)
            self._squashed = (_WS.sub("", soft), _WS.sub("", dehyphenated))
        return self._squashed

    def holds(self, token: str) -> bool:
        if token in self.text:
            return True
        squashed = _WS.sub("", token)
        return any(squashed in variant for variant in self.squashed())


def _local(url: str, host: str) -> str | None:
    """``url`` as a path and query on this site, or None when it is elsewhere."""
    url, _ = urldefrag(url.strip())
    parts = urlsplit(url)
    if parts.scheme not in {"", "http", "https"}:
        return None
    if parts.netloc and parts.netloc != host:
        return None
    if not parts.path.startswith("/"):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _join_route(first: str, second: str) -> str:
    # As Django joins the routes of nested patterns into ResolverMatch.route.
    if not first or not second:
        return first + second
    return first + second.removeprefix("^")


def _parameters(pattern: str) -> set[str]:
    return set(_PARAMETER.findall(pattern))


def all_patterns() -> list[str]:
    """Every URL pattern of the URLconf, as ``ResolverMatch.route`` spells it."""

    def walk(patterns: Iterable[Any], prefix: str) -> Iterator[str]:
        for pattern in patterns:
            route = _join_route(prefix, str(pattern.pattern))
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern):
                yield route

    return list(walk(get_resolver().url_patterns, ""))


def named_routes() -> Iterator[tuple[str, str]]:
    """Every URL pattern's route (prefixes joined as written) and namespaced name."""

    def walk(entries: Iterable[Any], prefix: str, ns: str) -> Iterator[tuple[str, str]]:
        for entry in entries:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                inner = f"{ns}{entry.namespace}:" if entry.namespace else ns
                yield from walk(entry.url_patterns, route, inner)
            elif isinstance(entry, URLPattern):
                yield route, f"{ns}{entry.name}"

    return walk(get_resolver().url_patterns, "", "")


class _Hrefs(HTMLParser):
    def __init__(self, tags: frozenset[str]) -> None:
        super().__init__()
        self.tags = tags
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.tags:
            self.hrefs.extend(v for k, v in attrs if k == "href" and v)


def hrefs(body: str, tags: Iterable[str] = ("a",)) -> list[str]:
    """The ``href`` of each of ``tags`` in an HTML page, in order (a crawl's next steps)."""
    parser = _Hrefs(frozenset(tags))
    parser.feed(body)
    return parser.hrefs


def is_private(path: str) -> bool:
    return ("/" + path.lstrip("/")).startswith(PRIVATE_PREFIXES)


def public_patterns() -> list[str]:
    """Every URL pattern outside the private prefixes (officer, members, admin, ...)."""
    return [p for p in all_patterns() if not is_private(p)]


class Crawl:
    """One anonymous crawl; ``pages`` maps each fetched path (with query) to a Page."""

    def __init__(
        self,
        client: Client | None = None,
        *,
        host: str = "testserver",
        max_pages: int = 2000,
        max_query_variants: int = 6,
        list_params: dict[str, str] | None = None,
        expand_patterns: bool = True,
    ) -> None:
        self.client = client or Client()
        self.host = host
        self.max_pages = max_pages
        self.max_query_variants = max_query_variants
        self.list_params = list_params or {}
        self.expand_patterns = expand_patterns
        #: Each distinct set of URL parameters a page was reached with (as strings).
        self._kwargs: list[dict[str, str]] = []
        self._patterns: list[str] | None = None
        self.pages: dict[str, Page] = {}
        self.truncated = False
        self._queue: deque[tuple[str, str | None, bool]] = deque()
        self._queued: set[str] = set()
        self._variants: dict[str, set[str]] = {}

    # Fetching ------------------------------------------------------------------------

    def run(self, starts: Iterable[str], probes: Iterable[str] = ()) -> Crawl:
        """Crawl from ``starts`` and ``probes`` (addresses fetched whatever the budget)."""
        for url in starts:
            self._enqueue(url, None, probe=True)
        for url in probes:
            self._enqueue(url, None, probe=True)
        while True:
            while self._queue:
                if len(self.pages) >= self.max_pages:
                    self.truncated = True
                    return self
                url, found_on, _ = self._queue.popleft()
                self._fetch(url, found_on)
            if not self.expand_patterns or not self._expand():
                return self

    def _expand(self) -> bool:
        """Queue the sibling routes of every page reached; True if any was new.

        A page reached as ``<council>/<committee>/<meeting>/`` says that those three
        values exist together, so every other public pattern taking exactly named
        parameters among them (the meeting's calendar, its minutes, ...) is asked for
        too: a route nothing links to (feeds, calendars) is still crawled. Patterns with a
        numeric parameter (``pk``, ``int:``) are left to links and probes, since one
        object's id says nothing about another kind's.
        """
        found = False
        for pattern in self._expandable():
            names = _parameters(pattern)
            for kwargs in self._kwargs:
                if not names or not names <= kwargs.keys():
                    continue
                path = "/" + _PARAMETER.sub(lambda m, k=kwargs: k[m.group(1)], pattern)
                if path not in self._queued:
                    self._enqueue(path, None, probe=True)
                    found = found or path in self._queued
        return found

    def _expandable(self) -> list[str]:
        if self._patterns is None:
            self._patterns = [
                p
                for p in public_patterns()
                if _parameters(p) and not _NUMERIC.search(p) and "^" not in p
            ]
        return self._patterns

    def _allowed(self, path_and_query: str) -> bool:
        parts = urlsplit(path_and_query)
        if is_private(parts.path) or parts.path.startswith(("/static/", "/media/")):
            return False
        return not STATE_CHANGING.search(parts.path)

    def _within_budget(self, path_and_query: str) -> bool:
        parts = urlsplit(path_and_query)
        if not parts.query:
            return True
        query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)]
        key = urlencode(sorted((k, v) for k, v in query if k not in PAGINATION_KEYS))
        seen = self._variants.setdefault(parts.path, set())
        if key in seen or not key:
            return True
        if len(seen) >= self.max_query_variants:
            return False
        seen.add(key)
        return True

    def _enqueue(self, url: str, found_on: str | None, *, probe: bool = False) -> None:
        base = f"http://{self.host}{found_on or '/'}"
        local = _local(urljoin(base, url), self.host)
        if local is None or local in self._queued or not self._allowed(local):
            return
        if not probe and not self._within_budget(local):
            return
        self._queued.add(local)
        self._queue.append((local, found_on, probe))

    def _fetch(self, url: str, found_on: str | None) -> None:
        page = Page(url=url, status=0, found_on=found_on)
        self.pages[url] = page
        started = time.perf_counter()
        try:
            self._get(page)
        finally:
            page.seconds = time.perf_counter() - started

    def _get(self, page: Page) -> None:
        url = page.url
        try:
            response = self.client.get(url)
        except Exception as exc:  # a 500 the test client re-raises: record it, go on
            page.status, page.error = 500, f"{type(exc).__name__}: {exc}"
            return
        page.status = response.status_code
        page.content_type = response.get("Content-Type", "")
        if response.status_code in (200, *REDIRECTS):
            try:
                match = get_resolver().resolve(urlsplit(url).path)
            except Resolver404:
                match = None
            if match is not None:
                page.route = match.route
                kwargs = {k: str(v) for k, v in match.kwargs.items()}
                if response.status_code == 200 and kwargs and kwargs not in self._kwargs:
                    self._kwargs.append(kwargs)
        if response.status_code in REDIRECTS:
            page.redirect = response.get("Location", "")
            self._enqueue(page.redirect, url, probe=True)
            return
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if hasattr(response, "close"):
            response.close()
        text, links, is_list = self._read(body, page.content_type)
        page.text = text
        for link in links:
            self._enqueue(link, url)
        if is_list and self.list_params:
            parts = urlsplit(url)
            query = dict(parse_qsl(parts.query))
            if not set(self.list_params) <= set(query):
                query.update(self.list_params)
                self._enqueue(f"{parts.path}?{urlencode(query)}", url, probe=True)

    def _read(self, body: bytes, content_type: str) -> tuple[str, list[str], bool]:
        """Text, links and whether it is an OParl-style list page."""
        kind = content_type.split(";", 1)[0].strip().lower()
        if body.startswith(b"%PDF") or kind == "application/pdf":
            text = pdf_text(body)
            if text is None:
                return body.decode(errors="replace"), [], False
            return text, _URL_IN_TEXT.findall(text), False
        if body.startswith(b"PK\x03\x04") or kind == "application/zip":
            return self._read_zip(body)
        decoded = body.decode(errors="replace")
        if kind == "text/html" or kind == "application/xhtml+xml":
            text, links = html_text(decoded)
            return text, links, False
        if kind.endswith("json"):
            try:
                data = json.loads(decoded)
            except ValueError:
                return decoded, _URL_IN_TEXT.findall(decoded), False
            strings = list(_json_strings(data))
            links = [s for s in strings if _local(s, self.host) and "://" in s]
            is_list = isinstance(data, dict) and "data" in data and "links" in data
            return " \n".join(strings), links, is_list
        if kind == "text/calendar":
            text, links = ics_text(decoded)
            return text, links, False
        if "xml" in kind or "rss" in kind or "atom" in kind:
            text, links = xml_text(body)
            return text, links, False
        return decoded, _URL_IN_TEXT.findall(decoded), False

    def _read_zip(self, body: bytes) -> tuple[str, list[str], bool]:
        texts: list[str] = []
        links: list[str] = []
        try:
            archive = zipfile.ZipFile(io.BytesIO(body))
        except zipfile.BadZipFile:
            return body.decode(errors="replace"), [], False
        for name in archive.namelist():
            data = archive.read(name)
            texts.append(name)
            kind = "application/json" if name.endswith((".json", ".jsonl")) else ""
            if name.endswith(".jsonl"):
                for line in data.decode(errors="replace").splitlines():
                    if line.strip():
                        text, found, _ = self._read(line.encode(), kind)
                        texts.append(text)
                        links += found
            else:
                text, found, _ = self._read(data, kind)
                texts.append(text)
                links += found
        return " \n".join(texts), links, False

    # Reading the result -------------------------------------------------------------

    def text(self) -> dict[str, str]:
        """``{url: text}`` of every page fetched."""
        return {url: page.text for url, page in self.pages.items()}

    def find(self, token: str, *, statuses: Iterable[int] | None = None) -> list[str]:
        """Every URL whose text holds ``token`` (any status unless ``statuses`` given)."""
        wanted = set(statuses) if statuses is not None else None
        return [
            url
            for url, page in self.pages.items()
            if (wanted is None or page.status in wanted) and page.holds(token)
        ]

    def ok(self) -> list[str]:
        return [url for url, page in self.pages.items() if page.status == 200]

    def broken(self) -> dict[str, tuple[int, str | None]]:
        """Links the crawl followed (not probes) that answered neither 200 nor a redirect."""
        return {
            url: (page.status, page.found_on)
            for url, page in self.pages.items()
            if page.found_on is not None and page.status not in (200, *REDIRECTS)
        }

    def errors(self) -> dict[str, str]:
        return {url: page.error for url, page in self.pages.items() if page.error}

    def dump(self, path: str) -> None:
        """Write every page (status, type, route, text) to ``path`` as JSON, for debugging."""
        rows = {
            url: {
                "status": p.status,
                "type": p.content_type,
                "route": p.route,
                "found_on": p.found_on,
                "seconds": round(p.seconds, 4),
                "text": p.text,
            }
            for url, p in self.pages.items()
        }
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(rows, handle, indent=1)

    def reached_patterns(self) -> set[str]:
        return {page.route for page in self.pages.values() if page.route is not None}

    def unreached_patterns(self) -> list[str]:
        """Public URL patterns no page of this crawl answered (200 or a redirect) for."""
        reached = self.reached_patterns()
        return [p for p in public_patterns() if p not in reached]


def crawl(
    client: Client | None = None,
    *,
    starts: Iterable[str] = ("/", "/oparl/v1/"),
    probes: Iterable[str] = (),
    **options: Any,
) -> Crawl:
    """Crawl from ``starts`` (and ``probes``); see ``Crawl`` for ``options``."""
    return Crawl(client, **options).run(starts, probes)
