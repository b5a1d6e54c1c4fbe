"""What a visitor and an auditor see of a site, so two copies of it can be compared.

``snapshot(client)`` crawls the public site from the home page as an anonymous visitor
(every page's status and body, files by their sha256) and reads every table through the
base manager (exempt rows included) plus the audit trail in full.

Run as ``python -m minutebook.backup.tests.site_snapshot OUT.json`` it writes the snapshot of the
database its environment names (``DATABASE_URL``), so a test can compare a restored
database, in its own process, with the original.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import sys
import zipfile
from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit

from django.core.serializers.json import DjangoJSONEncoder

#: Enough for the scenario site several times over; a runaway crawl stops here.
MAX_PAGES = 600
#: The council's home page (through the site's root), and the OParl API's entry point.
START = ("/", "/oparl/v1/")
#: Per-request values a page may carry; none is data, so they are blanked.
VOLATILE = [
    re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")'),
    re.compile(r'(nonce=")[^"]*(")'),
    # The question form's signed start time (publishing's too-fast-to-be-human check).
    re.compile(r'(name="started" value=")[^"]*(")'),
]


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"a", "link"}:
            self.links.extend(v for k, v in attrs if k == "href" and v)


def _local(base: str, href: str) -> str | None:
    target, _ = urldefrag(urljoin(base, href))
    parts = urlsplit(target)
    if parts.scheme not in {"", "http"} or parts.netloc not in {"", "testserver"}:
        return None
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    if path.startswith(("/static/", "/media/", "/admin/", "/officer/", "/members/")):
        return None
    return path


def _json_links(body: str) -> list[str]:
    """Every URL of this site in a JSON document (OParl objects link to each other)."""
    found: list[str] = []
    stack: list[Any] = [json.loads(body)]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, str) and value.startswith("http://testserver/"):
            found.append(value)
    return found


def _zip_digest(raw: bytes) -> str:
    """A zip (the OParl export) by its members' sha256, less the export's own timestamp
    and the members' modification times, which say when it was downloaded."""
    digests = {}
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        for name in archive.namelist():
            data = archive.read(name)
            if name == "manifest.json":
                manifest = json.loads(data)
                manifest.pop("generated", None)
                data = json.dumps(manifest, sort_keys=True).encode()
            digests[name] = hashlib.sha256(data).hexdigest()
    return "zip:" + json.dumps(digests, sort_keys=True)


def crawl(client: Any, starts: tuple[str, ...] = START) -> dict[str, list[Any]]:
    """URL -> [status, content type, Location, body]; binary bodies by sha256.

    Follows links in HTML pages (``a`` and ``link``), redirects, and URLs in JSON.
    """
    pages: dict[str, list[Any]] = {}
    queue = deque(starts)
    while queue and len(pages) < MAX_PAGES:
        url = queue.popleft()
        if url in pages:
            continue
        response = client.get(url)
        raw = b"".join(response.streaming_content) if response.streaming else response.content
        kind = response.get("Content-Type", "")
        location = response.get("Location", "")
        if kind.startswith("text/") or "json" in kind or "xml" in kind:
            body = raw.decode(errors="replace")
            for pattern in VOLATILE:
                body = pattern.sub(r"\1-\2", body)
        elif kind == "application/zip":
            body = _zip_digest(raw)
        else:
            body = "sha256:" + hashlib.sha256(raw).hexdigest()
        pages[url] = [response.status_code, kind, location, body]
        found = [location] if location else []
        if kind.startswith("text/html"):
            parser = _Links()
            parser.feed(body)
            found += parser.links
        elif "json" in kind and response.status_code == 200:
            found += _json_links(body)
        for href in found:
            path = _local(url, href)
            if path is not None and path not in pages:
                queue.append(path)
    return pages


class _Encoder(DjangoJSONEncoder):
    def default(self, o: Any) -> Any:
        if isinstance(o, bytes | memoryview):
            return bytes(o).hex()
        return super().default(o)


def tables() -> dict[str, Any]:
    """Each model: every row (base manager, so exempt rows too) as a digest and a count;
    exempt-aware models also by their officer and public managers; the audit trail whole.

    The public page cache's generation is left out: a restore changes it on purpose.
    """
    from django.apps import apps

    from minutebook.audit.models import AuditEvent
    from minutebook.pagecache.models import PublicGeneration

    rows: dict[str, Any] = {}
    for model in apps.get_models(include_auto_created=True):
        if model is PublicGeneration or not model._meta.managed or model._meta.proxy:
            continue
        values = list(model._base_manager.order_by("pk").values_list())
        entry: dict[str, Any] = {
            "rows": len(values),
            "sha256": hashlib.sha256(json.dumps(values, cls=_Encoder).encode()).hexdigest(),
        }
        if hasattr(model, "officer_objects"):
            entry["officer"] = model.officer_objects.count()
            entry["public"] = model.public_objects.count()
        rows[model._meta.label] = entry
    audit = json.loads(
        json.dumps(list(AuditEvent.objects.order_by("id").values_list()), cls=_Encoder)
    )
    return {"rows": rows, "audit": audit}


def generation() -> str | None:
    from minutebook.pagecache.triggers import read_generation

    return read_generation()


def snapshot(client: Any) -> dict[str, Any]:
    return {"pages": crawl(client), **tables(), "generation": generation()}


def main() -> None:  # pragma: no cover - run in a subprocess by the tests
    import django

    django.setup()
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    Path(sys.argv[1]).write_text(json.dumps(snapshot(Client())))


if __name__ == "__main__":  # pragma: no cover
    main()
