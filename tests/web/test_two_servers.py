"""Two app servers (gunicorn) over one database: a sign-up alternates between them and completes."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from httpwalk import Browserless
from signup_steps import new_rrn
from testenv import TEST_ENV

ROOT = Path(__file__).resolve().parents[2]


def _port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def two_servers(database_url, tmp_path, app):
    """`app` migrated the database; then two gunicorn processes share it."""
    from esop.db import db
    db.close()
    env = dict(os.environ, **TEST_ENV, DATABASE_URL=database_url, ESOP_INSTANCE=str(tmp_path / "instance"))
    procs, urls = [], []
    for _ in range(2):
        port = _port()
        procs.append(subprocess.Popen([sys.executable, "-m", "gunicorn", "-w", "1", "-b", f"127.0.0.1:{port}",
                                       "app:app"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                                      stderr=subprocess.DEVNULL))
        urls.append(f"http://127.0.0.1:{port}")
    for url in urls:
        for _ in range(100):
            try:
                urllib.request.urlopen(url + "/", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
    yield urls
    for p in procs:
        p.terminate()
        p.wait(timeout=10)


def test_a_sign_up_alternating_between_two_servers(two_servers):
    a, b = two_servers
    servers = [a, b]
    walk = Browserless()
    turn = iter(range(100))

    def url(path):
        return servers[next(turn) % 2] + path

    def post(path, data, page=None):
        token = walk.csrf(url(page or path))
        return walk.request(url(path), dict(data, csrf_token=token))

    walk.request(url("/signup/"))
    status, headers, _ = post("/signup/terms", {"online_service_terms": "y", "electronic_finance_terms": "y",
                                                "privacy_policy": "y"})
    assert status == 302 and headers["Location"].endswith("/signup/consent")
    walk.request(url("/signup/document/credit-info-consent"))
    status, _, _ = post("/signup/consent", {"all_required": "y", "marketing": "no"})
    assert status == 302
    rrn = new_rrn("two-servers")
    status, _, html = post("/signup/realname", {"name": "이서버", "rrn_front": rrn[:6], "rrn_back": rrn[6:]})
    assert "실명이 확인되었습니다" in html
    post("/signup/identity/send", {"carrier": "SKT", "mobile": "010-3030-4040"}, page="/signup/realname")
    _, _, body = walk.request(url("/sandbox/messages.json?to=010-3030-4040"))
    code = json.loads(body)[0]["code"]
    status, headers, _ = post("/signup/identity/confirm", {"code": code}, page="/signup/realname")
    assert status == 302 and headers["Location"].endswith("/signup/profile")
    from signup_steps import profile_data
    status, headers, html = post("/signup/profile", profile_data(user_id="twoserv01"))
    assert status == 302, html[:2000]
    status, _, html = walk.request(url("/signup/done"))
    assert "회원가입이 완료 되었습니다" in html and "이서버님" in html
    # And a login on one server is seen by the other.
    status, _, _ = post("/login", {"user_id": "twoserv01", "password": profile_data()["password"]})
    assert status == 302
    for base in servers:
        assert "이서버님" in walk.request(base + "/")[2]
