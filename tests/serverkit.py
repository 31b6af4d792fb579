"""Start esop as members reach it, on free loopback ports: `python app.py` (the browser tests) or
gunicorn instances over one database (two-server, reliability and bench runs)."""
from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from testenv import TEST_ENV

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_up(url: str, proc=None, log: Path | None = None, seconds: float = 20) -> None:
    """Until `url` answers; a server that exits first, or never answers, fails with its log's tail."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url + "/", timeout=2)
            return
        except OSError:
            if proc is not None and proc.poll() is not None:
                break
            time.sleep(0.1)
    if proc is not None and proc.poll() is None:
        proc.kill()
    raise RuntimeError(f"{url} did not start: " + (log.read_text()[-3000:] if log and log.exists() else ""))


def _stop(procs) -> None:
    for proc in procs:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
    for proc in procs:
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@contextlib.contextmanager
def serve_app(work: Path, database_url: str, setup: str | None = None, env: dict | None = None,
              demo: bool = True):
    """Demo data (plus an optional Python `setup` script), then `python app.py`; yields its base URL.
    `env` adds or overrides settings (e.g. a provider pointed at an address where nothing answers)."""
    port = free_port()
    env = dict(os.environ, **TEST_ENV, DATABASE_URL=database_url, ESOP_INSTANCE=str(work / "instance"),
               PORT=str(port), PYTHONUNBUFFERED="1", **(env or {}))
    if demo:
        subprocess.run([sys.executable, "-m", "flask", "--app", "app", "esop", "demo"], cwd=ROOT, env=env,
                       check=True, capture_output=True)
    if setup:
        subprocess.run([sys.executable, "-c", setup], cwd=ROOT, env=env, check=True, capture_output=True)
    with open(work / "server.log", "w") as log:
        proc = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            url = f"http://127.0.0.1:{port}"
            wait_up(url, proc, work / "server.log")
            yield url
        finally:
            _stop([proc])


@contextlib.contextmanager
def gunicorn_servers(database_url: str, workdir: Path, count: int = 2, workers: int = 1, env: dict | None = None,
                     threads: int = 1):
    """`count` gunicorn instances (each `workers` workers: sync, or gthread with `threads` > 1) over one
    database; yields their (url, Popen) pairs. Logs go to workdir/server-N.log, which the leak sweep scans."""
    base = dict(os.environ, **TEST_ENV, DATABASE_URL=database_url, ESOP_INSTANCE=str(workdir / "instance"),
                ESOP_TRUST_PROXY_HOPS="1", PYTHONUNBUFFERED="1")
    base.update(env or {})
    servers, logs = [], []
    try:
        for n in range(count):
            port = free_port()
            log = open(workdir / f"server-{n}.log", "w")
            logs.append(log)
            proc = subprocess.Popen([sys.executable, "-m", "gunicorn", "-w", str(workers), "--threads", str(threads),
                                     "-b", f"127.0.0.1:{port}",
                                     "--graceful-timeout", "2", "--access-logfile", "-", "app:app"],
                                    cwd=ROOT, env=base, stdout=log, stderr=subprocess.STDOUT)
            servers.append((f"http://127.0.0.1:{port}", proc))
        for n, (url, proc) in enumerate(servers):
            wait_up(url, proc, workdir / f"server-{n}.log")
        yield servers
    finally:
        _stop([proc for _, proc in servers])
        for log in logs:
            log.close()
