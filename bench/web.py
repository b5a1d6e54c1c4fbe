"""Public web benchmark on a national-scale synthetic archive.

    uv run python bench/web.py [--councils 400] [--years 10] [--quick] [--db sqlite|postgres]
                               [--requests N] [--check]
    uv run python bench/web.py --http [--server gunicorn|granian|both] [--cache on|off|both]
                               [--processes 2] [--connections 8] [--duration 10] [--rounds 2]

Generates (once per scale, kept in its own database) a synthetic archive: ``--councils``
councils, each with six committees meeting ten times a year for ``--years`` years, eight
agenda items a meeting (one in eight exempt). Then, in one run, times a bare Django view
and each measurement below through the full middleware stack (Django's test client, in
process), and prints p50/p95 in milliseconds and each p95 as a ratio to the bare view's.

Each page is timed twice: *rendered* with the public page cache switched off (every
request queries the database and renders the template: what the first visitor to a page
after a change waits for) and *served* as deployed, with the cache on (the warm-up pass
has stored each page, so these are the repeat visits; any write to the database starts
a new generation and the next visit renders again). Goals: p95 <= 50 ms and <= 3x the
bare view; ``--check`` exits 1 when a served page misses either, or a rendered one
misses 50 ms. ``--db both`` runs SQLite then PostgreSQL.

Structure, so each page's owner adds to it without touching the rest:

- ``generate()`` writes the archive; extend it for what a measurement needs.
- ``MEASUREMENTS`` lists ``(name, urls)`` where ``urls(ctx)`` returns the addresses to
  request in rotation; add a function and a line there.

Databases, one per scale: SQLite in ``var/bench-web-<councils>x<years>.sqlite3``, or
PostgreSQL in the database ``minutebook_bench_<councils>x<years>`` (created if missing;
``BENCH_POSTGRES_PREFIX`` changes the first part) on ``BENCH_POSTGRES_URL`` (default
``postgres://postgres@127.0.0.1:5432``).

Served over HTTP (``--http``): instead of the test client, the production WSGI server
runs on a loopback port against the same database (production settings plus the bare
view: ``bench_web_settings``), and wrk loads it with ``--connections`` for ``--duration``
seconds per measurement, rotating over the measurement's addresses; it prints requests/s,
p50 and p95 and each against the bare view on the same server. ``--server both`` runs
gunicorn (as ``minutebook web --production`` starts it) and granian side by side, taking
turns; ``--cache off`` starts them with ``MINUTEBOOK_PUBLIC_CACHE=0`` (every page
rendered), ``--cache both`` does both. See bench/web_http.py and docs/performance.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
import types
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

P95_GOAL_MS = 50.0
RATIO_GOAL = 3.0
COMMITTEES = 6
MEETINGS_PER_YEAR = 10
ITEMS_PER_MEETING = 8


def configure(db: str, councils: int, years: int) -> str:
    """Point Django at the bench database for this scale (before django.setup())."""
    if db == "postgres":
        base = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
        import psycopg

        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            prefix = os.environ.get("BENCH_POSTGRES_PREFIX", "minutebook_bench")
            name = f"{prefix}_{councils}x{years}"
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{name}"')
        url = f"{base}/{name}"
    else:
        path = ROOT / "var" / f"bench-web-{councils}x{years}.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{path}"
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minutebook.settings.test")
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["*"]
    settings.DEBUG = False
    return url


# -- the archive ------------------------------------------------------------------------


def generate(councils: int, years: int, log: Callable[[str], None]) -> None:
    """Write the synthetic archive unless this database already holds it."""
    from django.db import transaction
    from django.utils import timezone

    from minutebook.committees.models import Committee, CommitteeKind
    from minutebook.councils.models import Council
    from minutebook.meetings.models import AgendaItem, Meeting, MeetingState

    if Council.objects.filter(slug__startswith="bench-").count() >= councils:
        return
    london = timezone.get_default_timezone()
    first_year = timezone.localdate().year - years + 1
    kinds = list(CommitteeKind.values)
    started = time.perf_counter()
    for n in range(Council.objects.filter(slug__startswith="bench-").count(), councils):
        with transaction.atomic():
            council = Council.objects.create(name=f"Bench Council {n:03d}", slug=f"bench-{n:03d}")
            committees = Committee.objects.bulk_create(
                Committee(
                    council=council,
                    name=f"Committee {c}",
                    slug=f"committee-{c}",
                    kind=kinds[c % len(kinds)],
                )
                for c in range(COMMITTEES)
            )
            meetings = []
            for c, committee in enumerate(committees):
                for year in range(first_year, first_year + years):
                    for m in range(MEETINGS_PER_YEAR):
                        day = dt.date(year, 1 + m, 3 + (c * 3 + n) % 24)
                        start = dt.datetime.combine(day, dt.time(18, 30), tzinfo=london)
                        meetings.append(
                            Meeting(
                                committee=committee,
                                start=start,
                                end=start + dt.timedelta(hours=2),
                                date=day,
                                slug=day.isoformat(),
                                state=MeetingState.HELD,
                                published_at=start - dt.timedelta(days=8),
                            )
                        )
            Meeting.objects.bulk_create(meetings, batch_size=2000)
            items = [
                AgendaItem(
                    meeting=meeting,
                    order=i,
                    number=str(i),
                    title=f"Item {i} of {meeting.committee.name} on {meeting.date:%-d %B %Y}",
                    published_at=meeting.published_at,
                    exempt_paragraphs=[3] if i == ITEMS_PER_MEETING else [],
                    is_exempt=i == ITEMS_PER_MEETING,
                )
                for meeting in meetings
                for i in range(1, ITEMS_PER_MEETING + 1)
            ]
            AgendaItem.public_objects.bulk_create(items, batch_size=5000)
        if n % 10 == 9 or n == councils - 1:
            log(
                f"  generated {n + 1} of {councils} councils ({time.perf_counter() - started:.0f} s)"
            )


#: Council business for report text and search queries (the meeting page and search).
TOPICS = [
    "leisure centre",
    "library opening hours",
    "car parking charges",
    "housing allocations",
    "waste collection",
    "planning enforcement",
    "budget monitoring",
    "treasury management",
    "flood defences",
    "bus shelters",
    "street lighting",
    "allotment rents",
    "community safety",
    "air quality",
    "school transport",
    "homelessness prevention",
    "council tax support",
    "climate emergency",
    "town centre regeneration",
    "public toilets",
]
SENTENCE = (
    "The report sets out the options for {topic} in ward {ward}, the costs over the medium "
    "term and the views of residents gathered during consultation. Officers recommend option "
    "{n}, which keeps spending within the approved budget and meets the council's duties."
)
REPORT_ITEMS = (4, 5)


def generate_papers(councils: int, log: Callable[[str], None]) -> int:
    """Reports on items 4 and 5 of every meeting, a decision for each, and their search rows.

    Written in bulk, so the search index rows are written here too (the signals that keep
    the index in step do not fire for bulk writes); one council at a time, skipped when
    the council already has them.
    """
    import random

    from django.db import transaction

    from minutebook.councils.models import Council
    from minutebook.decisions.models import Decision
    from minutebook.meetings.models import AgendaItem, Meeting
    from minutebook.reports.models import Report
    from minutebook.search.models import EntryKind, SearchEntry

    rng = random.Random(7)
    started = time.perf_counter()
    written = 0
    todo = Council.objects.filter(slug__startswith="bench-").order_by("slug")[:councils]
    for n, council in enumerate(todo):
        if SearchEntry.objects.filter(council=council).exists():
            continue
        written += 1
        with transaction.atomic():
            meetings = list(
                Meeting.objects.filter(committee__council=council)
                .select_related("committee")
                .order_by("pk")
            )
            reports = []
            for _meeting in meetings:
                for k in REPORT_ITEMS:
                    topic = rng.choice(TOPICS)
                    body = " ".join(
                        SENTENCE.format(topic=rng.choice(TOPICS), ward=rng.randint(1, 40), n=j)
                        for j in range(12)
                    )
                    reports.append(
                        Report(
                            council=council,
                            title=f"{topic.capitalize()}: review {k}",
                            brief_summary=SENTENCE.format(topic=topic, ward=k, n=1),
                            body=body,
                        )
                    )
            reports = Report.public_objects.bulk_create(reports, batch_size=2000)
            by_meeting = {m.pk: reports[2 * i : 2 * i + 2] for i, m in enumerate(meetings)}
            items = list(
                AgendaItem.public_objects.filter(
                    meeting__committee__council=council, order__in=REPORT_ITEMS
                ).only("pk", "meeting_id", "order")
            )
            for item in items:
                item.report_id = by_meeting[item.meeting_id][REPORT_ITEMS.index(item.order)].pk
            AgendaItem.public_objects.bulk_update(items, ["report"], batch_size=2000)
            decisions = Decision.public_objects.bulk_create(
                (
                    Decision(
                        council=council,
                        title=report.title,
                        meeting=meeting,
                        decision_maker=meeting.committee,
                        decision=f"That the recommendations on {report.title} be agreed.",
                        date=meeting.date,
                        published_at=meeting.published_at,
                    )
                    for meeting in meetings
                    for report in by_meeting[meeting.pk]
                ),
                batch_size=2000,
            )
            entries = []
            for meeting in meetings:
                url = f"/{council.slug}/{meeting.committee.slug}/{meeting.slug}/"
                for k, report in zip(REPORT_ITEMS, by_meeting[meeting.pk], strict=True):
                    entries.append(
                        SearchEntry(
                            kind=EntryKind.REPORT,
                            object_id=report.pk,
                            council=council,
                            committee_id=meeting.committee_id,
                            meeting=meeting,
                            title=report.title,
                            body=f"{report.brief_summary}\n\n{report.body}",
                            url=f"{url}items/{k}/",
                            date=meeting.date,
                        )
                    )
            entries += [
                SearchEntry(
                    kind=EntryKind.DECISION,
                    object_id=d.pk,
                    council=council,
                    committee_id=d.decision_maker_id,
                    meeting_id=d.meeting_id,
                    title=d.title,
                    body=d.decision,
                    url=f"/{council.slug}/decisions/{d.pk}/",
                    date=d.date,
                )
                for d in decisions
            ]
            SearchEntry.objects.bulk_create(entries, batch_size=2000)
        if n % 10 == 9 or n == councils - 1:
            log(
                f"  papers for {n + 1} of {councils} councils ({time.perf_counter() - started:.0f} s)"
            )
    return written


# -- measurements -----------------------------------------------------------------------


@dataclass
class Context:
    """What measurements may use to pick their addresses."""

    council_slugs: list[str]
    sample: int = 12
    extra: dict[str, Any] = field(default_factory=dict)


def sample_councils(ctx: Context) -> list[str]:
    step = max(1, len(ctx.council_slugs) // ctx.sample)
    return ctx.council_slugs[::step][: ctx.sample]


def oparl_deep_list_urls(ctx: Context) -> list[str]:
    """An OParl agenda-item list page 90% of the way through each sampled council.

    Keyset pagination: the cursor is the last id of the previous page, so a deep page
    costs what the first one does. The cursor is found the way a client would reach it
    (the id ending the page before), without walking the pages.
    """
    from minutebook.api.oparl import KINDS
    from minutebook.councils.models import Council

    urls = []
    for slug in sample_councils(ctx):
        council = Council.objects.get(slug=slug)
        rows = KINDS["AgendaItem"].rows(council.pk).order_by("pk").values_list("pk", flat=True)
        total = rows.count()
        deep = rows[int(total * 0.9)]
        urls.append(f"/oparl/v1/body/{slug}/agenda-items?limit=20&after=0.{deep}")
    return urls


def meeting_page_urls(ctx: Context) -> list[str]:
    """Meeting pages from the oldest, a middle and the latest year of each sampled council."""
    from minutebook.meetings.models import Meeting

    urls = []
    for slug in sample_councils(ctx):
        meetings = Meeting.objects.filter(committee__council__slug=slug).order_by("start")
        total = meetings.count()
        for meeting in (meetings[0], meetings[total // 2], meetings[total - 1]):
            urls.append(f"/{slug}/{meeting.committee.slug}/{meeting.slug}/")
    return urls


def search_urls(ctx: Context) -> list[str]:
    """A council's own search for a two- or three-word topic, first page of results."""
    from urllib.parse import quote_plus

    councils = sample_councils(ctx)
    return [
        f"/{councils[n % len(councils)]}/search/?q={quote_plus(topic)}"
        for n, topic in enumerate(TOPICS)
    ]


