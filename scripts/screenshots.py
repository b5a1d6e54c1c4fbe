"""Screenshots of the public site for the docs: the councillor, committee, calendar,
meeting, decision and plan pages, at 1280 px and 320 px wide, into docs/screenshots/.

    uv run python scripts/screenshots.py                 # a fresh demo on a scratch SQLite
    uv run python scripts/screenshots.py --url http://127.0.0.1:8000/   # a running site

Without --url the script loads the demo council into a temporary data directory, runs
`minutebook web` on --port and stops it when done (nothing of yours is touched). Each
page is found by following the site's own links from the council's home page, so the
pictures show whatever the demo holds. Playwright drives Debian's Chromium
(/usr/bin/chromium); no browser is downloaded.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urljoin

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
COUNCIL = "wessex-vale"
#: (width, greatest height of the picture): the top of each page, charts included.
SIZES = ((1280, 2000), (320, 2600))


def _serve(port: int, data: Path) -> subprocess.Popen[bytes]:
    """Load the demo into ``data`` and start the web server on ``port``."""
    env = {**os.environ, "MINUTEBOOK_VAR_DIR": str(data)}
    env.pop("DATABASE_URL", None)
    env.setdefault("DJANGO_SETTINGS_MODULE", "minutebook.settings.dev")
    subprocess.run(["minutebook", "demo"], env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    server = subprocess.Popen(["minutebook", "web", "--port", str(port)], env=env, cwd=ROOT)
    for _ in range(120):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
            return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise SystemExit("the demo server did not start")


def _first_link(page: object, pattern: str) -> str:
    hrefs = page.eval_on_selector_all("main a[href]", "els => els.map(e => e.getAttribute('href'))")  # type: ignore[attr-defined]
    for href in hrefs:
        if re.search(pattern, href):
            return str(href)
    raise SystemExit(f"no link matching {pattern} on {page.url}")  # type: ignore[attr-defined]


def find_pages(page: object, base: str) -> dict[str, str]:
    """The page of each kind, found by the links a visitor would follow."""
    go = page.goto  # type: ignore[attr-defined]
    found: dict[str, str] = {}
    go(urljoin(base, f"/{COUNCIL}/decisions/"))
    found["decision"] = _first_link(page, rf"^/{COUNCIL}/decisions/\d+/$")
    go(urljoin(base, found["decision"]))
    found["meeting"] = _first_link(page, rf"^/{COUNCIL}/[\w-]+/\d{{4}}-\d\d-\d\d(-\d+)?/$")
    found["committee"] = re.sub(r"\d{4}-\d\d-\d\d(-\d+)?/$", "", found["meeting"])
    go(urljoin(base, f"/{COUNCIL}/councillors/"))
    found["councillor"] = _first_link(page, rf"^/{COUNCIL}/councillors/\d+-[\w-]+/$")
    found["calendar"] = f"/{COUNCIL}/meetings/"
    go(urljoin(base, f"/{COUNCIL}/plans/"))
    found["plan"] = _first_link(page, rf"^/{COUNCIL}/plans/[\w-]+/$")
    return found


def shoot(base: str, out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            for width, height in SIZES:
                context = browser.new_context(viewport={"width": width, "height": 900})
                page = context.new_page()
                pages = find_pages(page, base)
                for name, path in pages.items():
                    response = page.goto(urljoin(base, path))
                    if response is None or response.status != 200:
                        raise SystemExit(f"{path} answered {response and response.status}")
                    target = out / f"{name}-{width}.png"
                    tall = page.evaluate("document.documentElement.scrollHeight")
                    clip = {"x": 0, "y": 0, "width": width, "height": min(tall, height)}
                    page.screenshot(path=str(target), full_page=True, clip=clip)
                    written.append(target)
                    print(f"{target}  {path}")
                context.close()
        finally:
            browser.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="a running minutebook with the demo council loaded")
    parser.add_argument("--port", type=int, default=8796, help="port for the scratch server")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        sys.exit(f"{CHROMIUM} is missing: apt-get install chromium")
    if args.url:
        shoot(args.url, args.out)
        return
    with tempfile.TemporaryDirectory(prefix="minutebook-shots-") as data:
        server = _serve(args.port, Path(data))
        try:
            shoot(f"http://127.0.0.1:{args.port}/", args.out)
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
