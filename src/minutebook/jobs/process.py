"""What the worker and the scheduler share: a heartbeat, signals, and riding out outages.

Both are long-running loops that must never exit because the database went away (a
PostgreSQL restart, terminated connections, SQLite busy past its timeout): they close
their connections and retry with a growing pause. Each registers itself and beats from
a thread (``BackgroundProcess``), which is how officers, ``/health/worker/`` and the
lease on running tasks know it is alive. SIGTERM or SIGINT stops the loop after the
current step; a second signal interrupts the step.
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import signal
import socket
import threading
from types import FrameType

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.utils import timezone

from minutebook.jobs.models import BackgroundProcess

log = logging.getLogger("minutebook.jobs")

#: Errors that say the database is unreachable or busy, not that the work is wrong.
TRANSIENT = (OperationalError, InterfaceError)


def new_process_id(kind: str) -> str:
    host = socket.gethostname()[:30]
    return f"{kind}-{host}-{os.getpid()}-{secrets.token_hex(4)}"


def pid_is_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def close_connections() -> None:
    """Drop this thread's connections: after an outage they are unusable."""
    for conn in connections.all(initialized_only=True):
        with contextlib.suppress(DatabaseError):
            conn.close()


class Heartbeat:
    """Registers a background process and keeps its ``last_seen`` fresh from a thread."""

    def __init__(self, process_id: str, kind: str) -> None:
        self.process_id = process_id
        self.kind = kind
        self.interval = float(settings.MINUTEBOOK_TASK_HEARTBEAT_SECONDS)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.started_at = timezone.now()

    def register(self) -> None:
        now = timezone.now()
        BackgroundProcess.objects.update_or_create(
            process_id=self.process_id,
            defaults={
                "kind": self.kind,
                "hostname": socket.gethostname()[:255],
                "pid": os.getpid(),
                "started_at": self.started_at,
                "last_seen": now,
                "stopped_at": None,
            },
        )

    def beat(self) -> None:
        updated = BackgroundProcess.objects.filter(
            pk=self.process_id
        ).update(  # bulk-update-ok: one heartbeat row, no public copy
            last_seen=timezone.now()
        )
        if not updated:
            self.register()

    def _run(self) -> None:
        failing = False
        while not self._stop.wait(self.interval):
            try:
                self.beat()
                if failing:
                    log.info("heartbeat: database reachable again")
                failing = False
            except DatabaseError as error:
                if not failing:
                    log.warning("heartbeat: database unavailable (%s)", error)
                failing = True
                close_connections()
        close_connections()

    def start(self) -> None:
        if self.interval <= 0:
            return  # heartbeats off (tests): the process counts as alive while it runs
        self._thread = threading.Thread(target=self._run, name="heartbeat", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=self.interval + 5)
        try:
            BackgroundProcess.objects.filter(
                pk=self.process_id
            ).update(  # bulk-update-ok: one heartbeat row, no public copy
                stopped_at=timezone.now(), current_task=None
            )
        except DatabaseError:
            log.warning("could not record that %s stopped", self.process_id)


class BackgroundLoop:
    """A registered, beating loop of ``step()`` calls that survives database outages."""

    kind = ""

    def __init__(self, *, interval: float, process_id: str | None = None) -> None:
        self.interval = interval
        self.process_id = process_id or new_process_id(self.kind)
        self.heartbeat = Heartbeat(self.process_id, self.kind)
        self.stopping = threading.Event()

    def step(self) -> bool:
        """One unit of work; True when there may be more to do at once."""
        raise NotImplementedError

    def recover(self) -> None:
        """Called once the database is back after an outage."""

    def finished(self, busy: bool) -> bool:
        """Whether to stop (batch modes) after a step."""
        return False

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        if self.stopping.is_set():
            log.warning("second %s: stopping now", signal.Signals(signum).name)
            raise KeyboardInterrupt
        log.info("%s: finishing the current step, then stopping", signal.Signals(signum).name)
        self.stopping.set()

    def install_signals(self) -> None:
        signal.signal(signal.SIGTERM, self._on_signal)
        signal.signal(signal.SIGINT, self._on_signal)

    def run(self) -> None:
        delay = 1.0
        registered = False
        outage = False
        try:
            while not self.stopping.is_set():
                try:
                    if not registered:
                        self.heartbeat.register()
                        self.heartbeat.start()
                        registered = True
                    if outage:
                        self.recover()
                        log.info("database reachable again; %s resumes", self.process_id)
                        outage = False
                    busy = self.step()
                    delay = 1.0
                except TRANSIENT as error:
                    if not outage:
                        log.warning("database unavailable (%s); retrying", error)
                    outage = True
                    close_connections()
                    self.stopping.wait(delay)
                    delay = min(delay * 2, 30.0)
                    continue
                if self.finished(busy):
                    break
                if not busy:
                    self.stopping.wait(self.interval)
        except KeyboardInterrupt:
            log.warning("%s interrupted", self.process_id)
        finally:
            if registered:
                self.heartbeat.stop()
