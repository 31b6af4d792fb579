"""Start esop as members reach it: `python app.py` in its own process on a free loopback port."""
from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from testenv import TEST_ENV

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve_app(work: Path, database_url: str, setup: str | None = None):
    """Demo data (plus an optional Python `setup` script), then the server; yields its base URL."""
    port = free_port()
    env = dict(os.environ, **TEST_ENV, DATABASE_URL=database_url,
               ESOP_INSTANCE=str(work / "instance"), PORT=str(port), PYTHONUNBUFFERED="1")
    subprocess.run([sys.executable, "-m", "flask", "--app", "app", "esop", "demo"], cwd=ROOT, env=env,
                   check=True, capture_output=True)
    if setup:
        subprocess.run([sys.executable, "-c", setup], cwd=ROOT, env=env, check=True, capture_output=True)
    log = open(work / "server.log", "w")
    proc = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(url + "/", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    else:
        proc.kill()
        raise RuntimeError("the app did not start: " + (work / "server.log").read_text())
    try:
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        log.close()
