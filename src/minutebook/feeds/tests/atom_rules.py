"""RFC 4287's MUST rules for an Atom feed document, as a checker for the feed tests.

No feed parser is installed and the project does not need one at run time, so the tests
check the rules themselves: what a conforming reader may rely on. Each fault is a line
naming the element and the rule (section of RFC 4287) it breaks.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from urllib.parse import urlsplit

NS = "{http://www.w3.org/2005/Atom}"
#: RFC 3339 date-time (s5.6), with the upper-case T and Z Atom requires (s3.3).
RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})\Z")
#: Link relations registered by RFC 4287 s4.2.7.2 (others must be absolute IRIs).
RELS = {"alternate", "related", "self", "enclosure", "via"}
SINGLE_IN_FEED = ("id", "title", "updated")
AT_MOST_ONE_IN_FEED = ("generator", "icon", "logo", "rights", "subtitle")
SINGLE_IN_ENTRY = ("id", "title", "updated")
AT_MOST_ONE_IN_ENTRY = ("content", "published", "rights", "source", "summary")


def _absolute_iri(value: str) -> bool:
    parts = urlsplit(value)
    return (
        bool(parts.scheme)
        and not re.search(r"\s", value)
        and bool(parts.netloc or parts.scheme in {"tag", "urn"})
    )


def _count(parent: ET.Element, name: str) -> int:
    return len(parent.findall(NS + name))


def _text_construct(el: ET.Element, where: str) -> list[str]:
    kind = el.get("type", "text")
    if kind not in {"text", "html", "xhtml"}:
        return [f"{where}: type {kind!r} is not text, html or xhtml (s3.1.1)"]
    if kind == "xhtml" and [c.tag for c in el] != ["{http://www.w3.org/1999/xhtml}div"]:
        return [f"{where}: xhtml text must hold one xhtml div (s3.1.1.3)"]
    if kind != "xhtml" and len(el):
        return [f"{where}: {kind} text holds child elements (s3.1.1)"]
    return []


def _person(el: ET.Element, where: str) -> list[str]:
    faults = []
    if _count(el, "name") != 1 or not (el.findtext(NS + "name") or "").strip():
        faults.append(f"{where}: a person has exactly one non-empty name (s3.2.1)")
    for name in ("uri", "email"):
        if _count(el, name) > 1:
            faults.append(f"{where}: more than one {name} (s3.2)")
    return faults


def _links(parent: ET.Element, where: str) -> list[str]:
    faults = []
    alternates: Counter[tuple[str, str]] = Counter()
    for link in parent.findall(NS + "link"):
        href = link.get("href")
        if not href:
            faults.append(f"{where}: a link without href (s4.2.7.1)")
        rel = link.get("rel", "alternate")
        if rel not in RELS and not _absolute_iri(rel):
            faults.append(f"{where}: link rel {rel!r} is neither registered nor an IRI (s4.2.7.2)")
        if rel == "alternate":
            alternates[(link.get("type", ""), link.get("hreflang", ""))] += 1
    for (kind, lang), n in alternates.items():
        if n > 1:
            faults.append(f"{where}: {n} alternate links of type {kind!r} {lang!r} (s4.1.1)")
    return faults


def _common(
    el: ET.Element, where: str, single: tuple[str, ...], optional: tuple[str, ...]
) -> list[str]:
    faults = []
    for name in single:
        if _count(el, name) != 1:
            faults.append(f"{where}: needs exactly one {name}, has {_count(el, name)}")
    for name in optional:
        if _count(el, name) > 1:
            faults.append(f"{where}: more than one {name}")
    ident = (el.findtext(NS + "id") or "").strip()
    if _count(el, "id") == 1 and not _absolute_iri(ident):
        faults.append(f"{where}: id {ident!r} is not an absolute IRI (s4.2.6)")
    for name in ("updated", "published"):
        for stamp in el.findall(NS + name):
            if not RFC3339.fullmatch((stamp.text or "").strip()):
                faults.append(f"{where}: {name} {stamp.text!r} is not an RFC 3339 date-time (s3.3)")
    for name in ("title", "subtitle", "summary", "rights"):
        for text in el.findall(NS + name):
            faults += _text_construct(text, f"{where} {name}")
    for name in ("author", "contributor"):
        for person in el.findall(NS + name):
            faults += _person(person, f"{where} {name}")
    return faults + _links(el, where)


def atom_faults(document: bytes) -> list[str]:
    """Every MUST of RFC 4287 the document breaks; empty for a valid feed."""
    try:
        root = ET.fromstring(document)
    except ET.ParseError as error:
        return [f"not well-formed XML: {error}"]
    if root.tag != NS + "feed":
        return [f"the root is {root.tag}, not atom:feed (s4.1.1)"]
    faults = _common(root, "feed", SINGLE_IN_FEED, AT_MOST_ONE_IN_FEED)
    entries = root.findall(NS + "entry")
    feed_author = _count(root, "author") > 0
    ids: Counter[tuple[str, str]] = Counter()
    for n, entry in enumerate(entries, 1):
        where = f"entry {n}"
        faults += _common(entry, where, SINGLE_IN_ENTRY, AT_MOST_ONE_IN_ENTRY)
        source = entry.find(NS + "source")
        has_author = _count(entry, "author") > 0 or (
            source is not None and _count(source, "author") > 0
        )
        if not (feed_author or has_author):
            faults.append(f"{where}: no author, and the feed has none (s4.1.1, s4.1.2)")
        content = entry.find(NS + "content")
        alternate = [
            link
            for link in entry.findall(NS + "link")
            if link.get("rel", "alternate") == "alternate"
        ]
        if content is None and not alternate:
            faults.append(f"{where}: neither content nor an alternate link (s4.1.2)")
        if content is not None and content.get("src") and entry.find(NS + "summary") is None:
            faults.append(f"{where}: out-of-line content without a summary (s4.1.2)")
        ids[((entry.findtext(NS + "id") or ""), (entry.findtext(NS + "updated") or ""))] += 1
    for (ident, updated), n in ids.items():
        if n > 1:
            faults.append(f"{n} entries share id {ident!r} and updated {updated!r} (s4.1.1)")
    return faults


def rss_faults(document: bytes) -> list[str]:
    """The RSS 2.0 rules a reader relies on: channel title, link, description; items."""
    root = ET.fromstring(document)
    channel = root.find("channel")
    if root.tag != "rss" or channel is None:
        return ["not an RSS 2.0 document"]
    faults = [
        f"channel: no {name}"
        for name in ("title", "link", "description")
        if channel.find(name) is None
    ]
    for n, item in enumerate(channel.findall("item"), 1):
        if item.find("title") is None and item.find("description") is None:
            faults.append(f"item {n}: neither title nor description")
        link = item.findtext("link") or ""
        if link and not _absolute_iri(link):
            faults.append(f"item {n}: link {link!r} is not absolute")
        guid = item.find("guid")
        permalink = guid is not None and guid.get("isPermaLink", "true") == "true"
        if permalink and guid is not None and not _absolute_iri(guid.text or ""):
            faults.append(f"item {n}: a permalink guid that is not a URL")
    return faults
