"""Importer benchmarks: parser text throughput, PDF import cost against raw extraction, and
how long an import holds the database's write lock.

    uv run python bench/import.py [--check] [--profile] [--seconds S] [--pages N]
    uv run python bench/import.py --write [--mb 10] [--database-url URL]

(a) Text: ``parse_text`` over the corpus texts, repeated for at least ``--seconds``; prints
    MB/s (CPU time of this one process, so one core) and the ratio to the 2 MB/s goal.
(b) PDF: renders the corpus texts with WeasyPrint into one PDF of ``--pages`` or more pages
    (cached under var/bench/), set as councils publish: running header, page-numbered footer,
    a two-column header, tables, hyphenation.  Then times, in the same run, raw pypdfium2
    text extraction of every page (the floor, one process), the layout reading alone
    (``reader.read_pdf_pages``) and the full PDF import parse path (``reader.read_pack``),
    each as the importer runs it (its pages read by as many processes as there are CPUs,
    ``layout.parallel``) and in one process; prints elapsed-time ratios to the floor (goal
    for the full path: at most 1.5) and the CPU time of all processes beside them.

(c) ``--write`` (instead of a and b): imports the corpus packs, then a pack of ``--mb`` MB (the
    corpus pack with most prose, its prose lines repeated) for a council of its own, created
    and then updated, into a new SQLite file under var/bench/ (or ``--database-url``, which must be a scratch database),
    and prints per pack the parse time, the whole ``write_pack`` and its write transaction
    (``ImportResult.transaction_seconds``: on SQLite, how long officers' saves wait at most).

``--check`` exits 1 when a goal is missed. ``--profile`` prints the parser's hot spots (also
when the text goal is missed); ``--stages`` times each parse stage on the PDF's text (also when
the PDF goal is missed); ``--steps`` gives the own CPU time of each step of the whole PDF path
(pdfium's loading, the layout reader's steps, the parse stages).
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import html
import io
import os
import pstats
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
CACHE = ROOT / "var" / "bench"
TEXT_GOAL_MB_S = 2.0
PDF_GOAL_RATIO = 1.5

# The PDF is set as councils publish theirs: a running header on every page, a footer with
# the page number, a two-column header on the first page (the meeting's details on the left,
# the contact block on the right), tab-separated lines as tables, and hyphenation at line
# ends, so the layout reader has all of its work to do.
CSS = """
@page { size: A4; margin: 20mm 15mm 20mm 15mm;
        @top-center { content: "Committee papers - benchmark edition"; font-size: 8pt; }
        @top-right { content: counter(page); font-size: 8pt; }
        @bottom-center { content: "Page " counter(page); font-size: 9pt; } }
body { font-family: sans-serif; font-size: 10pt; line-height: 1.25; hyphens: auto; }
p { margin: 0; }
p.gap { margin-top: 0.6em; }
table { border-collapse: collapse; margin: 0.3em 0; }
td { padding: 1px 10px 1px 0; vertical-align: top; }
table.head { width: 100%; margin-bottom: 1em; }
table.head td:first-child { width: 62%; }
"""
HEAD = (
    '<table class="head"><tr><td>Meeting papers for the benchmark</td>'
    "<td>Ask for: Democratic Services</td></tr>"
    "<tr><td>Published for the committee and the public</td>"
    "<td>Telephone: 01234 567890</td></tr></table>"
)


def corpus_texts() -> list[tuple[str, str]]:
    files = sorted(CORPUS.glob("*.txt"))
    if not files:
        sys.exit(f"no corpus texts in {CORPUS}")
    return [(f.name, f.read_text(encoding="utf-8")) for f in files]


def interleaved(fns: list[Callable[[], object]], repeat: int) -> list[float]:
    """Lowest CPU time of each function over ``repeat`` alternating rounds.

    CPU time of this process (everything timed with it is single-threaded) and alternation
    keep the comparison fair on a machine shared with other work.
    """
    return [cpu for _, cpu in interleaved_wall(fns, repeat)]


def _cpu() -> float:
    """CPU time of this process and of its children that have been waited for."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def interleaved_wall(fns: list[Callable[[], object]], repeat: int) -> list[tuple[float, float]]:
    """(elapsed, CPU of all processes) of each function, each the lowest over ``repeat``
    alternating rounds.  Elapsed time is what an import takes when its pages are read by
    several processes; it means something only on a machine otherwise idle."""
    best = [(float("inf"), float("inf"))] * len(fns)
    for _ in range(repeat):
        for i, fn in enumerate(fns):
            c0, t0 = _cpu(), time.perf_counter()
            fn()
            wall, cpu = time.perf_counter() - t0, _cpu() - c0
            best[i] = (min(best[i][0], wall), min(best[i][1], cpu))
    return best


