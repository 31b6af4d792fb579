"""Scale-out (issue 14): two app servers raise security alerts at once while two `flask esop worker`
processes drain the outbox over one database (PostgreSQL with ESOP_TEST_POSTGRES, else the SQLite
file), the sandbox carrier refusing about one send in three: every alert is texted exactly once,
none is lost, and the workers stop cleanly on SIGTERM."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from esop.db import db
from esop.models.outbox import OutboxMessage
from esop.models.sandbox import SandboxMessage, set_switch
from helpers import make_member
from relkit import Walker
from serverkit import ROOT, gunicorn_servers
from testenv import TEST_ENV

MEMBERS = 24
FAST_RETRIES = {"ESOP_OUTBOX_WORKER": "1", "ESOP_OUTBOX_BACKOFF_SECONDS": "0.05",
                "ESOP_OUTBOX_MAX_ATTEMPTS": "40"}   # (1/3)^40: a message given up on would be a bug


def _mobile(n: int) -> str:
    return f"010-7100-{n:04d}"


def _lock_out(urls, n: int) -> None:
    walker = Walker(urls)
    for _ in range(5):
        walker.post("/login", {"user_id": f"scale{n:03d}", "password": "Wrong#0000"}, page="/login")


@pytest.fixture
def workers(database_url, tmp_path):
    env = dict(os.environ, **TEST_ENV, **FAST_RETRIES, DATABASE_URL=database_url,
               ESOP_INSTANCE=str(tmp_path / "instance"), PYTHONUNBUFFERED="1")
    procs = [subprocess.Popen([sys.executable, "-m", "flask", "--app", "app", "esop", "worker", "--poll", "0.1"],
                              cwd=ROOT, env=env, stdout=open(tmp_path / f"worker-{n}.log", "w"),
                              stderr=subprocess.STDOUT) for n in range(2)]
    yield procs
    for proc in procs:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_two_servers_and_two_workers_send_every_alert_exactly_once_through_a_flaky_carrier(
        app, database_url, tmp_path, workers):
    for n in range(MEMBERS):
        make_member(user_id=f"scale{n:03d}", password="Abcd#2580", mobile=_mobile(n))
    with db.connection_context():
        set_switch("sms_flaky", True)
    db.close()
    with gunicorn_servers(database_url, tmp_path, count=2, workers=2, env=FAST_RETRIES) as pairs:
        urls = [url for url, _ in pairs]
        with ThreadPoolExecutor(12) as pool:
            list(pool.map(lambda n: _lock_out(urls, n), range(MEMBERS)))
        deadline = time.monotonic() + 40
        while time.monotonic() < deadline:
            with db.connection_context():
                open_rows = OutboxMessage.select().where(OutboxMessage.status != "sent").count()
                queued = OutboxMessage.select().count()
            if queued == MEMBERS and not open_rows:
                break
            time.sleep(0.2)
    with db.connection_context():
        rows = list(OutboxMessage.select())
        texts = [m.to for m in SandboxMessage.select().where(SandboxMessage.purpose == "security.alert")]
    assert len(rows) == MEMBERS and {r.status for r in rows} == {"sent"}, [(r.status, r.attempts) for r in rows]
    assert sorted(texts) == sorted(_mobile(n) for n in range(MEMBERS))      # each exactly once
    assert sum(r.attempts for r in rows) > MEMBERS, "the flaky carrier refused none: no retry was exercised"
    for proc in workers:                                                     # systemctl stop / compose down
        proc.send_signal(signal.SIGTERM)
    assert [proc.wait(timeout=10) for proc in workers] == [0, 0]
