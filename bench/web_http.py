"""Served over HTTP: the production WSGI server on loopback, loaded by wrk (``bench/web.py --http``).

Each server runs as a subprocess with ``bench_web_settings`` (production settings plus the
bare view) against the bench database. gunicorn is started with exactly the command line
``minutebook web --production`` runs (``minutebook.runtime.web.gunicorn_argv``); granian
with the same processes and threads per process, for comparison. Both servers are up
for the whole run and measured turn about, so both see the same machine.

The load generator is wrk (fixed connections and duration, rotating over a
measurement's addresses with a Lua script); without wrk, a threaded ``http.client``
loop does the same job less well (it shares the CPU and the GIL with itself, so its
figures are lower and noisier; the output says which one ran).
"""

from __future__ import annotations

import http.client
import json
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
SERVERS = ("gunicorn", "granian")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(cache: bool) -> dict[str, str]:
    """The environment of a production server on plain HTTP, loopback only."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench_web_settings",
        PYTHONPATH=os.pathsep.join(p for p in (str(BENCH), env.get("PYTHONPATH", "")) if p),
        DJANGO_SECRET_KEY=env.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="0",
        MINUTEBOOK_STATIC_ROOT=str(ROOT / "var" / "bench-static"),
        MINUTEBOOK_PUBLIC_CACHE="1" if cache else "0",
        MINUTEBOOK_LOG_LEVEL="WARNING",
    )
    return env


def collectstatic(env: dict[str, str]) -> None:
    """Production settings use a manifest: pages cannot render without it."""
    subprocess.run(
        [sys.executable, "-m", "django", "collectstatic", "--no-input", "-v", "0"],
        env=env,
        check=True,
        cwd=ROOT,
    )


def granian_argv(host: str, port: int, processes: int, threads: int) -> list[str]:
    """granian configured like the production gunicorn: processes x threads, access log."""
    return [
        sys.executable,
        "-m",
        "granian",
        "--interface",
        "wsgi",
        "minutebook.wsgi:application",
        "--host",
        host,
        "--port",
        str(port),
        "--workers",
        str(processes),
        "--blocking-threads",
        str(threads),
        "--no-ws",
        "--access-log",
        "--log-level",
        "warning",
    ]


def server_argv(server: str, port: int, processes: int, threads: int) -> list[str]:
    if server == "gunicorn":
        from minutebook.runtime.web import gunicorn_argv

        os.environ["MINUTEBOOK_WEB_THREADS"] = str(threads)
        return gunicorn_argv("127.0.0.1", port, processes)
    return granian_argv("127.0.0.1", port, processes, threads)


@dataclass
class Server:
    name: str
    port: int
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        """SIGTERM to the server's own pid (it stops its workers), as systemd would."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_server(server: str, processes: int, threads: int, env: dict[str, str]) -> Server:
    port = free_port()
    log = ROOT / "var" / f"bench-web-http-{server}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            server_argv(server, port, processes, threads),
            env=env,
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    running = Server(server, port, process, log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{server} exited with {process.returncode}; see {log}")
        try:
            if get(port, "/__bench__/bare/")[0] == 200:
                return running
        except OSError:
            pass
        time.sleep(0.2)
    running.stop()
    raise RuntimeError(f"{server} did not answer within 60 s; see {log}")


def descendants(pid: int) -> list[int]:
    """The pid and every process below it (workers, and anything they started)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo += children.get(p, [])
    return out


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) used so far by a server: its master, its live workers,
    and workers that have exited (counted in the master's reaped-children times).

    Unlike requests/s this hardly depends on what else the machine is doing, so it is
    the fairer comparison of two servers on a shared machine.
    """
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for p in descendants(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # utime, stime, cutime, cstime are fields 14-17 (1-based); here 11-14 after ")".
        total += sum(int(x) for x in fields[11:15])
    return total / ticks


def get(port: int, path: str) -> tuple[int, float]:
    """One request on a new connection: the status and milliseconds taken."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        start = time.perf_counter()
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        return response.status, (time.perf_counter() - start) * 1000
    finally:
        conn.close()


# -- load -------------------------------------------------------------------------------


@dataclass
class Load:
    """What one load run measured."""

    requests: int
    seconds: float
    p50_ms: float
    p95_ms: float
    errors: int
    cpu_ms: float = 0.0  # server CPU per request, filled in by run()
    rate: float = field(init=False)

    def __post_init__(self) -> None:
        self.rate = self.requests / self.seconds if self.seconds else 0.0


WRK_SCRIPT = """
local paths = %(paths)s
local threads = 0
local n = 0
setup = function(thread)
  thread:set("offset", threads * 7)
  threads = threads + 1
end
init = function(args)
  n = offset or 0
end
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n %% #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH-RESULT {\\"requests\\": %%d, \\"duration_us\\": %%d, \\"p50_us\\": %%d, " ..
    "\\"p95_us\\": %%d, \\"errors\\": %%d}\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    e.status + e.connect + e.read + e.write + e.timeout))
end
"""


def lua_list(paths: list[str]) -> str:
    return "{" + ", ".join(json.dumps(p) for p in paths) + "}"


def wrk_load(port: int, paths: list[str], seconds: float, connections: int, threads: int) -> Load:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT % {"paths": lua_list(paths)})
    try:
        result = subprocess.run(
            [
                "wrk",
                f"-t{min(threads, connections)}",
                f"-c{connections}",
                f"-d{max(1, round(seconds))}s",
                "--timeout",
                "30s",
                "-s",
                script.name,
                f"http://127.0.0.1:{port}",
            ],
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        os.unlink(script.name)
    line = next(x for x in result.stdout.splitlines() if x.startswith("BENCH-RESULT "))
    data = json.loads(line.removeprefix("BENCH-RESULT "))
    return Load(
        requests=data["requests"],
        seconds=data["duration_us"] / 1e6,
        p50_ms=data["p50_us"] / 1000,
        p95_ms=data["p95_us"] / 1000,
        errors=data["errors"],
    )


def python_load(
    port: int, paths: list[str], seconds: float, connections: int, threads: int
) -> Load:
    """The fallback: one thread per connection, each keeping its connection open."""
    times: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def run(offset: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine: list[float] = []
        n = offset
        while time.perf_counter() < deadline:
            path = paths[n % len(paths)]
            n += 1
            start = time.perf_counter()
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                ok = False
            mine.append((time.perf_counter() - start) * 1000)
            if not ok:
                with lock:
                    errors[0] += 1
        conn.close()
        with lock:
            times.extend(mine)

    started = time.perf_counter()
    workers = [threading.Thread(target=run, args=(k * 7,)) for k in range(connections)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    elapsed = time.perf_counter() - started
    cuts = statistics.quantiles(times, n=20, method="inclusive") if len(times) > 1 else [0.0] * 19
    return Load(len(times), elapsed, statistics.median(times), cuts[18], errors[0])


def load_generator() -> tuple[str, Callable[..., Load]]:
    if shutil.which("wrk"):
        return "wrk", wrk_load
    return "Python http.client threads (wrk not installed: figures are lower and noisier)", (
        python_load
    )


# -- the run ----------------------------------------------------------------------------


@dataclass
class Row:
    server: str
    measurement: str
    rounds: list[Load] = field(default_factory=list)
    rate_ratios: list[float] = field(default_factory=list)
    p95_ratios: list[float] = field(default_factory=list)
    cpu_ratios: list[float] = field(default_factory=list)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def run(
    measurements: list[tuple[str, list[str]]],
    *,
    servers: list[str],
    cache: bool,
    processes: int,
    threads: int,
    connections: int,
    load_threads: int,
    seconds: float,
    warmup: float,
    rounds: int,
    log: Callable[[str], None] = print,
) -> dict[tuple[str, str], Row]:
    """Start the servers, then measure each (measurement, server) pair ``rounds`` times.

    ``measurements`` starts with the bare view. Every round measures the bare view and
    then each page on every server, alternating which server goes first; ratios are
    taken within a round, against the bare view of the same server.
    """
    describe, load = load_generator()
    # A SIGTERM to the bench stops its servers too (the finally below).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    env = server_env(cache)
    collectstatic(env)
    log(
        f"served over HTTP on loopback: {', '.join(servers)}, {processes} processes x "
        f"{threads} threads each; load: {describe}, {connections} connections, "
        f"{seconds:g} s per measurement after {warmup:g} s warm-up, {rounds} rounds; "
        f"public page cache {'ON (per process): served from cache after warm-up' if cache else 'OFF: every page rendered'}"
    )
    running: list[Server] = []
    rows: dict[tuple[str, str], Row] = {}
    try:
        for name in servers:
            running.append(start_server(name, processes, threads, env))
        for r in range(rounds):
            order = running if r % 2 == 0 else running[::-1]
            bare: dict[str, Load] = {}
            for measurement, paths in measurements:
                for server in order:
                    for path in paths:
                        status, _ = get(server.port, path)
                        if status != 200:
                            raise RuntimeError(f"{server.name}: {path} answered {status}")
                    if warmup:
                        load(server.port, paths, warmup, connections, load_threads)
                    cpu = cpu_seconds(server.process.pid)
                    result = load(server.port, paths, seconds, connections, load_threads)
                    cpu = cpu_seconds(server.process.pid) - cpu
                    result.cpu_ms = 1000 * cpu / max(1, result.requests)
                    row = rows.setdefault((server.name, measurement), Row(server.name, measurement))
                    row.rounds.append(result)
                    if not bare.get(server.name):
                        bare[server.name] = result
                    base = bare[server.name]
                    row.rate_ratios.append(result.rate / base.rate)
                    row.p95_ratios.append(result.p95_ms / base.p95_ms)
                    row.cpu_ratios.append(result.cpu_ms / base.cpu_ms if base.cpu_ms else 0.0)
                    log(
                        f"  round {r + 1} {server.name:8} {measurement:28} "
                        f"{result.rate:8.0f} req/s  p50 {result.p50_ms:7.2f} ms  "
                        f"p95 {result.p95_ms:7.2f} ms  server CPU {result.cpu_ms:6.2f} ms/req"
                        + (f"  ERRORS {result.errors}" if result.errors else "")
                    )
    finally:
        for server in running:
            server.stop()
    return rows


def report(
    rows: dict[tuple[str, str], Row], title: str, log: Callable[[str], None] = print
) -> None:
    """Medians over the rounds; ratios are to the same server's bare view, per round."""
    log(f"\n{title} (medians over rounds; ratios to the same server's bare view)")
    log(
        f"{'server':9} {'measurement':28} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'req/s/bare':>11} {'p95/bare':>9} {'CPU ms/req':>11} {'CPU/bare':>9}"
    )
    for row in rows.values():
        log(
            f"{row.server:9} {row.measurement:28} "
            f"{median([x.rate for x in row.rounds]):8.0f} "
            f"{median([x.p50_ms for x in row.rounds]):8.2f} "
            f"{median([x.p95_ms for x in row.rounds]):8.2f} "
            f"{median(row.rate_ratios):10.3f}x {median(row.p95_ratios):8.2f}x "
            f"{median([x.cpu_ms for x in row.rounds]):11.2f} {median(row.cpu_ratios):8.2f}x"
            + (
                f"  errors {sum(x.errors for x in row.rounds)}"
                if any(x.errors for x in row.rounds)
                else ""
            )
        )
    names = sorted({s for s, _ in rows}, key=SERVERS.index)
    if len(names) == 2:
        a, b = names
        log(f"\n{b} against {a} (same run, same pages): req/s, p95 and server CPU per request")
        for (server, measurement), row in rows.items():
            if server != a or (b, measurement) not in rows:
                continue
            other = rows[(b, measurement)]
            rate = median([x.rate for x in other.rounds]) / median([x.rate for x in row.rounds])
            tail = median([x.p95_ms for x in other.rounds]) / median([x.p95_ms for x in row.rounds])
            cpu = median([x.cpu_ms for x in other.rounds]) / median([x.cpu_ms for x in row.rounds])
            log(f"  {measurement:28} req/s {rate:6.2f}x   p95 {tail:6.2f}x   CPU/req {cpu:6.2f}x")