# --------------------------------------------------------------------------- (a) text


def bench_text(seconds: float) -> float:
    from minutebook.importer.forked import PROCESSES_ENV
    from minutebook.importer.parse import parse_text

    # one core: the parse's own process only (no child runs passes ahead, ``parse.ahead``)
    os.environ[PROCESSES_ENV] = "1"
    texts = corpus_texts()
    size = sum(len(t.encode("utf-8")) for _, t in texts)
    for name, text in texts:  # warm up (imports, compiled patterns)
        parse_text(text, file=name)
    rounds = 0
    cpu0, wall0 = time.process_time(), time.perf_counter()
    while True:
        for name, text in texts:
            parse_text(text, file=name)
        rounds += 1
        if time.process_time() - cpu0 >= seconds:
            break
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    mb = size * rounds / 1e6
    rate = mb / cpu
    os.environ.pop(PROCESSES_ENV, None)
    print("(a) text throughput (parse_text over the corpus texts)")
    print(f"    {len(texts)} packs, {size / 1e6:.3f} MB per round, {rounds} rounds")
    print(f"    {mb:.2f} MB in {cpu:.2f} s CPU ({wall:.2f} s wall)")
    print(
        f"    {rate:.2f} MB/s on one core; goal {TEXT_GOAL_MB_S:.1f} MB/s: "
        f"{rate / TEXT_GOAL_MB_S:.2f}x the goal -> {'OK' if rate >= TEXT_GOAL_MB_S else 'MISSED'}"
    )
    return rate


def profile_text(top: int = 25) -> None:
    from minutebook.importer.parse import parse_text

    texts = corpus_texts()
    prof = cProfile.Profile()
    prof.enable()
    for _ in range(3):
        for name, text in texts:
            parse_text(text, file=name)
    prof.disable()
    out = io.StringIO()
    stats = pstats.Stats(prof, stream=out)
    stats.sort_stats("tottime").print_stats(top)
    print("    hot spots (own time, 3 rounds of the corpus):")
    for line in out.getvalue().splitlines():
        if line.strip():
            print("    " + line.replace(str(ROOT) + "/", ""))


# --------------------------------------------------------------------------- (b) PDF


def _html_lines(text: str) -> list[str]:
    """One paragraph per line (blank lines as spacing), tab-separated lines as table rows."""
    parts: list[str] = []
    gap = False
    rows: list[str] = []
    for line in text.splitlines():
        if "\t" in line and line.strip():
            cells = "".join(f"<td>{html.escape(c.strip())}</td>" for c in line.split("\t"))
            rows.append(f"<tr>{cells}</tr>")
            continue
        if rows:
            parts.append(f"<table>{''.join(rows)}</table>")
            rows = []
        if not line.strip():
            gap = True
            continue
        cls = ' class="gap"' if gap else ""
        parts.append(f"<p{cls}>{html.escape(line)}</p>")
        gap = False
    if rows:
        parts.append(f"<table>{''.join(rows)}</table>")
    return parts


def render_pdf(min_pages: int) -> Path:
    """The corpus texts as one PDF of at least ``min_pages`` pages, cached by content."""
    texts = corpus_texts()
    key = hashlib.sha256(
        (CSS + HEAD + "v2" + str(min_pages) + "".join(t for _, t in texts)).encode("utf-8")
    ).hexdigest()[:16]
    path = CACHE / f"corpus-{min_pages}p-{key}.pdf"
    if path.exists():
        return path
    import pypdfium2 as pdfium
    import weasyprint

    CACHE.mkdir(parents=True, exist_ok=True)
    copies = 1
    while True:
        parts: list[str] = [HEAD]
        for _ in range(copies):
            for _, text in texts:
                parts.extend(_html_lines(text))
        body = "".join(parts)
        doc = f'<html lang="en"><head><style>{CSS}</style></head><body>{body}</body></html>'
        t0 = time.perf_counter()
        data = weasyprint.HTML(string=doc).write_pdf()
        assert data is not None
        pages = len(pdfium.PdfDocument(data))
        print(f"    rendered {pages} pages with WeasyPrint in {time.perf_counter() - t0:.1f} s")
        if pages >= min_pages:
            path.write_bytes(data)
            return path
        copies = copies * min_pages // pages + 1


