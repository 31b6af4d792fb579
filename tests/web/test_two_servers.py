"""Two app servers (gunicorn) over one database: a sign-up alternates between them and completes."""
from __future__ import annotations

import json

import pytest

from httpwalk import Browserless
from serverkit import gunicorn_servers
from signup_steps import new_rrn

@pytest.fixture
def two_servers(database_url, tmp_path, app):
    """`app` migrated the database; then two gunicorn processes share it."""
    from esop.db import db
    db.close()
    with gunicorn_servers(database_url, tmp_path) as servers:
        yield [url for url, _ in servers]


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
