"""S1 leak sweep: plant the canaries of tests/leaksweep.py through whole journeys — a sign-up with the
canary RRN and password, a 비밀번호 재등록 verified with the canary account password and OTP seed, a
certificate login with the canary PIN. The plugin fails the session if any canary reaches a log line,
a response or a session cookie; these tests also search the database itself (file + WAL, or pg_dump)."""
from __future__ import annotations

import logging

import pyotp

import leaksweep as canary
from esop.db import db
from signup_steps import do_consent, do_identity, do_terms, post, profile_data

USER_ID = "canary77"
MOBILE = "010-2345-6789"


def _sign_up(client):
    assert do_terms(client).status_code == 302
    assert do_consent(client).status_code == 302
    # The RRN typed with a hyphen in the back box and spaces: members type it every way.
    r = post(client, "/signup/realname", {"name": "한카나", "rrn_front": canary.CANARY_RRN[:6],
                                          "rrn_back": canary.CANARY_RRN[6:]})
    assert "실명이 확인되었습니다" in r.get_data(as_text=True)
    r = do_identity(client, MOBILE)
    assert r.status_code == 302
    # A first try with a mismatching confirmation re-renders 2-4: the password must not come back.
    r = post(client, "/signup/profile", profile_data(user_id=USER_ID, password=canary.CANARY_PASSWORD,
                                                     password_confirm=canary.CANARY_PASSWORD + "x"))
    assert r.status_code == 422
    r = post(client, "/signup/profile", profile_data(user_id=USER_ID, password=canary.CANARY_PASSWORD,
                                                     password_confirm=canary.CANARY_PASSWORD))
    assert r.status_code == 302, r.get_data(as_text=True)[:2000]
    assert "회원가입이 완료" in client.get("/signup/done").get_data(as_text=True)


def _login(client, password):
    return post(client, "/login", {"user_id": USER_ID, "password": password})


def _assert_not_at_rest(raw_database):
    raw = raw_database()
    for name, value in {**canary.LONG, "pin": canary.CANARY_PIN}.items():
        assert value.encode() not in raw, f"canary {name} stored in plaintext"


def test_sign_up_and_login_with_the_canary_rrn_and_password(client, raw_database, caplog):
    caplog.set_level(logging.DEBUG, logger="peewee")  # every SQL statement and its parameters too
    _sign_up(client)
    canary.plant("sign-up")
    r = _login(client, canary.CANARY_PASSWORD + "0")
    assert r.status_code == 422
    r = _login(client, canary.CANARY_PASSWORD)
    assert r.status_code == 302
    for url in ("/", "/account/", "/account/profile", "/account/security", "/account/credit-info"):
        assert client.get(url).status_code == 200
    # Typed again with the hyphen on a later form (recovery's 본인확인): refused or not, never echoed.
    post(client, "/account-recovery/", {"user_id": USER_ID, "rrn_front": canary.CANARY_RRN_HYPHEN[:6],
                                        "rrn_back": canary.CANARY_RRN_HYPHEN[6:]})
    _assert_not_at_rest(raw_database)


