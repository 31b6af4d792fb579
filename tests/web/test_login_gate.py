"""Issue 13 (trusted core): one login gate for every way in, and 인증센터 본인확인 that tells nobody which
IDs exist — one message, the same argon2 work, limits per ID and per IP."""
from __future__ import annotations

import itertools
import re

import pytest
from cert_helpers import (
    PHONE,
    cert_member,
    csrf,
    issue,
    login_attempt,
    register_directly,
)
from helpers import make_member, page_csrf

from esop.db import db
from esop.models.security_event import SecurityEvent

PASSWORD = "Abcd#2580"   # helpers.make_member's default
ips = (f"203.0.113.{n % 250 + 1}" for n in itertools.count())


def login(client, user_id, password):
    return client.post("/login", data={"csrf_token": page_csrf(client, "/login"), "user_id": user_id,
                                       "password": password}, environ_base={"REMOTE_ADDR": next(ips)})


def identity(client, user_id, rrn, password=PASSWORD, ip=None):
    url = "/certcenter/financial/register"
    token = csrf(client.get(url).get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, "user_id": user_id, "password": password, "rrn": rrn},
                       environ_base={"REMOTE_ADDR": ip or next(ips)})


def errors(response):
    found = re.findall(r'class="field-error"[^>]*>(.*?)</p>', response.get_data(as_text=True), re.DOTALL)
    return [re.sub(r"<[^>]+>", "", text).strip() for text in found]


# --- one login gate --------------------------------------------------------------------------------

def test_five_wrong_passwords_also_stop_certificate_login(app, client):
    member, rrn = cert_member(app)
    cert = issue(app, rrn=rrn)
    register_directly(app, member.id, cert)
    for n in range(5):
        login(app.test_client(), member.user_id, f"Wrong#{n}x")
    response = login_attempt(client, app, rrn, cert)
    body = response.get_data(as_text=True)
    assert response.status_code == 403 and "로그인이 제한되었습니다" in body
    assert 'href="/account-recovery/"' in body                     # the way out: 비밀번호 재등록
    assert "김한국님" not in client.get("/").get_data(as_text=True)


def test_not_me_stops_certificate_login_with_the_certificate_the_alert_was_about(app, client):
    member, rrn = cert_member(app)
    cert = issue(app, rrn=rrn)
    register_directly(app, member.id, cert)     # 'cert.registered': an alert the member does not recognise
    assert login(client, member.user_id, PASSWORD).status_code == 302   # the request's end raises the alert
    with db.connection_context():
        alert = SecurityEvent.get((SecurityEvent.member == member.id) & (SecurityEvent.kind == "cert_registered"))
    r = client.post(f"/account/alerts/{alert.id}/not-me", data={"csrf_token": page_csrf(client, "/account/alerts")})
    assert r.status_code == 302
    thief = app.test_client()
    response = login_attempt(thief, app, rrn, cert)
    assert response.status_code == 403 and "로그인이 제한되었습니다" in response.get_data(as_text=True)
    assert "김한국님" not in thief.get("/").get_data(as_text=True)


# --- 인증센터 본인확인: no enumeration -------------------------------------------------------------

def test_identity_answers_one_message_for_every_mismatch(app, client):
    with app.app_context():
        _, rrn = make_member(user_id="idreal01", mobile=PHONE)
        _, locked_rrn = make_member(user_id="idlock01", mobile=PHONE)
    for n in range(5):
        login(app.test_client(), "idlock01", f"Wrong#{n}x")
    answers = {
        "unknown ID": identity(client, "nobody01", rrn),
        "wrong password": identity(client, "idreal01", rrn, password="Wrong#1x"),
        "wrong RRN": identity(client, "idreal01", "8507021234567"),
        "locked": identity(client, "idlock01", locked_rrn),
    }
    assert {name: r.status_code for name, r in answers.items()} == dict.fromkeys(answers, 422)
    messages = {name: errors(r) for name, r in answers.items()}
    assert len({tuple(m) for m in messages.values()}) == 1, messages
    assert "회 오류" not in messages["wrong password"][0] and "일치하지 않습니다" in messages["wrong password"][0]


def test_identity_is_limited_per_typed_id_whatever_the_ip(app, client):
    with app.app_context():
        make_member(user_id="idreal02", mobile=PHONE)
    for user_id in ("nobody02", "idreal02"):
        answers = [identity(client, user_id, "8507021234567") for _ in range(11)]   # each from a new IP
        assert all("요청이 너무 많습니다" not in " ".join(errors(r)) for r in answers[:10])
        assert "요청이 너무 많습니다" in " ".join(errors(answers[10])), user_id


# --- equal work (the timing finding, asserted structurally) ---------------------------------------

@pytest.fixture
def hashed(monkeypatch):
    from esop.security import passwords
    calls = []
    real = passwords.verify_password
    monkeypatch.setattr(passwords, "verify_password", lambda h, p: calls.append(1) or real(h, p))
    return calls


def test_login_does_one_argon2_verify_for_unknown_locked_and_real_ids(app, hashed):
    with app.app_context():
        make_member(user_id="workreal1")
        make_member(user_id="worklock1")
    for n in range(5):
        login(app.test_client(), "worklock1", f"Wrong#{n}x")
    work = {}
    for user_id in ("nobody03", "worklock1", "workreal1"):
        hashed.clear()
        assert login(app.test_client(), user_id, "Wrong#9x").status_code == 422
        work[user_id] = len(hashed)
    assert work == {"nobody03": 1, "worklock1": 1, "workreal1": 1}


def test_identity_does_one_argon2_verify_for_unknown_locked_and_real_ids(app, hashed):
    with app.app_context():
        _, rrn = make_member(user_id="workreal2", mobile=PHONE)
        _, locked_rrn = make_member(user_id="worklock2", mobile=PHONE)
    for n in range(5):
        login(app.test_client(), "worklock2", f"Wrong#{n}x")
    work = {}
    for user_id, digits in (("nobody04", rrn), ("worklock2", locked_rrn), ("workreal2", rrn)):
        hashed.clear()
        assert identity(app.test_client(), user_id, digits, password="Wrong#9x").status_code == 422
        work[user_id] = len(hashed)
    assert work == {"nobody04": 1, "worklock2": 1, "workreal2": 1}
