"""Foundation: production config checks, encryption at rest, CSRF, headers, lockout, log masking."""
from __future__ import annotations

import logging

import pytest

from esop import create_app
from esop.config import ConfigError, load_config
from esop.db import db
from esop.models.member import Member, member_by_rrn
from helpers import make_member, page_csrf


def test_production_refuses_to_start_without_secrets(tmp_path):
    with pytest.raises(ConfigError) as err:
        load_config(str(tmp_path), env={"ESOP_ENV": "production"})
    for name in ("SECRET_KEY", "ESOP_DATA_KEYS", "ESOP_INDEX_KEY", "DATABASE_URL"):
        assert name in str(err.value)
    with pytest.raises(ConfigError):
        create_app({"ENV": {"ESOP_ENV": "production", "SECRET_KEY": "x" * 40}, "INSTANCE_PATH": str(tmp_path)})


def test_production_turns_sandbox_off_and_refuses_it(tmp_path):
    env = {"ESOP_ENV": "production", "SECRET_KEY": "s" * 40, "ESOP_DATA_KEYS": "p1:" + "A" * 43 + "=",
           "ESOP_INDEX_KEY": "B" * 43 + "=", "DATABASE_URL": "postgresql://db/esop"}
    cfg = load_config(str(tmp_path), env=env)
    assert cfg["SANDBOX"] is False and cfg["SESSION_COOKIE_SECURE"] is True
    # issue 14: the sandbox console serves every code it issued, so production refuses it
    with pytest.raises(ConfigError, match="ESOP_SANDBOX"):
        load_config(str(tmp_path), env=dict(env, ESOP_SANDBOX="1"))


def test_development_secret_is_generated_once_and_kept(tmp_path):
    first = load_config(str(tmp_path), env={})
    second = load_config(str(tmp_path), env={})
    assert first["SECRET_KEY"] == second["SECRET_KEY"] and len(first["SECRET_KEY"]) >= 40
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_rrn_is_encrypted_in_the_database_file_and_found_by_blind_index(app, raw_database):
    member, rrn = make_member()
    data = raw_database()
    assert rrn.encode() not in data and rrn[:6].encode() + rrn[6:].encode() not in data
    assert (rrn[:6] + "-" + rrn[6:]).encode() not in data
    with db.connection_context():
        assert member_by_rrn(rrn).id == member.id
        assert member_by_rrn("8001011234567") is None
        assert Member.get_by_id(member.id).rrn == rrn


def test_post_without_csrf_token_is_refused(client):
    r = client.post("/login", data={"user_id": "a", "password": "b"})
    assert r.status_code == 400 and "CSRF" in r.get_data(as_text=True)
    r = client.post("/login", data={"user_id": "a", "password": "b"}, headers={"HX-Request": "true"})
    assert r.status_code == 400
    token = page_csrf(client, "/login")
    r = client.post("/login", data={"user_id": "a", "password": "b"},
                    headers={"HX-Request": "true", "X-CSRFToken": token})
    assert r.status_code != 400


@pytest.mark.parametrize("path", ["/", "/login", "/no-such-page", "/static/app.css", "/sandbox/messages.json"])
def test_security_headers_on_every_response(client, path):
    r = client.get(path)
    csp = r.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["Referrer-Policy"] == "same-origin"


def test_hsts_and_secure_cookie_in_production(make_app):
    app = make_app()  # migrates the database: a production app never does (issue 14)
    # headers.init_app read PRODUCTION at creation; a production-built app must send HSTS
    prod = make_app(env={"ESOP_ENV": "production", "ESOP_SANDBOX": "0", "DATABASE_URL": app.config["DATABASE_URL"]})
    r = prod.test_client().get("/login")
    assert "max-age" in r.headers["Strict-Transport-Security"]
    cookie = r.headers.get("Set-Cookie", "")
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_session_cookie_is_httponly_samesite(client):
    r = client.get("/login")
    cookie = r.headers.get("Set-Cookie", "")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def _login(client, user_id, password):
    token = page_csrf(client, "/login")
    return client.post("/login", data={"csrf_token": token, "user_id": user_id, "password": password})