def raw_extract(path: Path) -> int:
    """The floor: open the PDF and pull every page's text with pypdfium2, nothing else."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path.read_bytes())
    chars = 0
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            textpage = page.get_textpage()
            chars += len(textpage.get_text_range())
            textpage.close()
            page.close()
    finally:
        pdf.close()
    return chars


def bench_pdf(min_pages: int, repeat: int) -> float:
    import pypdfium2 as pdfium

    from minutebook.importer.forked import PROCESSES_ENV, default_processes
    from minutebook.importer.reader import read_pack, read_pdf_pages

    print(f"(b) PDF import vs raw pypdfium2 extraction ({min_pages}+ pages)")
    path = render_pdf(min_pages)
    pages = len(pdfium.PdfDocument(path.read_bytes()))
    chars = raw_extract(path)  # warm the file cache and the library
    pack = read_pack(path)
    processes = default_processes()

    def alone(fn: Callable[[], object]) -> Callable[[], object]:
        """``fn`` with the pages read by this process alone."""

        def run() -> object:
            saved = os.environ.get(PROCESSES_ENV)
            os.environ[PROCESSES_ENV] = "1"
            try:
                return fn()
            finally:
                if saved is None:
                    os.environ.pop(PROCESSES_ENV, None)
                else:
                    os.environ[PROCESSES_ENV] = saved

        return run

    def read() -> object:
        return read_pdf_pages(path.read_bytes())

    def full() -> object:
        return read_pack(path)

    (floor, floor_cpu), read_n, full_n, read_1, full_1 = interleaved_wall(
        [lambda: raw_extract(path), read, full, alone(read), alone(full)], repeat
    )
    ratio = full_n[0] / floor
    print(f"    {path.relative_to(ROOT)}: {pages} pages, {chars / 1e6:.2f} M characters")
    print(f"    parsed: {len(pack.meeting.agenda)} agenda items, {len(pack.reports)} reports")
    print(f"    (elapsed, best of {repeat}; CPU: of all processes, best of {repeat})")
    print(
        f"    raw extraction (floor, one process): {floor * 1000:.0f} ms, CPU {floor_cpu * 1000:.0f} ms"
    )
    for label, (wall, cpu) in (
        (f"layout reading, {processes} process(es)", read_n),
        ("layout reading, one process", read_1),
        (f"full import parse path, {processes} process(es)", full_n),
        ("full import parse path, one process", full_1),
    ):
        print(
            f"    {label + ':':46s} {wall * 1000:5.0f} ms, {wall / floor:.2f}x the floor; "
            f"CPU {cpu * 1000:5.0f} ms, {cpu / floor_cpu:.2f}x"
        )
    print(
        f"    ratio {ratio:.2f} (the full path as the importer runs it, {processes} "
        f"process(es) on {os.cpu_count()} CPUs); goal <= {PDF_GOAL_RATIO}: "
        f"{'OK' if ratio <= PDF_GOAL_RATIO else 'MISSED'}"
    )
    return ratio


def stage_times(path: Path, repeat: int) -> None:
    """CPU time of each parsing stage on the PDF's text, to show where the import time goes."""
    from minutebook.importer.parse.documents import split_documents
    from minutebook.importer.parse.forwardplan import parse_forward_plan
    from minutebook.importer.parse.frontsheet import parse_frontsheet
    from minutebook.importer.parse.minutes import parse_minutes
    from minutebook.importer.parse.reports import parse_reports
    from minutebook.importer.parse.text import normalise
    from minutebook.importer.reader import read_pdf_pages

    pages = read_pdf_pages(path.read_bytes())
    text = "\n".join(pages)
    best: dict[str, float] = {}

    def note(name: str, t0: float) -> None:
        best[name] = min(best.get(name, float("inf")), time.process_time() - t0)

    sections = (
        ("reports", parse_reports),
        ("minutes", parse_minutes),
        ("forward plan", parse_forward_plan),
        ("documents", split_documents),
    )
    for _ in range(repeat):
        t0 = time.process_time()
        lines = normalise(text, pages)
        note("normalise", t0)
        t0 = time.process_time()
        _, ctx = parse_frontsheet(lines)
        note("front sheet", t0)
        for name, parse in sections:
            t0 = time.process_time()
            parse(lines, ctx)
            note(name, t0)
    total = sum(best.values())
    print(f"    parse stages on the PDF text (CPU, best of {repeat}; total {total * 1000:.0f} ms):")
    for name, t in best.items():
        print(f"      {name:13s} {t * 1000:6.0f} ms")


