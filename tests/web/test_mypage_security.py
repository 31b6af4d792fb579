"""보안, 보안 알림 (with SMS and 본인이 아닙니다), the login session's inactivity limit."""
from __future__ import annotations

import datetime as dt

import pytest

from esop.db import db
from esop.models.audit import AuditEvent
from esop.models.member import Member
from esop.models.sandbox import SandboxMessage, set_switch
from esop.models.security_event import SecurityEvent
from esop.models.session import LoginSession
from esop.verify.issuance import create_account, issue_otp
from mypage_steps import UA_CHROME_WIN, UA_FIREFOX_MAC, fresh, login, member, post

MOBILE = "010-2222-3333"


@pytest.fixture
def m(app):
    row, _ = member()
    return row


def _alerts(m):
    with db.connection_context():
        return list(SecurityEvent.select().where((SecurityEvent.member == m.id) & (SecurityEvent.kind != ""))
                    .order_by(SecurityEvent.id))


def _sms():
    with db.connection_context():
        return [x.body for x in SandboxMessage.select().where(SandboxMessage.to == MOBILE).order_by(SandboxMessage.id)]


def test_security_page_masks_media_and_lists_logins_with_masked_ip(app, client, m):
    with db.connection_context():
        create_account(m, "103-136-2104750", "7394", label="[대출 모계좌]", primary=True, by="test")
        issue_otp(m, by="test")
    login(client, password="Wrong#0000")
    assert login(client).status_code == 302
    html = client.get("/account/security", environ_base={"REMOTE_ADDR": "203.0.113.77"}).get_data(as_text=True)
    assert "103-136-***4750" in html and "2104750" not in html
    assert "OTP" in html and "끝자리가 4750인 계좌" in html
    assert "127.0.0.***" in html and "127.0.0.1<" not in html
    assert "성공" in html and "실패" in html and "비밀번호 오류" in html and "아이디/비밀번호" in html
    assert "등록된 인증서가 없습니다." in html and "/certcenter/certificates" in html
    assert "Chrome · Windows" in html


def test_logout_of_other_sessions(app, client, m):
    other = app.test_client()
    login(client)
    login(other, ua=UA_FIREFOX_MAC)
    assert "Firefox · macOS" in client.get("/account/security").get_data(as_text=True)
    r = post(client, "/account/security/end-other-sessions", {}, page="/account/security")
    assert r.status_code == 302
    assert "다른 기기의 로그인 1건을 종료했습니다." in client.get("/account/security").get_data(as_text=True)
    assert other.get("/account/").status_code == 302
    assert client.post("/account/security/end-other-sessions").status_code == 400  # CSRF


def test_new_device_login_raises_an_alert_and_an_sms_once(app, client, m):
    login(client)                              # the first login is the baseline
    assert _alerts(m) == []
    other = app.test_client()
    login(other, ua=UA_FIREFOX_MAC)
    alerts = _alerts(m)
    assert [a.kind for a in alerts] == ["new_device"] and "Firefox · macOS" in alerts[0].summary
    texts = _sms()
    assert len(texts) == 1 and "새 기기 또는 브라우저" in texts[0] and "본인이 아닙니다" in texts[0]
    login(app.test_client(), ua=UA_CHROME_WIN)  # a known device: nothing
    with app.app_context(), db.connection_context():
        from esop.mypage.alerts import dispatch_pending
        assert dispatch_pending() == 0          # scanning again sends nothing twice
    assert len(_alerts(m)) == 1 and len(_sms()) == 1
    html = other.get("/account/alerts").get_data(as_text=True)
    assert "새 기기 또는 브라우저에서 로그인" in html and "본인이 아닙니다" in html


def test_abroad_lockout_password_and_certificate_alerts(app, client, m):
    login(client)
    with db.connection_context():
        set_switch("overseas_access", True)
    login(app.test_client())
    with db.connection_context():
        set_switch("overseas_access", False)
    for _ in range(5):
        login(app.test_client(), password="Wrong#0000")
    with db.connection_context():
        Member.update(locked_at=None, failed_logins=0).where(Member.id == m.id).execute()
        from esop.models import audit
        audit.record("cert.registered", member=m, subject=m.user_id, kind="joint", serial="12")
    post(client, "/account/password", {"current_password": "Kite#8203", "new_password": "Mint#4826",
                                       "new_password_confirm": "Mint#4826"})
    kinds = [a.kind for a in _alerts(m)]
    assert kinds == ["abroad", "lockout", "cert_registered", "password_changed"]
    texts = _sms()
    assert any("해외(US)" in t for t in texts) and any("5회 잘못 입력하여 잠겼습니다" in t for t in texts)
    assert any("클라우드 공동인증서가 등록되었습니다" in t for t in texts)
    assert any("비밀번호가 변경되었습니다" in t for t in texts)
    assert not any("Mint" in t or "Kite" in t for t in texts)


