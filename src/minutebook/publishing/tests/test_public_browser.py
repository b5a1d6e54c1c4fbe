"""Every public page type in Chromium at 320 px and 1280 px: no sideways scroll and no
axe-core WCAG 2.2 AA violation (issue 19, "Done when").

The page types are the URL patterns themselves (everything outside the officer, members',
admin, accounts, operations, health and API areas, less files, feeds and calendars), so a
page added later is checked without being listed here. Each type is filled from the demo
council: an anonymous crawl from the home page fetches a few addresses of each type and
keeps the fullest (the widest tables, the most content); the few pages no link reaches
(an alert's confirm and unsubscribe links, the question-received page) are made as a
visitor reaches them. A type that no address reaches fails the test by its name.

One Chromium and one context; each page is opened once, with axe-core injected as it
opens, and checked at each width in turn (resized, not reloaded).
"""

from __future__ import annotations

import os
import re
from collections import deque
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import resolve
from django.urls.exceptions import Resolver404

from minutebook.core.testing_browser import AXE, WCAG_TAGS
from minutebook.core.testing_crawl import hrefs, named_routes

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

WIDTHS = (320, 1280)
#: Areas that are not the public site (each has tests of its own).
PRIVATE = ("officer/", "members/", "admin/", "accounts/", "operations/", "health/", "oparl/")
#: Files (photos too), feeds and calendars: not pages. The agenda pack's ``.<str:fmt>`` is a page in
#: its HTML form, so it stays in.
FILE_ROUTE = re.compile(r"\.(ics|rss|atom|xml|csv|json|pdf|zip|txt|jpg|png)$")
FILE_NAMES = {"publishing:document"}
#: Addresses of a type (per committee) the crawl reads before it stops following it.
PER_TYPE = 2


def public_page_types() -> dict[str, str]:
    """Route -> URL name of every public page type."""
    types = {}
    for route, name in named_routes():
        if route.startswith(PRIVATE) or name in FILE_NAMES or FILE_ROUTE.search(route):
            continue
        types[route] = name
    return types


def _route(path: str) -> tuple[str, str]:
    """The route ``path`` matches ("" for none), and its committee slug if it has one."""
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return "", ""
    return match.route, match.kwargs.get("committee", "")


def sample_pages(
    client: Client, starts: list[str], types: dict[str, str]
) -> tuple[dict[str, str], set[str]]:
    """Route -> the fullest HTML address of that type the crawl found from ``starts``;
    and the routes that only redirected (to another page type)."""
    seen: dict[tuple[str, str], int] = {}
    best: dict[str, tuple[int, str]] = {}
    redirects: set[str] = set()
    queue = deque(starts)
    fetched: set[str] = set()
    while queue:
        url = queue.popleft()
        route, committee = _route(url)
        # Counted per committee too: some pages link onwards only for a kind of committee.
        key = (route, committee)
        if url in fetched or route not in types or seen.get(key, 0) >= PER_TYPE:
            continue
        fetched.add(url)
        seen[key] = seen.get(key, 0) + 1
        response = client.get(url)
        if response.status_code in {301, 302}:
            redirects.add(route)
            queue.append(urljoin(url, response["Location"]))
            continue
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        raw = b"".join(response.streaming_content) if response.streaming else response.content
        body = raw.decode(errors="replace")
        if len(body) > best.get(route, (-1, ""))[0]:
            best[route] = (len(body), url)
        for href in hrefs(body):
            target, _ = urldefrag(urljoin(url, href))
            parts = urlsplit(target)
            if parts.scheme not in {"", "http"} or parts.netloc not in {"", "testserver"}:
                continue
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            if path not in fetched:
                queue.append(path)
    return {route: url for route, (_, url) in best.items()}, redirects - set(best)


