"""The README's run command, end to end: `minutebook serve --demo` on a fresh SQLite file.

Starts the real console script in a subprocess, waits for it to answer, then walks
council home → committee → meeting and expects 200 at each step.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read().decode()


@pytest.fixture
def served(tmp_path: Path):
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "minutebook.settings.dev",
        "MINUTEBOOK_MEDIA_ROOT": str(tmp_path / "media"),
    }
    script = Path(sys.executable).with_name("minutebook")
    proc = subprocess.Popen(
        [str(script), "serve", "--demo", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            if proc.poll() is not None:
                pytest.fail(f"serve exited early:\n{proc.stdout.read() if proc.stdout else ''}")
            try:
                _get(base + "/")
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("serve did not answer within 120 s")
                time.sleep(0.5)
        yield base, proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_serve_demo_answers_council_committee_and_meeting(served):
    base, proc = served
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
    proc.terminate()
    out = proc.communicate(timeout=10)[0]
    assert f"http://127.0.0.1:{base.rsplit(':', 1)[1]}/" in out
    assert "officer" in out and "minutebook-demo-officer" in out