def test_not_me_locks_the_account_ends_every_session_and_says_how_to_recover(app, client, m):
    login(client)
    other = app.test_client()
    login(other, ua=UA_FIREFOX_MAC)
    alert = _alerts(m)[0]
    r = post(client, f"/account/alerts/{alert.id}/not-me", {}, page="/account/alerts")
    assert r.status_code == 302 and r.headers["Location"].endswith("/account/alerts/locked")
    html = client.get("/account/alerts/locked").get_data(as_text=True)
    assert "로그인을 잠갔습니다" in html and 'href="/account-recovery/"' in html
    assert fresh(m).locked
    assert other.get("/account/").status_code == 302 and client.get("/account/").status_code == 302
    with db.connection_context():
        assert LoginSession.select().where(LoginSession.member == m.id).count() == 0
        assert SecurityEvent.get_by_id(alert.id).disavowed_at is not None
    r = login(app.test_client())
    assert r.status_code == 422 and "로그인이 제한되었습니다" in r.get_data(as_text=True)
    assert client.get("/account/alerts/locked").status_code == 302  # shown once


def test_not_me_of_someone_elses_event_or_without_csrf(app, client, m):
    other_member, _ = member("other0001", mobile="010-4444-5555")
    login(client, "other0001")
    login(app.test_client(), "other0001", ua=UA_FIREFOX_MAC)
    theirs = _alerts(other_member)[0]
    login(client)
    assert post(client, f"/account/alerts/{theirs.id}/not-me", {}, page="/account/alerts").status_code == 404
    assert post(client, "/account/alerts/999999/not-me", {}, page="/account/alerts").status_code == 404
    assert client.post(f"/account/alerts/{theirs.id}/not-me").status_code == 400
    assert not fresh(other_member).locked and not fresh(m).locked


# Session inactivity limit ---------------------------------------------------------------------

def test_every_page_of_a_logged_in_member_shows_the_expiry_time_and_extend_button(client, m):
    login(client)
    html = client.get("/").get_data(as_text=True)
    assert 'id="session-timeout"' in html and 'data-idle="600"' in html
    assert "까지 이용이 없으면 자동으로 로그아웃됩니다" in html and "시간 연장" in html
    assert 'role="alert" hidden' in html


def test_extend_without_js_goes_back_and_with_htmx_answers_the_box(client, m):
    login(client)
    r = post(client, "/account/session/extend", {"back": "/account/security"}, page="/account/security")
    assert r.status_code == 302 and r.headers["Location"].endswith("/account/security")
    r = post(client, "/account/session/extend", {"back": "https://evil.example/"}, page="/")
    assert r.status_code == 302 and "evil" not in r.headers["Location"]
    r = post(client, "/account/session/extend", {"back": "/"}, page="/", headers={"HX-Request": "true"})
    html = r.get_data(as_text=True)
    assert 'id="session-timeout"' in html and "로그인 시간을 연장했습니다." in html and "hx-swap-oob" in html


def test_idle_session_expires_logs_out_and_the_login_page_says_so(client, m):
    login(client)
    with db.connection_context():
        LoginSession.update(last_seen=dt.datetime.now() - dt.timedelta(seconds=601)).execute()
    r = client.get("/account/security")
    assert r.status_code == 302 and "expired=1" in r.headers["Location"]
    html = client.get(r.headers["Location"]).get_data(as_text=True)
    assert "일정 시간 동안 사용하지 않아 안전을 위해 로그아웃되었습니다" in html
    with db.connection_context():
        assert LoginSession.select().count() == 0
    # An htmx request of an expired session is sent to the login page, not given it as a fragment.
    login(client)
    from helpers import page_csrf
    token = page_csrf(client, "/account/security")
    with db.connection_context():
        LoginSession.update(last_seen=dt.datetime.now() - dt.timedelta(seconds=601)).execute()
    r = client.post("/account/session/extend", data={"back": "/", "csrf_token": token},
                    headers={"HX-Request": "true", "HX-Current-URL": "http://localhost/account/security"})
    assert r.headers["HX-Redirect"] == "/login?next=/account/security&expired=1"


def test_an_alert_dispatch_failure_never_breaks_the_page(app, client, m, monkeypatch):
    import esop.mypage.alerts as alerts

    def boom(*a, **k):
        raise RuntimeError("sms gateway down")
    monkeypatch.setattr(alerts, "dispatch_pending", boom)
    assert login(client).status_code == 302
    with db.connection_context():
        assert AuditEvent.select().where(AuditEvent.event == "login.success").count() == 1


def test_the_lockout_sms_points_to_the_password_reregistration_a_locked_member_can_open(app, client, m):
    for _ in range(5):
        login(app.test_client(), password="Wrong#0000")
    lock_texts = [t for t in _sms() if "5회 잘못 입력하여 잠겼습니다" in t]
    assert len(lock_texts) == 1
    # 마이페이지 needs a login the lock refuses; 비밀번호 재등록 is open to a locked member.
    assert "마이페이지" not in lock_texts[0] and "비밀번호 재등록" in lock_texts[0]
    assert "/account-recovery/" in lock_texts[0]
    assert client.get("/account-recovery/").status_code == 200


def test_a_device_logged_out_from_another_is_told_so_not_that_it_was_idle(app, client, m):
    other = app.test_client()
    login(client)
    login(other, ua=UA_FIREFOX_MAC)
    post(client, "/account/security/end-other-sessions", {}, page="/account/security")
    r = other.get("/account/")
    assert r.status_code == 302
    html = other.get(r.headers["Location"]).get_data(as_text=True)
    assert "다른 기기에서 로그아웃" in html and "일정 시간 동안 사용하지 않아" not in html