def test_recovery_verified_with_the_canary_account_password_and_otp_seed(app, client, raw_database, caplog):
    caplog.set_level(logging.DEBUG, logger="peewee")
    _sign_up(client)
    from esop.models.member import member_by_user_id
    from esop.verify import issuance
    with app.app_context(), db.connection_context():
        member = member_by_user_id(USER_ID)
        account = issuance.create_account(member, canary.CANARY_ACCOUNT_NUMBER, canary.CANARY_ACCOUNT_PASSWORD,
                                          label="[대출 모계좌]", primary=True)
        device, _ = issuance.issue_otp(member, secret=canary.CANARY_OTP_SEED)
    # 본인확인 with the canary RRN (hyphenated), then the account password, SMS and the OTP.
    r = post(client, "/account-recovery/", {"user_id": USER_ID, "rrn_front": canary.CANARY_RRN[:6],
                                            "rrn_back": canary.CANARY_RRN_HYPHEN[6:]})
    assert r.status_code == 302, r.get_data(as_text=True)[:2000]
    page = "/account-recovery/"
    wrong = post(client, "/verify/recovery/account", {"account": account.id, "password": "0000"}, page=page)
    assert wrong.status_code == 422
    r = post(client, "/verify/recovery/account", {"account": account.id,
                                                  "password": canary.CANARY_ACCOUNT_PASSWORD}, page=page)
    assert r.status_code == 302, r.get_data(as_text=True)[:2000]
    post(client, "/verify/recovery/choose", {"method": "sms"}, page=page)
    post(client, "/verify/recovery/sms/send", {}, page=page)
    from verify_steps import last_sms
    r = post(client, "/verify/recovery/sms/confirm", {"code": last_sms(MOBILE)}, page=page)
    assert r.status_code == 302
    r = post(client, "/verify/recovery/otp", {"serial": device.serial, "code": pyotp.TOTP(canary.CANARY_OTP_SEED).now()},
             page=page)
    assert r.status_code == 302, r.get_data(as_text=True)[:2000]
    r = post(client, "/account-recovery/password", {"password": canary.CANARY_NEW_PASSWORD,
                                                    "password_confirm": canary.CANARY_NEW_PASSWORD},
             page="/account-recovery/password")
    assert r.status_code == 302
    canary.plant("verification")
    assert _login(client, canary.CANARY_NEW_PASSWORD).status_code == 302
    _assert_not_at_rest(raw_database)


def test_certificate_login_with_the_canary_pin(app, client, raw_database):
    from cert_helpers import connect, issue, register_directly, sign
    from helpers import make_member
    with app.app_context():
        member, _ = make_member(user_id="canpin01", rrn=canary.CANARY_RRN, mobile="010-2222-3333")
    cert = issue(app, rrn=canary.CANARY_RRN, pin=canary.CANARY_PIN)
    register_directly(app, member.id, cert, pin=canary.CANARY_PIN)
    connect(client, app, kind="financial", purpose="login", name="김한국", rrn=canary.CANARY_RRN,
            phone="010-2222-3333")
    wrong = sign(client, "financial", "login", cert.id, pin="000000")
    assert wrong.status_code != 302 or "/certcenter/login/finish" not in wrong.headers.get("Location", "")
    connect(client, app, kind="financial", purpose="login", name="김한국", rrn=canary.CANARY_RRN,
            phone="010-2222-3333")
    r = sign(client, "financial", "login", cert.id, pin=canary.CANARY_PIN)
    assert r.status_code == 302
    client.get(r.headers["Location"])
    assert "김한국님" in client.get("/").get_data(as_text=True)
    canary.plant("certificate PIN")
    _assert_not_at_rest(raw_database)


def test_the_sweep_itself_catches_a_leak(client):
    """The detector works: a canary reflected by a page, written to a log, inside a cookie is found."""
    before = list(canary.SWEEP.hits)
    client.get("/lookup/address", query_string={"q": canary.CANARY_OTP_SEED})  # the page keeps what was typed
    logging.getLogger("esop.selftest").warning("typed %s", canary.CANARY_PASSWORD)
    from flask.sessions import SecureCookieSessionInterface
    from flask import Flask
    app = Flask("selftest")
    app.secret_key = "k" * 32
    value = SecureCookieSessionInterface().get_signing_serializer(app).dumps({"rrn": canary.CANARY_RRN * 20})
    decoded = canary.decode_session_cookie(value)
    assert canary.CANARY_RRN in decoded and value.startswith(".")  # compressed form decoded too
    found = canary.SWEEP.hits[len(before):]
    canary.SWEEP.hits[:] = before
    assert any("otp-seed" in hit and "body" in hit for hit in found), found
    assert any("password" in hit and "log record" in hit for hit in found), found
