"""Boot on a fresh database (issue 14): `gunicorn -w 4 app:app` — four workers that all start at once —
boots ten rounds out of ten with no traceback; a production deployment refuses an unmigrated database
in one line. Each round has its own fresh database: PostgreSQL with ESOP_TEST_POSTGRES, else SQLite."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.request
import uuid

import testdb
from serverkit import ROOT, free_port
from testenv import TEST_ENV

ROUNDS = int(os.environ.get("ESOP_BOOT_ROUNDS", "10"))
WORKERS = 4
# gunicorn calls this in each worker once the app is loaded: the test counts these lines.
HOOK = "def post_worker_init(worker):\n    worker.log.info('esop worker ready')\n"


class FreshDatabase:
    """An empty database per round: CREATE DATABASE on the test cluster (empty, from template0 is the
    same speed), or a new SQLite file."""

    def __init__(self, workdir):
        self.workdir = workdir
        self.name = "esop_boot_" + uuid.uuid4().hex[:10]

    def __enter__(self) -> str:
        if testdb.PG_URL:
            testdb._admin_sql(f"CREATE DATABASE {self.name}")
            return testdb._url_for(self.name)
        return f"sqlite:///{self.workdir / (self.name + '.db')}"

    def __exit__(self, *exc):
        if testdb.PG_URL:
            testdb.drop_database(self.name)


def _gunicorn(url: str, workdir, log_path, env: dict | None = None) -> tuple[subprocess.Popen, str]:
    (workdir / "hooks.py").write_text(HOOK)
    port = free_port()
    # PYTHONDONTWRITEBYTECODE dropped: four workers compiling esop from source each round cost more than
    # the boot itself; with bytecode cached after the first round, ten rounds fit in CI's time.
    base = {k: v for k, v in os.environ.items()
            if not k.startswith(("ESOP_", "FLASK_")) and k != "PYTHONDONTWRITEBYTECODE"}
    base.update(TEST_ENV, DATABASE_URL=url, ESOP_INSTANCE=str(workdir / "instance"), PYTHONUNBUFFERED="1")
    base.update(env or {})
    log = open(log_path, "w")
    proc = subprocess.Popen([sys.executable, "-m", "gunicorn", "-w", str(WORKERS), "-b", f"127.0.0.1:{port}",
                             "-c", str(workdir / "hooks.py"), "--graceful-timeout", "1", "app:app"],
                            cwd=ROOT, env=base, stdout=log, stderr=subprocess.STDOUT)
    log.close()
    return proc, f"http://127.0.0.1:{port}"


def _stop(proc) -> None:
    if proc.poll() is None:
        proc.terminate()  # graceful: a quick shutdown (QUIT) can cut a response mid-write, with a traceback
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def _boot_round(n: int, tmp_path) -> str | None:
    """None when all four workers booted and /readyz answers 200; otherwise what went wrong."""
    workdir = tmp_path / f"round-{n}"
    workdir.mkdir()
    log_path = workdir / "server.log"
    with FreshDatabase(workdir) as url:
        proc, base = _gunicorn(url, workdir, log_path)
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and proc.poll() is None:
                if log_path.read_text().count("esop worker ready") >= WORKERS:
                    break
                time.sleep(0.1)
            text = log_path.read_text()
            if text.count("esop worker ready") < WORKERS:
                return f"round {n}: {text.count('esop worker ready')} of {WORKERS} workers booted\n{text[-3000:]}"
            with urllib.request.urlopen(base + "/readyz", timeout=10) as r:
                if r.status != 200:
                    return f"round {n}: /readyz answered {r.status}"
        finally:
            _stop(proc)
        text = log_path.read_text()
        for bad in ("Traceback", "Worker failed to boot", "Exception in worker", "IntegrityError"):
            if bad in text:
                return f"round {n}: {bad!r} in the log\n{text[-3000:]}"
    return None


def test_gunicorn_four_workers_boot_on_a_fresh_database_ten_rounds_out_of_ten(tmp_path):
    started = time.monotonic()
    failures = [f for f in (_boot_round(n, tmp_path) for n in range(ROUNDS)) if f]
    assert not failures, f"{len(failures)} of {ROUNDS} rounds failed:\n" + "\n".join(failures)
    print(f"{ROUNDS} rounds of gunicorn -w {WORKERS} on fresh databases in {time.monotonic() - started:.1f}s")


def test_production_gunicorn_refuses_an_unmigrated_database_in_one_line(tmp_path):
    with FreshDatabase(tmp_path) as url:
        proc, _ = _gunicorn(url, tmp_path, tmp_path / "server.log",
                            env={"ESOP_ENV": "production", "ESOP_SANDBOX": "0", "ESOP_SCHEMA_WAIT_SECONDS": "0"})
        try:
            proc.wait(timeout=60)
        finally:
            _stop(proc)
        text = (tmp_path / "server.log").read_text()
        # gunicorn's arbiter may print its own HaltServer traceback as it stops (a race between its
        # signal handler and main loop); no frame of esop's own may appear.
        app_code = (str(ROOT / "esop"), str(ROOT / "app.py"))
        ours = [f for f in re.findall(r'File "([^"]+)"', text) if f.startswith(app_code)]
        assert proc.returncode != 0 and not ours, text
        assert "Traceback" not in text or "HaltServer" in text, text
        assert "esop: refusing to start: the database schema is behind" in text, text
        assert "flask --app app esop migrate" in text
