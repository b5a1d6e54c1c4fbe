"""The README's run command, end to end: `minutebook serve --demo` on a fresh SQLite file.

Starts the real console script in a subprocess, waits for it to answer, then walks
council home → committee → meeting and expects 200 at each step.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.own_database]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read().decode()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory):
    """One demo service for the module: starting it (migrate, load the demo) is the slow
    part, and the tests below only read or add to it."""
    tmp_path = tmp_path_factory.mktemp("serve")
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "minutebook.settings.dev",
        "MINUTEBOOK_MEDIA_ROOT": str(tmp_path / "media"),
        "PYTHONUNBUFFERED": "1",  # the banner reaches the log while the service runs
    }
    script = Path(sys.executable).with_name("minutebook")
    log_path = tmp_path / "serve.log"
    log = log_path.open("w")
    proc = subprocess.Popen(
        [str(script), "serve", "--demo", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            if proc.poll() is not None:
                pytest.fail(f"serve exited early:\n{log_path.read_text()}")
            try:
                _get(base + "/")
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("serve did not answer within 120 s")
                time.sleep(0.5)
        yield base, proc, log_path
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def test_serve_demo_answers_council_committee_and_meeting(served):
    base, _proc, log_path = served
    status, home = _get(base + "/")
    assert status == 200
    council = re.search(r'href="/([a-z0-9-]+)/"', home)
    assert council, "the home page links to a council"
    status, council_page = _get(f"{base}/{council.group(1)}/")
    assert status == 200
    meeting = re.search(
        rf'href="(/{council.group(1)}/([a-z0-9-]+)/\d{{4}}-\d\d-\d\d(?:-\d+)?/)"', council_page
    )
    assert meeting, "the council home links to a meeting"
    status, _committee = _get(f"{base}/{council.group(1)}/{meeting.group(2)}/")
    assert status == 200
    status, meeting_page = _get(base + meeting.group(1))
    assert status == 200
    assert "Agenda" in meeting_page or "agenda" in meeting_page
    # The startup banner names the address and the demo logins.
    out = log_path.read_text()
    assert f"http://127.0.0.1:{base.rsplit(':', 1)[1]}/" in out
    assert "officer" in out and "minutebook-demo-officer" in out
    # Its absolute links name the address it answers on (the API's ids, e-mails' links).
    status, system = _get(base + "/oparl/v1/")
    assert status == 200 and json.loads(system)["id"].startswith(base + "/")


class Browser:
    """A cookie-keeping HTTP client that submits forms as a browser would (CSRF token)."""

    def __init__(self, base: str) -> None:
        import http.cookiejar

        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, path: str) -> tuple[int, str, bytes]:
        with self.opener.open(self.base + path, timeout=30) as response:
            return response.status, response.geturl(), response.read()

    def submit(self, path: str, data: dict[str, str]) -> tuple[str, str]:
        """GET the form at ``path``, POST it with ``data``; the final URL and page."""
        import urllib.parse

        _, _, page = self.get(path)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token, f"no form at {path}"
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": token.group(1).decode(), **data})
        request = urllib.request.Request(
            self.base + path, data=body.encode(), headers={"Referer": self.base + path}
        )
        with self.opener.open(request, timeout=60) as response:
            return response.geturl(), response.read().decode()


def _poll(check, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while True:
        found = check()
        if found:
            return found
        assert time.monotonic() < deadline, f"{what} not within {timeout} s"
        time.sleep(1)


def test_the_demo_service_builds_packs_indexes_and_publishes_with_no_other_command(served):
    """The issue's acceptance: packs, search, minutes and a new agenda's pack, all by itself."""
    base, _proc, _log = served
    started = time.monotonic()
    browser = Browser(base)

    def pack_of(page_path: str) -> bytes | None:
        _, _, page = browser.get(page_path)
        link = re.search(rb'href="(/[^"]*agenda-pack[^"]*\.pdf)"', page)
        if not link:
            return None
        status, _, pdf = browser.get(link.group(1).decode())
        return pdf if status == 200 and pdf.startswith(b"%PDF") else None

    _, _, home = browser.get("/wessex-vale/")
    meetings = re.findall(rb'href="(/wessex-vale/[a-z0-9-]+/\d{4}-\d\d-\d\d/)"', home)
    assert meetings
    _poll(lambda: pack_of(meetings[0].decode()), 90 - (time.monotonic() - started), "a pack")

    _, _, results = browser.get("/wessex-vale/search/?q=budget")
    assert b"budget" in results.lower() and b"No results" not in results

    # A held meeting: its page links "Minutes and attendance", which shows both.
    committee_pages = sorted({m.decode().rsplit("/", 2)[0] + "/" for m in meetings})
    minutes_links = []
    for committee_page in committee_pages:
        _, _, listing = browser.get(committee_page)
        for path in re.findall(rb'href="(/wessex-vale/[a-z0-9-]+/\d{4}-\d\d-\d\d/)"', listing):
            _, _, page = browser.get(path.decode())
            link = re.search(rb'href="([^"]+)">Minutes and attendance', page)
            if link:
                minutes_links.append(link.group(1).decode())
        if len(minutes_links) >= 3:
            break
    assert minutes_links, "held meetings link their minutes and attendance"
    shown = 0
    for link in minutes_links:
        _, _, minutes = browser.get(link)
        if b"not yet available" in minutes:
            continue  # draft minutes, not yet confirmed: not public (s100C(1))
        assert b"RESOLVED" in minutes and b"Present" in minutes, link
        shown += 1
    assert shown, "confirmed minutes are public with their attendance"

    # An officer publishes a new agenda through /officer/; its pack follows within 30 s.
    url, _ = browser.submit(
        "/accounts/login/", {"username": "officer", "password": "minutebook-demo-officer"}
    )
    assert "/officer/" in url
    _, _, committees = browser.get("/officer/meetings/")
    committee = re.search(rb'href="(/officer/meetings/committee/(\d+)/)"', committees)
    assert committee
    new = f"/officer/meetings/committee/{committee.group(2).decode()}/new/"
    _, _, form = browser.get(new)
    venue = re.search(rb'<option value="(\d+)"', form)
    start = time.strftime("%Y-%m-%dT18:00", time.localtime(time.time() + 40 * 86400))
    url, page = browser.submit(new, {"start": start, "venue": venue.group(1).decode()})
    meeting = re.search(r"/officer/meetings/(\d+)/", url)
    assert meeting, page[:2000]
    officer_meeting = f"/officer/meetings/{meeting.group(1)}/"
    browser.submit(officer_meeting + "items/new/", {"title": "Budget monitoring, quarter 3"})
    url, page = browser.submit(officer_meeting + "publish/", {})
    assert "Agenda published" in page, page[:3000]
    published = time.monotonic()
    public = re.search(r'href="(/wessex-vale/[a-z0-9-]+/\d{4}-\d\d-\d\d(?:-\d+)?/)"', page)
    assert public, "the officer page links the public meeting page"
    pdf = _poll(lambda: pack_of(public.group(1)), 30, "the new agenda's pack")
    assert b"%PDF" in pdf[:8]
    assert time.monotonic() - published <= 30

    # The officer then marks the item exempt. From that response on, the public pack
    # address never serves the old version again; the worker publishes a new one, which
    # prints the exemption, within 30 s, with nobody asking for a rebuild.
    _, _, officer_page = browser.get(officer_meeting)
    row = officer_page[officer_page.index(b"Budget monitoring, quarter 3") :]
    exempt_link = re.search(rb'href="(/officer/meetings/items/\d+/exempt/)"', row)
    assert exempt_link, "the officer meeting page offers 'Mark exempt'"
    browser.submit(
        exempt_link.group(1).decode(),
        {"paragraphs": "3", "public_interest_reason": "Commercial terms still in negotiation."},
    )
    marked = time.monotonic()
    _status, served_now = _status_and_body(base + public.group(1) + "agenda-pack.pdf")
    assert served_now != pdf, "the withdrawn pack was still served after the change"

    def exempt_pack() -> bytes | None:
        found = pack_of(public.group(1))
        return found if found and found != pdf and b"%PDF" in found[:8] else None

    rebuilt = _poll(exempt_pack, 30, "the pack rebuilt after the item was made exempt")
    assert time.monotonic() - marked <= 30
    from minutebook.packs.tests.pdfcheck import page_texts

    text = " ".join(" ".join(page_texts(rebuilt)).split())
    assert "Budget monitoring, quarter 3 (exempt: para 3)" in text, text


def _status_and_body(url: str) -> tuple[int, bytes]:
    import urllib.error

    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""
