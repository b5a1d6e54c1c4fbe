"""Absolute links to the site are built in one place, ``core.site``.

E-mailed links (alerts, reminders, notifications), feed ids and OParl ids all name the
configured address; a second copy of the rule could drift (a trailing slash doubled, a
path prefix lost), so no other module may read ``MINUTEBOOK_BASE_URL`` itself.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

from minutebook.core.site import site_origin, site_url

PACKAGE = Path(__file__).resolve().parents[2]  # src/minutebook


def test_only_core_site_reads_the_base_url_setting() -> None:
    readers = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if relative.parts[0] == "settings" or "tests" in relative.parts:
            continue
        if relative == Path("core/site.py"):
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"settings\s*\.\s*MINUTEBOOK_BASE_URL", text):
            readers.append(str(relative))
    assert readers == [], f"build absolute links with minutebook.core.site: {readers}"


@pytest.mark.parametrize(
    ("base", "path", "expected"),
    [
        ("https://democracy.example.gov.uk", "/a/b/", "https://democracy.example.gov.uk/a/b/"),
        ("https://democracy.example.gov.uk/", "/a/", "https://democracy.example.gov.uk/a/"),
        ("https://example.gov.uk/democracy/", "/a/", "https://example.gov.uk/democracy/a/"),
        (" https://example.gov.uk ", "a/", "https://example.gov.uk/a/"),
    ],
)
def test_site_url_joins_the_configured_address_and_a_path(
    settings: object, base: str, path: str, expected: str
) -> None:
    settings.MINUTEBOOK_BASE_URL = base  # type: ignore[attr-defined]
    assert site_url(path) == expected
    assert not site_origin().endswith("/")


@pytest.mark.django_db
def test_oparl_ids_and_feed_ids_name_the_same_address(settings: object, client: Client) -> None:
    """Through the real pages: the API and the feeds agree on the address, prefix kept."""
    from minutebook.councils.factories import CouncilFactory

    settings.MINUTEBOOK_BASE_URL = "https://example.gov.uk/democracy/"  # type: ignore[attr-defined]
    council = CouncilFactory(slug="wyvern-vale")
    system = client.get("/oparl/v1/", HTTP_HOST="testserver").json()
    assert system["id"] == "https://example.gov.uk/democracy/oparl/v1/"
    feed = client.get(f"/{council.slug}/feeds/decisions.atom").content.decode()
    assert "<id>https://example.gov.uk/democracy/" in feed
    assert "democracy//" not in feed
