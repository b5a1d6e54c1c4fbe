"""Run the web server, the task workers and the scheduler as one service.

``minutebook serve`` starts each as a child process and keeps them running: a child that
exits is started again (after a pause that grows if it keeps failing). Ctrl-C or SIGTERM
stops them all: each child gets one SIGTERM and finishes what it is doing (the web
server its requests, a worker its task) within the grace period, then SIGKILL.

Children run in their own session so that a terminal's Ctrl-C reaches only the
supervisor, which then signals each child once (a second signal would make a worker
abandon its task). On Linux each child also asks the kernel for SIGTERM if the
supervisor dies, so a killed supervisor leaves no orphans behind.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from types import FrameType

PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:  # pragma: no cover - runs in the child
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        pass


@dataclass
class Child:
    """One supervised process: its name, command line and state."""

    name: str
    argv: list[str]
    env: dict[str, str] | None = None
    proc: subprocess.Popen[bytes] | None = None
    restarts: list[float] = field(default_factory=list)
    next_start: float = 0.0

    def start(self) -> None:
        self.proc = subprocess.Popen(
            self.argv,
            env=self.env,
            start_new_session=True,
            preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
        )

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None


class Supervisor:
    """Starts children, restarts any that exit, and stops them all on a signal."""

    def __init__(
        self,
        children: list[Child],
        *,
        say: Callable[[str], None] = print,
        grace: float = 30.0,
        max_restarts: int = 5,
        window: float = 60.0,
    ) -> None:
        self.children = children
        self.say = say
        self.grace = grace
        self.max_restarts = max_restarts
        self.window = window
        self.stopping = False
        self.exit_code = 0

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        if self.stopping:
            return
        self.say(f"{signal.Signals(signum).name}: stopping (Ctrl-C again is not needed)")
        self.stopping = True

    def _restart(self, child: Child, now: float) -> None:
        code = child.proc.returncode if child.proc else None
        child.restarts = [t for t in child.restarts if now - t < self.window] + [now]
        if len(child.restarts) > self.max_restarts:
            self.say(
                f"{child.name} exited ({code}) {len(child.restarts)} times in "
                f"{int(self.window)} s; stopping the service"
            )
            self.exit_code = 1
            self.stopping = True
            return
        pause = min(2 ** (len(child.restarts) - 1), 30)
        self.say(f"{child.name} exited ({code}); starting it again in {pause} s")
        child.next_start = now + pause
        child.proc = None

    def run(self) -> int:
        signal.signal(signal.SIGINT, self._on_signal)
        signal.signal(signal.SIGTERM, self._on_signal)
        for child in self.children:
            child.start()
        try:
            while not self.stopping:
                now = time.monotonic()
                for child in self.children:
                    if child.proc is None:
                        if now >= child.next_start and not self.stopping:
                            child.start()
                    elif child.proc.poll() is not None:
                        self._restart(child, now)
                time.sleep(0.25)
        finally:
            self.stop()
        return self.exit_code

    def stop(self) -> None:
        live = [c for c in self.children if c.running]
        for child in live:
            assert child.proc is not None
            with contextlib.suppress(ProcessLookupError):
                child.proc.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + self.grace
        for child in live:
            assert child.proc is not None
            try:
                child.proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                self.say(f"{child.name} did not stop within {int(self.grace)} s; killing it")
                child.proc.kill()
                child.proc.wait()


def python_command(*args: str) -> list[str]:
    """A command line that runs ``minutebook <args>`` with this interpreter."""
    return [sys.executable, "-m", "minutebook.cli", *args]


def child_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(extra)
    env.setdefault("PYTHONUNBUFFERED", "1")
    return env
