"""Reading a long PDF's pages in several processes at once.

Each page is read on its own (``extract.extract_page``: pdfium's page and text-page loading,
then the lines, cells and tables); only what follows (furniture across pages, word repairs,
paragraph marks) needs the whole document. So the pages are cut into contiguous shares, one
per process: the importing process reads the first share itself while forked children read
the others, and each child sends its pages back as plain tuples (``marshal``, a few ms for
hundreds of pages). A 484-page pack read on two cores takes a little over half as long.

Why processes, not threads: pdfium is not thread-safe (no two calls at once, not even on
different documents), and the reading is mostly Python, which one process runs on one core.
A fork shares the open document with the child as it stands (copy-on-write): nothing is
re-opened or re-parsed.

Failure, kept simple: a child that cannot read one of its pages reports the page (the
import's message names it, as if read in one process); a child that dies for any other
reason (killed, out of memory) has its share read again by the importing process, so the
outcome never depends on the number of processes. Children die with their parent (Linux
``PR_SET_PDEATHSIG``): the importer's time limit kills the parse (``importer.isolate``)
without leaving readers behind.
"""

from __future__ import annotations

import contextlib
import ctypes
import marshal
import os
import signal
from collections.abc import Callable

import pypdfium2 as pdfium

from minutebook.importer.layout.lines import PageLines, TextLine

__all__ = [
    "MIN_PAGES_PER_PROCESS",
    "PROCESSES_ENV",
    "PageReadError",
    "default_processes",
    "extract_pages",
]

#: Environment variable naming how many processes read a PDF's pages (1: the importing
#: process alone). Default: the CPUs this process may run on, at most ``MAX_PROCESSES``.
PROCESSES_ENV = "MINUTEBOOK_PDF_PROCESSES"
MAX_PROCESSES = 4
#: A share smaller than this is not worth a fork (a fork of the importing process and the
#: transfer back cost about as much as reading a few pages).
MIN_PAGES_PER_PROCESS = 24

ReadPage = Callable[[int], PageLines]
_Row = tuple[str, float, float, float, bool, float]


def default_processes() -> int:
    """``MINUTEBOOK_PDF_PROCESSES`` when set (a positive integer), else the CPUs available."""
    value = os.environ.get(PROCESSES_ENV, "").strip()
    if value:
        try:
            return max(1, int(value))
        except ValueError:
            return 1
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        cpus = os.cpu_count() or 1
    return max(1, min(MAX_PROCESSES, cpus))


def extract_pages(count: int, read: ReadPage, *, processes: int | None = None) -> list[PageLines]:
    """``read(i)`` for each page ``i`` below ``count``, in order, with the pages shared
    among up to ``processes`` processes (``default_processes()`` when None)."""
    wanted = default_processes() if processes is None else max(1, processes)
    shares = max(1, min(wanted, count // MIN_PAGES_PER_PROCESS))
    if shares == 1 or not hasattr(os, "fork"):
        return [read(i) for i in range(count)]
    bounds = [count * k // shares for k in range(shares + 1)]
    children: list[tuple[int, int, int, int]] = []  # pid, pipe, first page, end
    try:
        for k in range(1, shares):
            children.append(_fork_reader(read, bounds[k], bounds[k + 1]))
        pages = [read(i) for i in range(bounds[1])]
        for k, (pid, pipe, first, end) in enumerate(children):
            children[k] = (0, -1, first, end)  # _collect closes the pipe and reaps the child
            pages += _collect(pid, pipe, first, end, read)
        return pages
    finally:
        for pid, pipe, _, _ in children:
            if pipe >= 0:
                os.close(pipe)
            if pid:
                _kill(pid)


class PageReadError(Exception):
    """pdfium could not read one page (``page`` is 0-based); raised by a ``read`` function."""

    def __init__(self, page: int, cause: Exception) -> None:
        super().__init__(str(cause))
        self.page = page
        self.cause = cause


class ChildPageError(pdfium.PdfiumError):
    """A page a child process could not read: pdfium's message, as the child saw it."""


def _fork_reader(read: ReadPage, first: int, end: int) -> tuple[int, int, int, int]:
    parent = os.getpid()
    receive, send = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: read the share, send it, never return
        code = 0
        try:
            os.close(receive)
            _die_with(parent)
            try:
                reply: tuple[object, ...] = ("ok", [_rows(read(i)) for i in range(first, end)])
            except PageReadError as exc:
                reply = ("page", exc.page, str(exc.cause))
            _send(send, marshal.dumps(reply))
        except BaseException:  # any failure: the parent reads the share itself
            code = 1
        finally:
            os._exit(code)
    os.close(send)
    return pid, receive, first, end


def _collect(pid: int, pipe: int, first: int, end: int, read: ReadPage) -> list[PageLines]:
    """The pages a child read; read here instead when the child failed."""
    chunks: list[bytes] = []
    try:
        while chunk := os.read(pipe, 1 << 20):
            chunks.append(chunk)
    finally:
        os.close(pipe)
        _, status = os.waitpid(pid, 0)
    reply = None
    if os.waitstatus_to_exitcode(status) == 0 and chunks:
        try:
            reply = marshal.loads(b"".join(chunks))
        except (EOFError, ValueError, TypeError):
            reply = None
    if isinstance(reply, tuple) and reply[0] == "ok":
        return [_page(row) for row in reply[1]]
    if isinstance(reply, tuple) and reply[0] == "page":
        raise PageReadError(int(reply[1]), ChildPageError(str(reply[2])))
    return [read(i) for i in range(first, end)]


def _rows(page: PageLines) -> tuple[float, float, list[_Row]]:
    return (
        page.width,
        page.height,
        [(ln.text, ln.left, ln.top, ln.bottom, ln.blank_before, ln.end) for ln in page.lines],
    )


def _page(row: tuple[float, float, list[_Row]]) -> PageLines:
    width, height, rows = row
    lines = []
    for text, left, top, bottom, blank, end in rows:
        line = TextLine(text, left, top, bottom, blank)
        line.end = end  # as read (``__post_init__`` would take a zero for "not set")
        lines.append(line)
    return PageLines(lines, width, height)


def _send(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
    os.close(fd)


def _die_with(parent: int) -> None:
    """Have the kernel kill this child when its parent dies (Linux), so that a parse killed
    at its time limit leaves no reader behind; exit at once if the parent is already gone."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        pass
    if os.getppid() != parent:
        os._exit(1)


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)