def test_login_and_logout(client, app):
    make_member()
    r = _login(client, "tester01", "Abcd#2580")
    assert r.status_code == 302
    home = client.get("/").get_data(as_text=True)
    assert "김한국님" in home and "로그아웃" in home
    r = client.post("/logout", data={"csrf_token": page_csrf(client, "/")})
    assert r.status_code == 302 and "로그아웃" not in client.get("/").get_data(as_text=True).split("<main")[0]


def test_five_wrong_passwords_lock_and_the_sixth_correct_is_refused(client, app):
    make_member()
    for attempt in range(1, 5):
        body = _login(client, "tester01", "wrong-pass").get_data(as_text=True)
        assert f"비밀번호 {attempt}회 오류" in body and f"{5 - attempt}회 더 틀리면" in body
        assert 'aria-invalid="true"' in body and "<title>오류: " in body
    body = _login(client, "tester01", "wrong-pass").get_data(as_text=True)
    assert "로그인이 제한되었습니다" in body
    # Issue 17: the summary leads to the way out (비밀번호 재등록), not to the password field.
    assert '<li><a href="#recovery-link">비밀번호 5회 오류' in body and 'id="recovery-link"' in body
    assert 'aria-invalid="true"' not in body and "<title>오류: " in body
    r = _login(client, "tester01", "Abcd#2580")
    assert r.status_code != 302 and "로그인이 제한되었습니다" in r.get_data(as_text=True)
    from esop.models.audit import AuditEvent
    with db.connection_context():
        events = [e.event for e in AuditEvent.select().order_by(AuditEvent.id)]
    assert events.count("login.failure") == 4 and "login.locked" in events and "login.refused_locked" in events


def test_unknown_id_gets_generic_message_and_is_audited(client, app):
    body = _login(client, "nobody99", "whatever1!").get_data(as_text=True)
    assert "아이디 또는 비밀번호가 일치하지 않습니다" in body


def test_login_success_is_audited_and_resets_the_counter(client, app):
    make_member()
    _login(client, "tester01", "wrong-pass")
    assert _login(client, "tester01", "Abcd#2580").status_code == 302
    from esop.models.audit import AuditEvent
    with db.connection_context():
        assert Member.get(Member.user_id == "tester01").failed_logins == 0
        assert AuditEvent.select().where(AuditEvent.event == "login.success").count() == 1


def test_open_redirect_after_login_is_refused(client, app):
    make_member()
    token = page_csrf(client, "/login")
    r = client.post("/login?next=//evil.example/", data={"csrf_token": token, "user_id": "tester01",
                                                           "password": "Abcd#2580"})
    assert r.headers["Location"] == "/"


def test_nothing_shaped_like_an_rrn_reaches_the_log(app, caplog):
    caplog.set_level(logging.DEBUG)
    logging.getLogger("esop.test").info("member rrn %s and %s", "7103211234567", "710321-1234567")
    try:
        raise ValueError("bad rrn 850702 1234567")
    except ValueError:
        logging.getLogger("esop.test").exception("failed")
    text = caplog.text + "".join(r.exc_text or "" for r in caplog.records)
    assert "1234567" not in text and "710321-1******" in text


def test_error_pages_are_korean_and_accessible(client):
    body = client.get("/no-such-page").get_data(as_text=True)
    assert 'lang="ko"' in body and "페이지를 찾을 수 없습니다" in body and 'id="main"' in body


def test_migrations_run_once_and_are_recorded(app):
    from esop.migrations import SchemaVersion, migrate, pending
    with db.connection_context():
        assert pending() == [] and migrate() == []
        assert SchemaVersion.select().count() >= 2


def test_the_smart_otp_migration_upgrades_a_database_made_before_it(app):
    """m0042 adds otp_device.kind to a database created before 스마트OTP; its devices read as OTP단말기."""
    from playhouse.migrate import migrate as run

    from esop.migrations import SchemaVersion, _migrator, migrate
    from esop.models.media import OtpDevice
    from helpers import make_member
    with app.app_context(), db.connection_context():
        member, _ = make_member(user_id="oldotp01")
        from esop.verify.issuance import issue_otp
        issue_otp(member)
        run(_migrator(db.obj).drop_column("otp_device", "kind"))
        SchemaVersion.delete().where(SchemaVersion.version == 42).execute()
        assert "kind" not in {c.name for c in db.obj.get_columns("otp_device")}
        assert migrate() == ["m0042_smart_otp"]
        assert OtpDevice.get().kind == "otp"
