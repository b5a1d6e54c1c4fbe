"""Passes over a long pack's lines that do not wait for its front sheet, run in a forked
process while the parsing process classifies the pack and reads the front sheet.

Once the text is normalised, four passes over every line depend on the lines alone: the
report-cover labels (``reports._classify``), the document boundaries
(``reports._page_marks``), the forward plan's entries (``forwardplan.read_plan_entries``,
which reads nothing of the front sheet) and the provenance index (``provenance.Locator``).
On the 484-page bench pack they are about a third of the parse. A child forked after
normalisation runs them in that order (the order the parse needs them) and sends each
result down a pipe as soon as it has it; the parse takes each when it gets there.

The result is the same as without the child, whatever happens to it: a pass that raised in
the child, a child that died, or lines other than the ones it was forked with (a section
parser handed a slice) make the parse run the pass itself. Each result is handed out once
(a second request runs the pass again), so no parser sees another's changes to it.
"""

from __future__ import annotations

import os
import pickle
import struct
from collections.abc import Callable
from typing import Any

from minutebook.importer.forked import (
    can_fork,
    default_processes,
    fork_child,
    kill,
    read_exactly,
    write_all,
)

# (imported here, before any fork: a child imports nothing)
from minutebook.importer.parse.forwardplan import read_plan_entries
from minutebook.importer.parse.provenance import line_index
from minutebook.importer.parse.reports import _classify as cover_labels
from minutebook.importer.parse.reports import _page_marks as page_marks_of
from minutebook.importer.parse.text import Line

__all__ = ["MIN_LINES", "Ahead"]

#: Lines a pack needs before the passes are worth a fork (a fork and the results' transfer
#: cost a few ms; the passes take about 4.5 us a line).
MIN_LINES = 4000

_FRAME = struct.Struct("<Q")


#: The passes, in the order the parse asks for them.
PASSES: dict[str, Callable[[list[Line]], object]] = {
    "labels": cover_labels,
    "marks": page_marks_of,
    "plan": read_plan_entries,
    "index": line_index,
}


class Ahead:
    """The passes of ``PASSES`` over ``lines``: from a child forked at creation when the
    pack is long enough and more than one process may be used, else run when asked."""

    def __init__(self, lines: list[Line], *, processes: int | None = None) -> None:
        self.lines = lines
        self._got: dict[str, tuple[bool, Any]] = {}  # pass -> (ok, result) from the child
        self._taken: set[str] = set()
        self._pid = 0
        self._pipe = -1
        wanted = default_processes() if processes is None else processes
        #: whether a child was forked for the passes
        self.forked = len(lines) >= MIN_LINES and wanted > 1 and can_fork()
        if self.forked:
            try:
                self._fork()
            except OSError:  # no more processes allowed: the parse runs every pass
                self.forked = False

    def result(self, name: str, lines: list[Line]) -> Any:
        """Pass ``name`` over ``lines``: the child's result the first time it is asked for
        the lines the child has, otherwise run here."""
        run = PASSES[name]
        if lines is not self.lines or name in self._taken:
            return run(lines)
        self._taken.add(name)
        got = self._receive(name)
        if got is None or not got[0]:
            return run(lines)  # no child, or the pass failed there: the parse decides here
        return got[1]

    def close(self) -> None:
        """End the child (if still running) and free its results."""
        self._end_child()
        self._got.clear()

    def _end_child(self) -> None:
        if self._pipe >= 0:
            os.close(self._pipe)
            self._pipe = -1
        if self._pid:
            kill(self._pid)  # (once it has sent everything it has exited: this reaps it)
            self._pid = 0

    def __enter__(self) -> Ahead:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- the child and its pipe

    def _fork(self) -> None:
        lines = self.lines

        def work(send: int) -> None:  # in the child: each pass, each result as it comes
            for name, run in PASSES.items():
                try:
                    payload = pickle.dumps((name, True, run(lines)), protocol=5)
                except Exception:  # the parse runs the pass itself and decides
                    payload = pickle.dumps((name, False, None), protocol=5)
                write_all(send, _FRAME.pack(len(payload)) + payload)

        self._pid, self._pipe = fork_child(work)

    def _receive(self, name: str) -> tuple[bool, Any] | None:
        while name not in self._got and self._pipe >= 0:
            head = read_exactly(self._pipe, _FRAME.size)
            body = read_exactly(self._pipe, _FRAME.unpack(head)[0]) if head else None
            if body is None:  # the child is gone: what is missing is run here
                self._end_child()
                break
            try:
                got, ok, value = pickle.loads(body)
            except Exception:
                self._end_child()
                break
            self._got[got] = (ok, value)
            if got == list(PASSES)[-1]:  # the last pass: the child is done
                self._end_child()
        return self._got.pop(name, None)
