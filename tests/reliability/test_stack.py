"""The production stack without a container daemon (issue 14): nginx rendered from deploy/nginx/ with
loopback ports, two gunicorn servers from deploy/gunicorn.conf.py over the test database (PostgreSQL
when ESOP_TEST_POSTGRES is set), the purge job compose and systemd run on a timer. A member signs up
and logs in with a certificate over HTTPS through nginx, from 127.0.0.7 while claiming another
address in X-Forwarded-For: the app must record 127.0.0.7, the address nginx saw. Then the purge job
runs beside them, and the outbox worker sends the alerts they raised. With CI=true a missing nginx fails the run (.ci/run installs it)."""
from __future__ import annotations

import gzip
import os
import subprocess
import sys
import urllib.request

import pytest

from cert_helpers import PHONE, issue, login_attempt, register_directly
from esop.db import db
from httpwalk import Browserless
from relkit import Walker
from serverkit import ROOT, gunicorn_servers, nginx_binary, nginx_proxy
from testenv import TEST_ENV

CLIENT = "127.0.0.7"       # where the member connects from (any 127/8 address is loopback)
SPOOFED = "198.51.100.23"  # what the member's request claims in X-Forwarded-For
# As production runs it: the app servers only queue security alerts; the worker (deploy/systemd/
# esop-worker.service, compose's worker) sends them.
OUTBOX_WORKER = {"ESOP_OUTBOX_WORKER": "1"}


@pytest.fixture
def stack(database_url, tmp_path, app):
    if nginx_binary() is None:
        if os.environ.get("CI") == "true":
            pytest.fail("nginx is not installed: .ci/run installs it (apt-get install nginx)")
        pytest.skip("nginx is not installed (apt-get install nginx)")
    db.close()
    env = dict(OUTBOX_WORKER)
    worker = subprocess.Popen([sys.executable, "-m", "flask", "--app", "app", "esop", "worker", "--poll", "0.2"],
                              cwd=ROOT, env=dict(os.environ, **TEST_ENV, DATABASE_URL=database_url,
                                                 ESOP_INSTANCE=str(tmp_path / "instance"), **env),
                              stdout=subprocess.DEVNULL, stderr=open(tmp_path / "worker.log", "w"))
    try:
        with gunicorn_servers(database_url, tmp_path, deployed=True, env=env) as servers, \
                nginx_proxy([url for url, _ in servers], tmp_path) as proxy:
            yield proxy
    finally:
        worker.terminate()   # SIGTERM: the worker finishes its message and stops (deploy/systemd)
        assert worker.wait(timeout=20) == 0, (tmp_path / "worker.log").read_text()[-2000:]


class Response:
    def __init__(self, status, headers, body):
        self.status_code, self.headers, self.body = status, headers, body

    def get_data(self, as_text=False):
        return self.body


class OverHttp:
    """The Flask test client's shape (get, post, get_data) over a Walker, so cert_helpers drives nginx."""

    def __init__(self, walker: Walker):
        self.walker = walker

    def get(self, path, headers=None):
        return Response(*self.walker.get(path, headers))

    def post(self, path, data):
        return Response(*self.walker.request(self.walker.url(path), data,
                                             headers={"X-Forwarded-For": SPOOFED}))


def _raw(url, ca, headers):
    """(status, headers, body bytes) without decoding: to see what nginx put on the wire."""
    import ssl
    opener = urllib.request.build_opener(urllib.request.HTTPSHandler(context=ssl.create_default_context(cafile=ca)))
    with opener.open(urllib.request.Request(url, headers=headers), timeout=15) as resp:
        return resp.status, resp.headers, resp.read()


def test_sign_up_and_certificate_login_through_nginx(stack, app, database_url, tmp_path):
    http_url, https_url, ca = stack
    walker = Walker([https_url], ca=str(ca), source=CLIENT)
    walker.ip = SPOOFED

    # Plain HTTP only redirects to HTTPS.
    status, headers, _ = Browserless().request(http_url + "/signup/")
    assert status == 301 and headers["Location"] == "https://127.0.0.1/signup/", (status, headers)

    # Sign-up 2-1 … 2-5 through nginx, then a certificate login.
    rrn = walker.to_profile(PHONE, name="김한국")
    status, headers, html = walker.submit_profile("stackuser1")
    assert status == 302, html[:1500]
    assert "회원가입이 완료 되었습니다" in walker.get("/signup/done")[2]

    from esop.models.member import member_by_user_id
    with app.app_context(), db.connection_context():
        member = member_by_user_id("stackuser1")
    cert = issue(app, rrn=rrn)
    register_directly(app, member.id, cert)
    member_walker = Walker([https_url], ca=str(ca), source=CLIENT)
    member_walker.ip = SPOOFED
    response = login_attempt(OverHttp(member_walker), app, rrn, cert)
    assert response.status_code == 302, response.body[:1500]
    assert "김한국님" in member_walker.get("/")[2]

    # The client IP the app recorded is the address nginx saw, not the one the request claimed.
    from esop.models.audit import AuditEvent
    from esop.models.session import LoginSession
    with app.app_context(), db.connection_context():
        sessions = list(LoginSession.select().where(LoginSession.member == member.id))
        logins = list(AuditEvent.select().where((AuditEvent.member == member.id)
                                                & (AuditEvent.event == "login.success")))
    assert [s.method for s in sessions] == ["certificate"] and sessions[0].ip == CLIENT
    assert logins and {e.ip for e in logins} == {CLIENT}

    # Security headers pass through the proxy; text is gzipped, and still reads the same.
    status, headers, body = _raw(https_url + "/", str(ca), {"Accept-Encoding": "gzip"})
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert "우리사주" in gzip.decompress(body).decode()
    for name in ("Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy",
                 "X-Request-ID"):
        assert headers[name], name
    assert "nginx/" not in headers.get("Server", "")
    css = _raw(https_url + "/static/app.css", str(ca), {"Accept-Encoding": "gzip"})[1]
    assert css["Content-Encoding"] == "gzip"

    # The worker beside the servers sent the 보안 알림 the registration and the login raised.
    import time
    from esop.models.outbox import OutboxMessage
    deadline = time.monotonic() + 20
    while True:
        with app.app_context(), db.connection_context():
            statuses = [m.status for m in OutboxMessage.select()]
        if (statuses and set(statuses) == {"sent"}) or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert statuses and set(statuses) == {"sent"}, statuses

    # The background job (deploy/systemd/esop-purge.service, compose's purge) runs beside the servers
    # and leaves the member's live session alone.
    purge = subprocess.run([sys.executable, "-m", "flask", "--app", "app", "esop", "purge"], cwd=ROOT,
                           env=dict(os.environ, **TEST_ENV, DATABASE_URL=database_url,
                                    ESOP_INSTANCE=str(tmp_path / "instance")),
                           capture_output=True, text=True, timeout=60)
    assert purge.returncode == 0 and "login_session: deleted 0 ended rows" in purge.stdout, purge.stderr
    assert "김한국님" in member_walker.get("/")[2]
