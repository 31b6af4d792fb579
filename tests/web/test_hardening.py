"""Throttles shared through the database, absolute session lifetime, key rotation."""
from __future__ import annotations

import base64
import datetime as dt

import pytest

from esop.db import db
from esop.models.member import Member
from esop.security import crypto
from helpers import make_member, page_csrf
from signup_steps import do_consent, do_realname, do_terms, new_rrn, post


def test_login_is_throttled_per_ip_with_retry_after(make_app):
    app = make_app(env={"ESOP_LIMIT_LOGIN_IP": "3/600"})
    client = app.test_client()
    for i in range(3):
        token = page_csrf(client, "/login")
        client.post("/login", data={"csrf_token": token, "user_id": f"nobody{i}", "password": "x"})
    token = page_csrf(client, "/login")
    r = client.post("/login", data={"csrf_token": token, "user_id": "nobody9", "password": "x"})
    assert r.status_code == 429 and int(r.headers["Retry-After"]) > 0
    assert "로그인 시도가 너무 많습니다" in r.get_data(as_text=True)


def test_sms_sends_are_throttled_per_phone_number(make_app):
    app = make_app(env={"ESOP_LIMIT_CODE_NUMBER": "1/3600"})
    from esop.models.verify import OneTimeCode
    first, second = app.test_client(), app.test_client()
    for c, seed in ((first, "p1"), (second, "p2")):
        do_terms(c)
        do_consent(c)
        do_realname(c, rrn=new_rrn(seed))
    r = post(first, "/signup/identity/send", {"carrier": "KT", "mobile": "010-7777-1234"}, page="/signup/realname")
    assert r.status_code == 200
    # Another flow (another person, another browser) may not pump the same number.
    r = post(second, "/signup/identity/send", {"carrier": "KT", "mobile": "010-7777-1234"}, page="/signup/realname")
    assert r.status_code == 429 and "Retry-After" in r.headers and "너무 많습니다" in r.get_data(as_text=True)
    with db.connection_context():
        # One code issued (the code service's record; the sandbox carrier keeps its own row as well).
        assert OneTimeCode.select().where(OneTimeCode.purpose == "signup.identity").count() == 1


def test_real_name_checks_are_throttled_per_rrn(make_app):
    app = make_app(env={"ESOP_LIMIT_REALNAME_RRN": "2/3600"})
    rrn = new_rrn("target")
    for i in range(3):
        c = app.test_client()
        do_terms(c)
        do_consent(c)
        r = do_realname(c, name=f"김다른{i}", rrn=rrn)
    assert r.status_code == 429 and "이 주민등록번호로 실명확인을 너무 많이" in r.get_data(as_text=True)


def test_session_has_an_absolute_lifetime(client, app):
    from esop.models.session import LoginSession
    make_member()
    token = page_csrf(client, "/login")
    client.post("/login", data={"csrf_token": token, "user_id": "tester01", "password": "Abcd#2580"})
    assert "김한국님" in client.get("/").get_data(as_text=True)
    with db.connection_context():
        LoginSession.update(created_at=dt.datetime.now() - dt.timedelta(hours=13)).execute()
    assert "김한국님" not in client.get("/").get_data(as_text=True)


def test_rotate_keys_re_encrypts_under_the_new_key(app):
    member, rrn = make_member()
    old = app.config["ESOP_DATA_KEYS"]
    new = "t2:" + base64.urlsafe_b64encode(b"n" * 32).decode()
    crypto.install(crypto.Keyring(f"{new},{old}", app.config["ESOP_INDEX_KEY"]))
    try:
        result = app.test_cli_runner().invoke(args=["esop", "rotate-keys"])
        assert result.exit_code == 0 and "member: 1 rows re-encrypted" in result.output
        again = app.test_cli_runner().invoke(args=["esop", "rotate-keys"])
        assert "member: 0 rows re-encrypted" in again.output
        crypto.install(crypto.Keyring(new, app.config["ESOP_INDEX_KEY"]))  # the old key is gone
        with db.connection_context():
            assert Member.get_by_id(member.id).rrn == rrn
    finally:
        crypto.install(crypto.Keyring(old, app.config["ESOP_INDEX_KEY"]))


def test_tampered_ciphertext_is_an_error_not_garbage(app):
    import pytest
    ring = crypto.keyring()
    token = ring.encrypt("7103211234567", "member.rrn")
    assert token != ring.encrypt("7103211234567", "member.rrn")  # fresh nonce each time
    raw = bytearray(base64.urlsafe_b64decode(token.split(":", 2)[2] + "=="))
    raw[-1] ^= 1
    bad = token.rsplit(":", 1)[0] + ":" + base64.urlsafe_b64encode(bytes(raw)).decode()
    with pytest.raises(crypto.CryptoError):  # one error type for every token that does not decrypt
        ring.decrypt(bad, "member.rrn")
    with pytest.raises(crypto.CryptoError):
        ring.decrypt(token, "member.home_detail")  # bound to its column


def test_recovery_refuses_recent_passwords_and_remembers_the_replaced_one(app):
    from esop.recovery import service
    from esop.results import FieldError
    member, _ = make_member(password="Kite#8203")
    with app.test_request_context(), db.connection_context():
        service.set_new_password(member, "Nara#7391", ip="", user_agent="")
        with pytest.raises(FieldError) as refused:
            service.refuse_old_password(Member.get_by_id(member.id), "Kite#8203")
    assert refused.value.field == "password" and "최근에 사용하신 비밀번호" in refused.value.message


def test_nul_characters_are_dropped_before_any_view(client):
    token = page_csrf(client, "/login")
    r = client.post("/login", data={"csrf_token": token, "user_id": "ab\x00cd", "password": "x\x00"})
    assert r.status_code == 422 and 'value="abcd"' in r.get_data(as_text=True)
    assert client.get("/lookup/address?q=%00").status_code in (200, 422)


@pytest.mark.parametrize("typed", [{}, {"rrn_back": "1234567"}, {"rrn_front": "123456"}])
def test_recovery_with_a_missing_rrn_box_is_told_beside_it_not_a_500(client, typed):
    """S7 found it: Rrn puts its message beside the front box, which WTForms had already passed."""
    from werkzeug.datastructures import MultiDict
    r = client.post("/account-recovery/", data=MultiDict({"user_id": "tester01", **typed,
                                                          "csrf_token": page_csrf(client, "/")}))
    assert r.status_code == 422
    assert "주민등록번호 앞 6자리와 뒤 7자리를 숫자로 입력해 주십시오." in r.get_data(as_text=True)
