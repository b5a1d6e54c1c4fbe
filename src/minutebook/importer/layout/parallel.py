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
outcome never depends on the number of processes. Children die with their parent
(``importer.forked``).
"""

from __future__ import annotations

import marshal
import os
from collections.abc import Callable

import pypdfium2 as pdfium

from minutebook.importer.forked import (
    PROCESSES_ENV,
    can_fork,
    default_processes,
    die_with,
    kill,
    read_all,
    write_all,
)
from minutebook.importer.layout.lines import PageLines, TextLine

__all__ = ["MIN_PAGES_PER_PROCESS", "PROCESSES_ENV", "PageReadError", "extract_pages"]

#: A share smaller than this is not worth a fork (a fork of the importing process and the
#: transfer back cost about as much as reading a few pages).
MIN_PAGES_PER_PROCESS = 24

ReadPage = Callable[[int], PageLines]
_Row = tuple[str, float, float, float, bool, float]


def extract_pages(count: int, read: ReadPage, *, processes: int | None = None) -> list[PageLines]:
    """``read(i)`` for each page ``i`` below ``count``, in order, with the pages shared
    among up to ``processes`` processes (``default_processes()`` when None)."""
    wanted = default_processes() if processes is None else max(1, processes)
    shares = max(1, min(wanted, count // MIN_PAGES_PER_PROCESS))
    if shares == 1 or not can_fork():
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
                kill(pid)


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
            die_with(parent)
            try:
                reply: tuple[object, ...] = ("ok", [_rows(read(i)) for i in range(first, end)])
            except PageReadError as exc:
                reply = ("page", exc.page, str(exc.cause))
            write_all(send, marshal.dumps(reply))
        except BaseException:  # any failure: the parent reads the share itself
            code = 1
        finally:
            os._exit(code)
    os.close(send)
    return pid, receive, first, end


def _collect(pid: int, pipe: int, first: int, end: int, read: ReadPage) -> list[PageLines]:
    """The pages a child read; read here instead when the child failed."""
    data = b""
    try:
        data = read_all(pipe)
    finally:
        os.close(pipe)
        _, status = os.waitpid(pid, 0)
    reply = None
    if os.waitstatus_to_exitcode(status) == 0 and data:
        try:
            reply = marshal.loads(data)
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
