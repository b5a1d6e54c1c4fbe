"""Reading a long PDF's pages in several processes at once.

Each page is read on its own (``extract.extract_page``: pdfium's page and text-page loading,
then the lines, cells and tables); only what follows (furniture across pages, word repairs,
paragraph marks) needs the whole document. So the importing process forks children and all
of them take pages one at a time from a shared pipe of page numbers until none is left; each
child sends each page back as plain tuples (``marshal``) as soon as it has read it. Handing
pages out one by one keeps the processes busy to the end whatever each page costs (a page
of wrapped tables costs ten times a page of prose) and however busy each core is. A
484-page pack read on two cores takes a little over half as long.

Why processes, not threads: pdfium is not thread-safe (no two calls at once, not even on
different documents), and the reading is mostly Python, which one process runs on one core.
A fork shares the open document with the child as it stands (copy-on-write): nothing is
re-opened or re-parsed.

Failure, kept simple: a child that cannot read one of its pages reports the page (the
import's message names it, as if read in one process); a child that dies for any other
reason (killed, out of memory) has its share read again by the importing process, so the
outcome never depends on the number of processes. Children die with their parent
(``importer.forked``).
"""

from __future__ import annotations

import contextlib
import marshal
import os
import struct
from collections.abc import Callable

import pypdfium2 as pdfium

from minutebook.importer.forked import (
    PROCESSES_ENV,
    can_fork,
    default_processes,
    fork_child,
    kill,
    read_all,
    write_all,
)
from minutebook.importer.layout.lines import PageLines, TextLine

__all__ = ["MIN_PAGES_PER_PROCESS", "PROCESSES_ENV", "PageReadError", "extract_pages"]

#: Pages each process needs to be worth a fork (a fork of the importing process and the
#: transfer back cost about as much as reading a few pages).
MIN_PAGES_PER_PROCESS = 24

ReadPage = Callable[[int], PageLines]
_Row = tuple[str, float, float, float, bool, float]


def extract_pages(count: int, read: ReadPage, *, processes: int | None = None) -> list[PageLines]:
    """``read(i)`` for each page ``i`` below ``count``, in order, with the pages shared
    among up to ``processes`` processes (``default_processes()`` when None).

    The pages are handed out one at a time from a pipe of page numbers that every process
    reads from (a read of one number is atomic), so a process slowed by table-heavy pages or
    a busy core simply takes fewer; each child writes each page down its own pipe as it
    goes. A ``PageReadError`` is raised for the first page (in page order) that fails, as
    when one process reads them all."""
    wanted = default_processes() if processes is None else max(1, processes)
    shares = max(1, min(wanted, count // MIN_PAGES_PER_PROCESS))
    if shares == 1 or not can_fork() or count > _MAX_TOKENS:
        return [read(i) for i in range(count)]
    tokens, fill = os.pipe()
    try:
        write_all(fill, b"".join(_INDEX.pack(i) for i in range(count)))
    finally:
        os.close(fill)
    got: dict[int, PageLines] = {}
    failed: dict[int, Exception] = {}
    children: list[tuple[int, int]] = []  # pid, pipe
    try:
        for _ in range(shares - 1):
            try:
                children.append(_fork_reader(read, tokens))
            except OSError:  # no more processes allowed: fewer readers
                break
        received = [bytearray() for _ in children]
        while (i := _claim(tokens)) is not None:
            try:
                got[i] = read(i)
            except PageReadError as exc:
                failed[exc.page] = exc.cause
                _drain(tokens)  # the others stop too
            # keep the children's pipes empty: a child blocked on a full pipe reads nothing
            for (_, pipe), buffer in zip(children, received, strict=True):
                _take_ready(pipe, buffer)
        while children:
            pid, pipe = children.pop()
            _collect(pid, pipe, received.pop(), got, failed)
    finally:
        os.close(tokens)
        for pid, pipe in children:
            os.close(pipe)
            kill(pid)
    # Pages a dead child had claimed are read here, in order, up to the first failure.
    for i in range(count):
        if failed and i >= min(failed):
            break
        if i not in got:
            try:
                got[i] = read(i)
            except PageReadError as exc:
                failed[exc.page] = exc.cause
    if failed:
        first = min(failed)
        raise PageReadError(first, failed[first])
    return [got[i] for i in range(count)]


class PageReadError(Exception):
    """pdfium could not read one page (``page`` is 0-based); raised by a ``read`` function."""

    def __init__(self, page: int, cause: Exception) -> None:
        super().__init__(str(cause))
        self.page = page
        self.cause = cause


class ChildPageError(pdfium.PdfiumError):
    """A page a child process could not read: pdfium's message, as the child saw it."""


_INDEX = struct.Struct("<i")
_FRAME = struct.Struct("<I")
#: Page numbers the token pipe holds without blocking its writer (4 bytes each, 64 KiB).
_MAX_TOKENS = 16_000


def _claim(tokens: int) -> int | None:
    """The next page number nobody has taken, None when none is left."""
    data = os.read(tokens, _INDEX.size)
    return _INDEX.unpack(data)[0] if len(data) == _INDEX.size else None


def _drain(tokens: int) -> None:
    while _claim(tokens) is not None:
        pass


def _fork_reader(read: ReadPage, tokens: int) -> tuple[int, int]:
    """A child that reads pages until none is left and sends each as it goes."""

    def work(send: int) -> None:
        while (i := _claim(tokens)) is not None:
            try:
                frame = marshal.dumps((i, True, _rows(read(i))))
            except PageReadError as exc:
                frame = marshal.dumps((exc.page, False, str(exc.cause)))
                _drain(tokens)
            write_all(send, _FRAME.pack(len(frame)) + frame)

    pid, receive = fork_child(work)
    os.set_blocking(receive, False)  # read as it comes (``_take_ready``)
    return pid, receive


def _take_ready(pipe: int, buffer: bytearray) -> None:
    """What the child has written so far, without waiting."""
    with contextlib.suppress(BlockingIOError):
        while chunk := os.read(pipe, 1 << 20):
            buffer += chunk


def _collect(
    pid: int,
    pipe: int,
    buffer: bytearray,
    got: dict[int, PageLines],
    failed: dict[int, Exception],
) -> None:
    """The pages (and failed pages) a child sent (``buffer``: what was taken already); then
    the child is reaped."""
    try:
        os.set_blocking(pipe, True)
        buffer += read_all(pipe)
    finally:
        os.close(pipe)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)
    view, at = memoryview(buffer), 0
    while at + _FRAME.size <= len(view):
        end = at + _FRAME.size + _FRAME.unpack_from(view, at)[0]
        if end > len(view):
            break  # cut short: the child died while writing
        try:
            i, ok, value = marshal.loads(view[at + _FRAME.size : end])
        except (EOFError, ValueError, TypeError):
            break
        if ok:
            got[i] = _page(value)
        else:
            failed[i] = ChildPageError(str(value))
        at = end


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