def national_search_urls(ctx: Context) -> list[str]:
    """The same words searched across every council's papers at once."""
    from urllib.parse import quote_plus

    return [f"/search/?q={quote_plus(topic)}" for topic in TOPICS]


#: (name, addresses to request in rotation). Owners of other pages add theirs here.
MEASUREMENTS: list[tuple[str, Callable[[Context], list[str]]]] = [
    ("OParl list, deep page", oparl_deep_list_urls),
    ("meeting page", meeting_page_urls),
    ("search, one council", search_urls),
    ("search, all councils", national_search_urls),
]


# -- timing -----------------------------------------------------------------------------


def urlconf() -> types.ModuleType:
    """The site's URLs plus the bare view the others are compared with."""
    import bench_web_urls

    return bench_web_urls


def time_urls(client: Any, urls: list[str], requests: int) -> list[float]:
    """Milliseconds per request, after one warm-up pass over the addresses."""
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    out = []
    for n in range(requests):
        url = urls[n % len(urls)]
        start = time.perf_counter()
        response = client.get(url)
        out.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return out


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[18]


def serve_over_http(args: argparse.Namespace, ctx: Context) -> int:
    """``--http``: the pages through the production server on loopback (bench/web_http.py)."""
    import web_http
    from django.db import connections

    measurements = [("bare Django view", ["/__bench__/bare/"])]
    measurements += [(name, urls_for(ctx)) for name, urls_for in MEASUREMENTS]
    connections.close_all()
    servers = list(web_http.SERVERS) if args.server == "both" else [args.server]
    modes = {"on": [True], "off": [False], "both": [True, False]}[args.cache]
    for cache in modes:
        rows = web_http.run(
            measurements,
            servers=servers,
            cache=cache,
            processes=args.processes,
            threads=args.threads,
            connections=args.connections,
            load_threads=args.load_threads,
            seconds=args.duration,
            warmup=args.warmup,
            rounds=args.rounds,
        )
        web_http.report(rows, "served from the page cache" if cache else "rendered (cache off)")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--councils", type=int, default=400)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--quick", action="store_true", help="8 councils x 2 years.")
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="sqlite")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--check", action="store_true")
    parser.add_argument(
        "--generate-only", action="store_true", help="Write the archive, time nothing."
    )
    parser.add_argument(
        "--optimize",
        action="store_true",
        help="Compact the search index first (done anyway after writing papers).",
    )
    http = parser.add_argument_group("served over HTTP (--http)")
    http.add_argument(
        "--http", action="store_true", help="Load the production server on loopback with wrk."
    )
    http.add_argument("--server", choices=["gunicorn", "granian", "both"], default="gunicorn")
    http.add_argument(
        "--cache",
        choices=["on", "off", "both"],
        default="on",
        help="Public page cache in the server: on (as deployed), off (rendered) or both runs.",
    )
    http.add_argument("--processes", type=int, default=2, help="Server processes.")
    http.add_argument("--threads", type=int, default=4, help="Threads per server process.")
    http.add_argument("--connections", type=int, default=8, help="Open connections (wrk -c).")
    http.add_argument("--load-threads", type=int, default=1, help="wrk threads (wrk -t).")
    http.add_argument("--duration", type=float, default=10.0, help="Seconds per measurement.")
    http.add_argument("--warmup", type=float, default=2.0, help="Seconds of warm-up before each.")
    http.add_argument("--rounds", type=int, default=2, help="Times each measurement is run.")
    args = parser.parse_args()
    if args.quick:
        args.councils, args.years = 8, 2
    if args.db == "both":
        # Django is set up once per process: run each database in its own child.
        import subprocess

        argv = [a for a in sys.argv[1:] if a not in ("--db", "both")]
        return max(
            subprocess.call([sys.executable, __file__, *argv, "--db", db])
            for db in ("sqlite", "postgres")
        )
    url = configure(args.db, args.councils, args.years)
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import override_settings

    from minutebook.councils.models import Council

    print(f"database: {url.split('@')[-1]}; {args.councils} councils x {args.years} years")
    call_command("migrate", "--no-input", "-v", "0")
    generate(args.councils, args.years, print)
    if generate_papers(args.councils, print) or args.optimize:
        # As an operator runs rebuild_search_index after a bulk load: a freshly loaded
        # index is in many pieces, and PostgreSQL has no statistics for its planner yet.
        from django.db import connection

        from minutebook.search.fulltext import optimize

        started = time.perf_counter()
        optimize()
        if connection.vendor == "postgresql":
            # Autovacuum would get there in time; the bench does not wait for it.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        print(
            f"  search index compacted, statistics gathered ({time.perf_counter() - started:.0f} s)"
        )
    if args.generate_only:
        return 0
    slugs = list(
        Council.objects.filter(slug__startswith="bench-")
        .order_by("slug")
        .values_list("slug", flat=True)[: args.councils]
    )
    ctx = Context(council_slugs=slugs)
    if args.http:
        return serve_over_http(args, ctx)
    client = Client()
    missed = False
    with override_settings(ROOT_URLCONF=urlconf()):
        bare = time_urls(client, ["/__bench__/bare/"], args.requests)
        bare95 = p95(bare)
        print(
            f"{'bare Django view':40} p50 {statistics.median(bare):6.2f} ms  p95 {bare95:6.2f} ms"
        )
        for name, urls_for in MEASUREMENTS:
            urls = urls_for(ctx)
            for mode, cached in (("rendered", False), ("served", True)):
                with override_settings(MINUTEBOOK_PUBLIC_CACHE=cached):
                    times = time_urls(client, urls, args.requests)
                ratio = p95(times) / bare95
                fast = p95(times) <= P95_GOAL_MS
                near = ratio <= RATIO_GOAL
                missed |= not fast or (cached and not near)
                print(
                    f"{name + ', ' + mode:40} p50 {statistics.median(times):6.2f} ms  "
                    f"p95 {p95(times):6.2f} ms {'ok' if fast else 'MISSED'}  "
                    f"{ratio:6.2f}x bare {'ok' if near else 'MISSED'}"
                )
    return 1 if (missed and args.check) else 0


if __name__ == "__main__":
    sys.exit(main())