# The steps of the PDF path timed by ``--steps``: (module, function), each timed without the
# steps it calls (a step's own CPU time).
STEPS = (
    ("layout.document", "extract_page"),
    ("layout.extract", "_rects"),
    ("layout.extract", "gap_rows"),
    ("layout.extract", "split_cells"),
    ("layout.extract", "_jumped"),
    ("layout.extract", "rebuild_tables"),
    ("layout.tables", "wrapping_grids"),
    ("layout.tables", "_read_blocks"),
    ("layout.tables", "grid_tables"),
    ("layout.document", "remove_furniture"),
    ("layout.document", "repair_pages"),
    ("layout.document", "mark_paragraphs"),
    ("parse", "normalise"),
    ("parse.classify", "classify"),
    ("parse.frontsheet", "parse_frontsheet"),
    ("parse.reports", "parse_reports"),
    ("parse.minutes", "parse_minutes"),
    ("parse.forwardplan", "parse_forward_plan"),
    ("parse.documents", "split_documents"),
    ("parse.exemption", "apply_exemptions"),
    ("parse.provenance", "locate"),
    ("parse.plausibility", "check"),
)


def step_times(path: Path, repeat: int) -> None:
    """Own CPU time of each step of ``read_pack`` on the PDF (``STEPS``, and pdfium's page
    and text-page loading), best of ``repeat``, all pages read in this process: where the
    time over the floor goes.  The
    timers cost a little themselves (the total is above the bench's full-path figure)."""
    import importlib

    import pypdfium2 as pdfium

    from minutebook.importer.forked import PROCESSES_ENV
    from minutebook.importer.reader import read_pack

    os.environ[PROCESSES_ENV] = "1"  # the timers see this process only: read every page here
    own: dict[str, float] = {}
    stack: list[float] = []  # time spent in timed steps called by the running one

    def timed(label: str, fn: Callable[..., object]) -> Callable[..., object]:
        def run(*args: object, **kwargs: object) -> object:
            t0 = time.process_time()
            stack.append(0.0)
            try:
                return fn(*args, **kwargs)
            finally:
                spent = time.process_time() - t0
                inner = stack.pop()
                own[label] = own.get(label, 0.0) + spent - inner
                if stack:
                    stack[-1] += spent

        return run

    patched: list[tuple[object, str, object]] = []
    for module, name in STEPS:
        mod = importlib.import_module(f"minutebook.importer.{module}")
        patched.append((mod, name, getattr(mod, name)))
        setattr(mod, name, timed(name, getattr(mod, name)))
    for cls, name, label in (
        (pdfium.PdfDocument, "__getitem__", "pdfium: load page"),
        (pdfium.PdfPage, "get_textpage", "pdfium: load text page"),
    ):
        patched.append((cls, name, getattr(cls, name)))
        setattr(cls, name, timed(label, getattr(cls, name)))
    try:
        read_pack(path)
        best: dict[str, float] = {}
        total = float("inf")
        for _ in range(repeat):
            own.clear()
            t0 = time.process_time()
            read_pack(path)
            spent = time.process_time() - t0
            total = min(total, spent)
            own["the rest"] = spent - sum(own.values())
            for label, t in own.items():
                best[label] = min(best.get(label, float("inf")), t)
    finally:
        for owner, name, original in reversed(patched):
            setattr(owner, name, original)
    floor = min(raw_extract_time(path) for _ in range(repeat))
    print(
        f"    steps of the full path (own CPU, best of {repeat}; timed total "
        f"{total * 1000:.0f} ms, floor {floor * 1000:.0f} ms):"
    )
    for label, t in sorted(best.items(), key=lambda kv: -kv[1]):
        print(f"      {label:24s} {t * 1000:6.0f} ms  {t / floor:5.2f}x the floor")


def raw_extract_time(path: Path) -> float:
    t0 = time.process_time()
    raw_extract(path)
    return time.process_time() - t0


# --------------------------------------------------------------------------- (c) write lock