def unlinked_pages(client: Client, council: Any, pages: dict[str, str]) -> list[str]:
    """Pages reached from an email or after a form, not by a link: an alert's confirm and
    unsubscribe pages, and the question-received page (``client``'s session becomes the
    sender's, as the form leaves it)."""
    from minutebook.alerts.models import Subscription
    from minutebook.alerts.tokens import confirm_token, unsubscribe_token
    from minutebook.participation.views import SESSION_KEY

    alert = Subscription.objects.filter(council=council).first()
    assert alert is not None, "the demo has an alert subscription"
    urls = [
        f"/alerts/confirm/{confirm_token(alert.pk)}/",
        f"/alerts/unsubscribe/{unsubscribe_token(alert.pk)}/",
    ]
    submit = [url for url in pages.values() if url.endswith("/questions/")]
    if submit:
        match = resolve(submit[0])
        from minutebook.meetings.models import Meeting

        meeting = Meeting.objects.get(
            committee__council__slug=match.kwargs["council"],
            committee__slug=match.kwargs["committee"],
            slug=match.kwargs["meeting"],
        )
        session = client.session
        session[SESSION_KEY] = {"reference": "Q-0001", "kind": "question", "meeting": meeting.pk}
        session.save()
        urls.append(f"{submit[0]}received/")
    return urls


#: axe's run and the page's width, reduced in the page to what a failure names.
CHECK = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  const root = document.documentElement;
  const wide = [...document.querySelectorAll('body *')]
    .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
    .slice(0, 3)
    .map((e) => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ')[0] : ''));
  return {
    passes: result.passes.length,
    scroll: root.scrollWidth,
    inner: window.innerWidth,
    wide: wide,
    violations: result.violations.map((v) => (
      `${v.id} (${v.impact}): ${v.help} at ${JSON.stringify(v.nodes.slice(0, 3).map((n) => n.target))}`
    )),
  };
}"""


def test_every_public_page_type_fits_320px_and_passes_axe(
    browser: Any, live_server: Any, settings: Any, tmp_path: Path
) -> None:
    from minutebook.demo import load_demo
    from minutebook.meetings.models import Meeting
    from minutebook.packs.services import generate_pack

    settings.MEDIA_ROOT = str(tmp_path)
    demo = load_demo(seed=1)
    council = demo.council
    # Packs are built by the task worker; build one so the HTML pack has an address.
    held = (
        Meeting.objects.filter(committee__council=council, state="held", reports__isnull=False)
        .distinct()
        .exclude(published_at=None)
        .order_by("-start")
        .first()
    )
    assert held is not None
    generate_pack(held)

    types = public_page_types()
    client = Client()
    upcoming = (
        Meeting.objects.filter(committee__council=council, state="agenda_published")
        .order_by("start")
        .first()
    )
    assert upcoming is not None
    # The crawl reads a few pages of each type; these make sure that the pages linking to
    # the HTML pack and to the question form are among them.
    starts = [
        "/",
        held.get_absolute_url(),
        upcoming.get_absolute_url(),
        f"/{council.slug}/search/?q=budget",
        "/search/?q=budget",
    ]
    pages, redirects = sample_pages(client, starts, types)
    for url in unlinked_pages(client, council, pages):
        response = client.get(url)
        assert response.status_code == 200, f"{url} answered {response.status_code}"
        pages.setdefault(_route(url)[0] or url, url)
    missing = sorted(f"{types[r]} ({r})" for r in types if r not in pages and r not in redirects)
    assert not missing, "public page types no address reached:\n" + "\n".join(missing)

    failures: list[str] = []
    # One visit a page, checked at each width in turn: the page is resized, not reloaded
    # (its layout, and axe's view of it, follow the viewport's media queries).
    context = browser.new_context(
        bypass_csp=True, base_url=live_server.url, viewport={"width": WIDTHS[0], "height": 900}
    )
    # axe-core is injected as an inline script, which the site's CSP rightly refuses.
    context.add_init_script(path=str(AXE))
    context.add_cookies(
        [
            {
                "name": django_settings.SESSION_COOKIE_NAME,
                "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
        if django_settings.SESSION_COOKIE_NAME in client.cookies
        else []
    )
    page = context.new_page()
    for route, url in sorted(pages.items()):
        response = page.goto(url)
        assert response is not None and response.status == 200, f"{url} answered"
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            result = page.evaluate(CHECK, WCAG_TAGS)
            assert result["passes"], f"axe-core ran no checks on {url}"
            assert result["inner"] == width, (url, width, result["inner"])
            if result["scroll"] > result["inner"]:
                failures.append(
                    f"{types[route]} {url} at {width}px scrolls sideways: "
                    f"{result['scroll']} > {result['inner']} ({', '.join(result['wide'])})"
                )
            failures += [f"{types[route]} {url} at {width}px: {v}" for v in result["violations"]]
    context.close()
    assert not failures, f"{len(failures)} failures:\n" + "\n".join(failures)
