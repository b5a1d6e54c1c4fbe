"""Forked helper processes of one parse: how many, and how they are started and ended.

A long pack is read by more than one process at once: its PDF pages (``layout.parallel``)
and the analyses of its lines that do not wait for the front sheet (``parse.ahead``). Both
fork the parsing process (the document and the lines are shared as they stand, nothing is
sent to the child) and read the child's results from a pipe. A child dies with its parent
(Linux ``PR_SET_PDEATHSIG``), so a parse killed at its time limit (``importer.isolate``)
leaves no helper behind, and it inherits the parse's memory cap.
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import os
import signal
from collections.abc import Callable
from typing import Any

__all__ = [
    "MAX_PROCESSES",
    "PROCESSES_ENV",
    "can_fork",
    "default_processes",
    "die_with",
    "fork_child",
    "kill",
    "read_all",
    "read_exactly",
    "write_all",
]

#: Environment variable naming how many processes one parse may use (1: the parsing process
#: alone). Default: the CPUs this process may run on, at most ``MAX_PROCESSES``.
PROCESSES_ENV = "MINUTEBOOK_IMPORT_PROCESSES"
MAX_PROCESSES = 4


def default_processes() -> int:
    """``MINUTEBOOK_IMPORT_PROCESSES`` when set (a positive integer; anything else: 1), else
    the CPUs available, at most ``MAX_PROCESSES``."""
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


def can_fork() -> bool:
    return hasattr(os, "fork")


def _prctl() -> Any:
    try:
        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        return None


# Looked up once, here: a child must not ``dlopen`` (another thread of the parent may have
# held the loader's lock when it forked).
_PRCTL = _prctl()
_PR_SET_PDEATHSIG = 1


def die_with(parent: int) -> None:
    """In a child: have the kernel kill it when ``parent`` dies (Linux); exit at once if the
    parent is already gone."""
    if _PRCTL is not None:
        _PRCTL(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)


def write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def read_all(fd: int) -> bytes:
    chunks: list[bytes] = []
    while chunk := os.read(fd, 1 << 20):
        chunks.append(chunk)
    return b"".join(chunks)


def read_exactly(fd: int, size: int) -> bytes | None:
    """``size`` bytes from ``fd``, or None if it closes first."""
    chunks: list[bytes] = []
    while size > 0:
        chunk = os.read(fd, min(size, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def kill(pid: int) -> None:
    """Kill and reap a child (gone already: nothing to do)."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)


def fork_child(work: Callable[[int], None]) -> tuple[int, int]:
    """Fork a child that runs ``work(fd)``, writing its results to ``fd`` (a pipe), and
    exits (status 1 if ``work`` raised), never returning; the child dies with this process.
    Returns (pid, the pipe's read end) here. OSError when no process may be forked."""
    parent = os.getpid()
    receive, send = os.pipe()
    with contextlib.suppress(OSError, AttributeError):  # room for many results (Linux)
        fcntl.fcntl(send, fcntl.F_SETPIPE_SZ, 1 << 20)
    try:
        pid = os.fork()
    except OSError:
        os.close(receive)
        os.close(send)
        raise
    if pid == 0:  # the child
        code = 0
        try:
            os.close(receive)
            die_with(parent)
            work(send)
        except BaseException:  # the parent does what the child did not send
            code = 1
        finally:
            os._exit(code)
    os.close(send)
    return pid, receive
