"""Parsing each file in a child process with memory and time limits.

A 2 MB PDF can make PDFium grow to gigabytes, and a 200 MB text file can keep the parser busy
for a quarter of an hour. In the importing process either would abort (or stall) the whole
batch. So each file is read and parsed in a forked child: its address space is capped with
``RLIMIT_AS`` (the cap is what the parse may add to what the importer already maps) and it is
killed after ``timeout`` seconds. A child that fails sends back one line saying why; one that
is killed or crashes is reported as such. The parent then goes on with the next file.

The child never touches the database: it inherits the importer's open connection (fork) but
exits with ``os._exit``, so it neither uses nor closes it.
"""

from __future__ import annotations

import faulthandler
import multiprocessing
import os
import resource
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from minutebook.importer.errors import PackError
from minutebook.importer.pack import Pack

__all__ = ["DEFAULT_MAX_MEMORY_MB", "DEFAULT_TIMEOUT", "Limits", "parse_isolated"]

DEFAULT_MAX_MEMORY_MB = 2048
DEFAULT_TIMEOUT = 300.0
_MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    """``max_memory_mb`` and ``timeout`` (seconds) of each file's parse; 0 means no limit,
    and ``isolate=False`` parses in the importing process (tests, debugging)."""

    max_memory_mb: int = DEFAULT_MAX_MEMORY_MB
    timeout: float = DEFAULT_TIMEOUT
    isolate: bool = True


def _mapped_bytes() -> int:
    """The address space this process maps now (Linux ``VmSize``), 0 if unknown."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def _child(conn: Connection, parse: Callable[[], Pack], max_memory_mb: int) -> None:
    faulthandler.disable()  # a crash out of memory is reported by the parent, in one line
    try:
        if max_memory_mb > 0:
            cap = _mapped_bytes() + max_memory_mb * _MB
            resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
        try:
            reply: tuple[str, Any] = ("ok", parse())
        except MemoryError:
            reply = ("error", f"ran out of memory (limit {max_memory_mb} MB more); skipped")
        except PackError as exc:
            reply = ("error", " ".join(str(exc).split()))
        except Exception as exc:  # the parent reports it; the batch goes on
            reply = ("error", f"{type(exc).__name__}: {' '.join(str(exc).split())}")
        try:
            conn.send(reply)
        except MemoryError:
            conn.send(("error", f"ran out of memory (limit {max_memory_mb} MB more); skipped"))
    finally:
        conn.close()
        os._exit(0)


def parse_isolated(path: Path, parse: Callable[[], Pack], limits: Limits) -> Pack:
    """``parse()`` (which reads ``path``) run in a child within ``limits``; PackError with
    one line when the child fails, runs out of memory or time, or dies."""
    if not limits.isolate:
        return parse()
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(
        target=_child, args=(send, parse, limits.max_memory_mb), name=f"parse {path.name}"
    )
    child.start()
    send.close()
    deadline = time.monotonic() + limits.timeout if limits.timeout > 0 else None
    status, value = "died", None
    try:
        while True:
            wait = 0.5 if deadline is None else min(0.5, max(0.0, deadline - time.monotonic()))
            if receive.poll(wait):
                try:
                    status, value = receive.recv()
                except EOFError:
                    status, value = "died", None
                break
            if not child.is_alive():
                status, value = "died", None
                break
            if deadline is not None and time.monotonic() >= deadline:
                status, value = "timeout", None
                break
    finally:
        receive.close()
        if child.is_alive() and status != "ok":
            child.kill()
        child.join(5)
        if child.is_alive():
            child.kill()
            child.join()
    if status == "ok" and isinstance(value, Pack):
        return value
    if status == "error":
        raise PackError(str(value))
    if status == "timeout":
        raise PackError(f"parsing took longer than {limits.timeout:g} s; stopped and skipped")
    code = child.exitcode
    how = f"signal {signal.Signals(-code).name}" if code and code < 0 else f"exit code {code}"
    raise PackError(
        f"the parser died ({how}), most likely out of memory (limit {limits.max_memory_mb} MB "
        "more); skipped"
    )
