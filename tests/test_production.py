"""`minutebook serve --production`: the production server, worker and scheduler, for real.

Starts the console script on a fresh SQLite file with production settings from the
environment (plain HTTP on loopback, so no HTTPS redirect), waits for it, reads pages,
static files and the health endpoints, then stops it with SIGTERM as systemd would.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.test_serve import _free_port

pytestmark = [pytest.mark.slow, pytest.mark.own_database]


def _fetch(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=20) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_serve_production_runs_gunicorn_worker_and_scheduler(tmp_path: Path) -> None:
    port = _free_port()
    env = {
        **os.environ,
        "MINUTEBOOK_VAR_DIR": str(tmp_path),
        "DJANGO_SECRET_KEY": "test-only-" + "k" * 50,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "MINUTEBOOK_TASK_HEARTBEAT_SECONDS": "1",
    }
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    script = Path(sys.executable).with_name("minutebook")
    log = (tmp_path / "serve.log").open("w+")
    proc = subprocess.Popen(
        [
            str(script),
            "serve",
            "--production",
            "--demo",
            "--port",
            str(port),
            "--web-processes",
            "2",
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while True:
            assert proc.poll() is None, (
                f"serve exited early:\n{(tmp_path / 'serve.log').read_text()}"
            )
            try:
                status, headers, _ = _fetch(base + "/health/")
                if status == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, "no answer within 180 s"
            time.sleep(0.5)
        assert headers.get("Server", "").startswith("gunicorn")
        assert re.fullmatch(r"[0-9a-f]{32}", headers["X-Request-ID"])

        status, headers, body = _fetch(base + "/wessex-vale/")
        page = body.decode()
        assert status == 200 and "Wessex Vale" in page
        assert "Strict-Transport-Security" not in headers  # plain HTTP on loopback
        css = re.search(r'href="(/static/build/minutebook\.[0-9a-f]{12}\.css)"', page)
        assert css, "the stylesheet has a hashed, collected name"
        status, headers, _ = _fetch(base + css.group(1))
        assert status == 200 and "max-age=315360000" in headers.get("Cache-Control", "")
        meeting = re.search(r'href="(/wessex-vale/[a-z0-9-]+/\d{4}-\d\d-\d\d/)"', page)
        assert meeting
        assert _fetch(base + meeting.group(1))[0] == 200
        assert _fetch(base + "/oparl/v1/")[0] == 200
        assert _fetch(base + "/no-such-council/")[0] == 404
        # The worker and the scheduler report in.
        deadline = time.monotonic() + 60
        while True:
            status, _, body = _fetch(base + "/health/worker/")
            if b'"workers": 1' in body and b'"schedulers": 1' in body:
                break
            assert time.monotonic() < deadline, body
            time.sleep(1)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            code = proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise
    output = (tmp_path / "serve.log").read_text()
    assert code == 0, output
    assert "minutebook stopped." in output
    with pytest.raises(OSError):
        _fetch(base + "/health/")
