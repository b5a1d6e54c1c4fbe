"""Pages read by several processes (``layout.parallel``): the same layout as one process
reads, whatever fails in a child, and no reader left behind.

Every test forks real children over real PDFs (WeasyPrint's, and the real council PDFs of
the shared corpus); shares are made small so that even short documents are split.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from minutebook.core.testing_shared import needs_shared
from minutebook.importer import forked
from minutebook.importer.errors import PackError
from minutebook.importer.layout import LayoutPage, document, parallel, read_layout
from minutebook.importer.reader import read_pack, read_pdf_layout


def _layout(data: bytes, processes: int) -> list[LayoutPage]:
    pdf = pdfium.PdfDocument(data)
    try:
        return read_layout(pdf, processes=processes)
    finally:
        pdf.close()


def _as_data(pages: list[LayoutPage]) -> list[object]:
    return [
        (
            p.number,
            p.width,
            p.height,
            [(ln.text, ln.left, ln.top, ln.bottom, ln.end, ln.blank_before) for ln in p.lines],
        )
        for p in pages
    ]


@pytest.fixture
def small_shares(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "MIN_PAGES_PER_PROCESS", 2)


def _children() -> set[int]:
    """Pids of this process's live children (Linux)."""
    me = os.getpid()
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        if int(fields[1]) == me and fields[0] != "Z":
            found.add(int(entry.name))
    return found


def test_shared_pages_read_exactly_as_one_process_reads_them(
    long_pdf: bytes, small_shares: None
) -> None:
    before = _children()
    alone = _layout(long_pdf, 1)
    shared = _layout(long_pdf, 3)
    assert len(alone) == 12
    assert _as_data(shared) == _as_data(alone)
    # the furniture is recognised across the shares, and the numbers kept
    assert [p.number for p in shared] == list(range(1, 13))
    assert not any(ln.text == "Audit and Governance" for p in shared for ln in p.lines)
    assert _children() == before  # every reader was reaped