def big_text(texts: list[tuple[str, str]], size: int) -> tuple[str, str]:
    """The corpus pack with most prose lines, each repeated until it reaches ``size`` bytes:
    a long report, same agenda, reports and documents."""

    def prose(text: str) -> list[int]:
        lines = text.splitlines()
        return [i for i, line in enumerate(lines) if len(line) > 60 and line[:1].islower()]

    name, text = max(texts, key=lambda t: len(prose(t[1])))
    lines = text.splitlines()
    rows = set(prose(text))
    grow = sum(len(lines[i].encode()) + 1 for i in rows)
    copies = max(1, (size - len(text.encode())) // max(1, grow) + 1)
    out: list[str] = []
    for i, line in enumerate(lines):
        out.extend([line] * (copies if i in rows else 1))
    return name, "\n".join(out) + "\n"


def bench_write(size_mb: float, database_url: str | None) -> None:
    import os

    if database_url is None:
        CACHE.mkdir(parents=True, exist_ok=True)
        db = CACHE / "import-write.sqlite3"
        for leftover in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
            leftover.unlink(missing_ok=True)
        database_url = f"sqlite:///{db}"
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minutebook.settings.dev")
    os.environ.setdefault("DJANGO_DEBUG", "0")  # no SQL log: it would time the logging
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from minutebook.councils.models import Council
    from minutebook.importer.reader import read_pack
    from minutebook.importer.writer import write_pack

    call_command("migrate", verbosity=0)
    Council.objects.create(name="Bench Big Pack Council", slug="bench-big")
    texts = corpus_texts()
    name, big = big_text(texts, int(size_mb * 1e6))
    big_path = CACHE / f"big-{size_mb:g}mb.txt"
    big_path.write_text(big, encoding="utf-8")
    runs = [(CORPUS / n, "corpus") for n, _ in texts]
    runs += [(big_path, f"{name} grown"), (big_path, "changed: replaces it")]
    print(f"(c) write transaction ({connection.vendor}; first pack loads the modules first)")
    print(f"    {'pack':34s} {'MB':>6s} {'status':>9s} {'parse':>7s} {'write':>7s} {'lock':>7s}")
    for path, what in runs:
        if what.startswith("changed"):
            path.write_text(big + "\n", encoding="utf-8")  # another file: replaces the import
        t0 = time.perf_counter()
        pack = read_pack(path)
        t1 = time.perf_counter()
        council = "bench-big" if path == big_path else None  # a meeting of its own
        result = write_pack(pack, council_slug=council, source_path=path)
        t2 = time.perf_counter()
        print(
            f"    {path.name[:34]:34s} {path.stat().st_size / 1e6:6.2f} {result.status:>9s} "
            f"{t1 - t0:6.2f}s {t2 - t1:6.2f}s {result.transaction_seconds:6.2f}s  ({what})"
        )
    print("    lock: the write transaction, BEGIN to COMMIT; write: all of write_pack")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--check", action="store_true", help="exit 1 when a goal is missed")
    ap.add_argument("--profile", action="store_true", help="print the parser's hot spots")
    ap.add_argument("--stages", action="store_true", help="time each parse stage on the PDF")
    ap.add_argument(
        "--steps", action="store_true", help="own CPU time of each step of the PDF path"
    )
    ap.add_argument("--seconds", type=float, default=3.0, help="minimum CPU time for (a)")
    ap.add_argument("--pages", type=int, default=320, help="minimum PDF pages for (b)")
    ap.add_argument("--repeat", type=int, default=5, help="timed runs for (b), best kept")
    ap.add_argument("--write", action="store_true", help="(c) only: the import's write lock")
    ap.add_argument("--mb", type=float, default=10.0, help="size of the big pack for (c)")
    ap.add_argument("--database-url", help="(c): a scratch database instead of a new SQLite file")
    args = ap.parse_args(argv)
    if args.write:
        bench_write(args.mb, args.database_url)
        return 0

    rate = bench_text(args.seconds)
    if args.profile or rate < TEXT_GOAL_MB_S:
        profile_text()
    print()
    ratio = bench_pdf(args.pages, args.repeat)
    if args.stages or ratio > PDF_GOAL_RATIO:
        stage_times(render_pdf(args.pages), args.repeat)
    if args.steps:
        step_times(render_pdf(args.pages), args.repeat)
    missed = rate < TEXT_GOAL_MB_S or ratio > PDF_GOAL_RATIO
    print()
    print(
        f"summary: text {rate:.2f} MB/s (goal >= {TEXT_GOAL_MB_S}), "
        f"PDF ratio {ratio:.2f} (goal <= {PDF_GOAL_RATIO}): "
        + ("goals met" if not missed else "a goal is missed")
    )
    return 1 if (missed and args.check) else 0


if __name__ == "__main__":
    sys.exit(main())
