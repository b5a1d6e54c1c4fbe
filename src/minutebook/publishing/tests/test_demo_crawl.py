"""The pages part of the exempt canary crawl, over the demo council.

The demo puts a unique token into every exempt report, appendix and minute. An
anonymous visitor follows every link of the public site from the home page (pages,
document files, agenda packs in PDF and HTML) and searches for the token and for the
words of exempt papers' titles; the token never appears.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.test import Client

from minutebook.demo import EXEMPT_CANARY
from minutebook.demo.testing import demo_loaded
from minutebook.publishing.tests.test_pages import crawl
from minutebook.reports.models import Report
from minutebook.search.models import SearchEntry

pytestmark = pytest.mark.slow

TODAY = dt.date(2025, 3, 12)


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any, run_tmp: Path) -> Iterator[Any]:
    with django_db_blocker.unblock(), demo_loaded(TODAY, run_tmp) as demo:
        yield demo


@pytest.mark.django_db
def test_demo_crawl_and_searches_never_show_the_canary(client: Client, demo: Any) -> None:
    council = demo.council.slug
    officer = Report.officer_objects
    exempt_titles = list(officer.filter(is_exempt=True).values_list("title", flat=True))
    assert exempt_titles, "the demo has exempt reports, so the crawl below could fail"
    assert not SearchEntry.objects.filter(body__contains=EXEMPT_CANARY).exists()
    assert not SearchEntry.objects.filter(title__contains=EXEMPT_CANARY).exists()

    pages = crawl(client, "/")
    words = {w for t in exempt_titles for w in re.findall(r"[A-Za-z]{5,}", t)}
    searches = [quote(EXEMPT_CANARY), *sorted(words)[:15]]
    for query in searches:
        crawl(client, f"/{council}/search/?q={query}", pages)
    assert any("/items/" in url for url in pages), "no agenda item pages reached"
    assert any("/decisions/" in url for url in pages)
    assert any("/forward-plan/" in url for url in pages)
    echoes = {url for url in pages if quote(EXEMPT_CANARY) in url}
    leaks = [url for url, body in pages.items() if EXEMPT_CANARY in body and url not in echoes]
    assert leaks == [], f"exempt text on {leaks[:10]}"
    for url in echoes:
        if "/search/" in url:
            assert "No results" in pages[url]