def test_the_importer_shares_pages_by_default(
    long_pdf: bytes, small_shares: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``read_pack`` (what every import calls) forks readers: each child records its pid."""
    seen = tmp_path / "readers"
    seen.mkdir()
    parent = os.getpid()
    original = document.extract_page

    def recording(page: pdfium.PdfPage) -> object:
        if os.getpid() != parent:
            (seen / str(os.getpid())).touch()
        return original(page)

    monkeypatch.setattr(document, "extract_page", recording)
    monkeypatch.setenv(parallel.PROCESSES_ENV, "2")
    path = tmp_path / "minutes.pdf"
    path.write_bytes(long_pdf)
    shared = read_pack(path, standalone=True)
    assert len(list(seen.iterdir())) == 1
    monkeypatch.setenv(parallel.PROCESSES_ENV, "1")
    assert read_pack(path, standalone=True).to_dict() == shared.to_dict()
    assert len(list(seen.iterdir())) == 1


def test_a_child_that_dies_has_its_pages_read_by_the_parent(
    long_pdf: bytes, small_shares: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    parent = os.getpid()
    original = document.extract_page

    def dying(page: pdfium.PdfPage) -> object:
        if os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)  # as the kernel kills a reader out of memory
        return original(page)

    alone = _as_data(_layout(long_pdf, 1))
    monkeypatch.setattr(document, "extract_page", dying)
    before = _children()
    assert _as_data(_layout(long_pdf, 3)) == alone
    assert _children() == before


def test_a_page_pdfium_cannot_read_in_a_child_is_named(
    long_pdf: bytes, small_shares: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Page 11 cannot be read in the children (the parent, slow on its first page, leaves
    them the rest): the message names it as one process would, and the page after it that
    also fails is not the one named."""
    parent = os.getpid()
    original = pdfium.PdfDocument.__getitem__

    def failing(self: pdfium.PdfDocument, i: int) -> pdfium.PdfPage:
        if os.getpid() == parent:
            time.sleep(0.5)
        elif i in (10, 11):
            raise pdfium.PdfiumError("Failed to load page.")
        return original(self, i)

    monkeypatch.setattr(pdfium.PdfDocument, "__getitem__", failing)
    monkeypatch.setenv(parallel.PROCESSES_ENV, "3")
    before = _children()
    with pytest.raises(PackError, match=r"cannot extract text from PDF page 11: Failed to load"):
        read_pdf_layout(long_pdf)
    assert _children() == before


def test_pages_go_to_whichever_process_is_free(
    long_pdf: bytes, small_shares: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A process slowed down (here the parent, 0.3 s a page) reads few pages; the others
    read the rest, and the layout is the same."""
    alone = _as_data(_layout(long_pdf, 1))
    parent = os.getpid()
    original = document.extract_page
    readers = tmp_path / "readers"
    readers.mkdir()

    def slow_parent(page: pdfium.PdfPage) -> object:
        if os.getpid() == parent:
            time.sleep(0.3)
        else:
            with open(readers / str(os.getpid()), "a") as out:
                out.write("page\n")
        return original(page)

    monkeypatch.setattr(document, "extract_page", slow_parent)
    assert _as_data(_layout(long_pdf, 2)) == alone
    [child] = list(readers.iterdir())
    assert len(child.read_text().split()) >= 9  # of 12 pages


def test_readers_die_with_the_parse_they_serve(long_pdf: bytes, tmp_path: Path) -> None:
    """A parse killed (as ``importer.isolate`` kills one at its time limit) leaves no reader
    running: the children hang here, and must go when their parent is killed."""
    pdf = tmp_path / "long.pdf"
    pdf.write_bytes(long_pdf)
    pids = tmp_path / "pids"
    script = f"""
import os, time
from pathlib import Path
from minutebook.importer.layout import document, parallel
from minutebook.importer.reader import read_pdf_layout
parallel.MIN_PAGES_PER_PROCESS = 2
parent = os.getpid()
def hanging(page):
    if os.getpid() != parent:
        with open({str(pids)!r}, "a") as out:
            out.write(f"{{os.getpid()}}\\n")
        time.sleep(600)
    time.sleep(600)
document.extract_page = hanging
read_pdf_layout(Path({str(pdf)!r}).read_bytes())
"""
    env = {**os.environ, parallel.PROCESSES_ENV: "3"}
    proc = subprocess.Popen([sys.executable, "-c", script], env=env)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if pids.exists() and len(pids.read_text().split()) >= 2:
                break
            time.sleep(0.05)
        readers = [int(p) for p in pids.read_text().split()]
        assert len(readers) == 2
        proc.kill()
        proc.wait(10)
        deadline = time.monotonic() + 10
        alive = list(readers)
        while alive and time.monotonic() < deadline:
            alive = [p for p in readers if _running(p)]
            time.sleep(0.05)
        assert alive == []
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return state[state.rindex(")") + 2] != "Z"


def test_real_council_pdfs_read_alike_in_shares(small_shares: None) -> None:
    files = sorted(needs_shared("corpus", "real").glob("*/*.pdf"))
    assert files
    split = 0
    for path in files:
        data = path.read_bytes()
        alone = _layout(data, 1)
        split += len(alone) >= 2 * parallel.MIN_PAGES_PER_PROCESS
        assert _as_data(_layout(data, 4)) == _as_data(alone), path.name
    assert split >= 10


def test_default_processes_follow_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(forked.PROCESSES_ENV, "1")
    assert forked.default_processes() == 1
    monkeypatch.setenv(forked.PROCESSES_ENV, "3")
    assert forked.default_processes() == 3
    monkeypatch.setenv(forked.PROCESSES_ENV, "many")
    assert forked.default_processes() == 1
    monkeypatch.delenv(forked.PROCESSES_ENV)
    cpus = len(os.sched_getaffinity(0))
    assert forked.default_processes() == max(1, min(forked.MAX_PROCESSES, cpus))


def test_no_process_to_spare_reads_in_one(
    long_pdf: bytes, small_shares: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where no process may be forked (a container's process limit), the pages are read by
    the importing process alone, and the passes of the parse run there too."""
    from minutebook.importer.parse import ahead, parse_text
    from minutebook.importer.parse.text import normalise

    alone = _as_data(_layout(long_pdf, 1))
    text = "\n".join(p.text for p in _layout(long_pdf, 1))

    def refused() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", refused)
    before = _children()
    assert _as_data(_layout(long_pdf, 3)) == alone
    monkeypatch.setattr(ahead, "MIN_LINES", 10)
    monkeypatch.setenv(forked.PROCESSES_ENV, "2")
    with ahead.Ahead(normalise(text)) as run:
        assert not run.forked
    assert parse_text(text, file="minutes.txt", standalone=True).meeting is not None
    assert _children() == before
