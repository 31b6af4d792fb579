"""단말기 지정 (issue 16): with the service on, a login from an unregistered browser — by password or
certificate — is held for 추가인증 and raises a 보안 알림; registering needs 추가인증; removal works."""
from __future__ import annotations

import pytest
from cert_helpers import cert_member, issue, login_attempt, register_directly

from esop.db import db
from esop.models.device import TrustedDevice
from esop.models.member import Member
from esop.models.sandbox import SandboxMessage
from esop.models.security_event import SecurityEvent
from esop.models.verification import VerificationFlow, mark_passed
from mypage_steps import UA_CHROME_WIN, fresh, login, member, post

COOKIE = "esop_device"


def pass_verification(purpose):
    """The toolkit's own steps are tested in test_verify.py: here the open flow's slots are passed."""
    with db.connection_context():
        flow = (VerificationFlow.select().where((VerificationFlow.purpose == purpose)
                                                & VerificationFlow.consumed_at.is_null())
                .order_by(VerificationFlow.id.desc()).get())
        for slot in flow.plan_slots():
            assert mark_passed(flow, slot["slot"], slot["methods"][0])


def logged_in(client):
    return client.get("/account/").status_code == 200


def apply_service(client):
    assert post(client, "/account/devices/apply", {}, page="/account/security").status_code == 302


def held_login(client, user_id="tester01"):
    """Log in from a browser the member did not register: held, then through 추가인증."""
    r = login(client, user_id)
    assert r.status_code == 302 and "/verify/device-login/" in r.headers["Location"]
    assert not logged_in(client)
    step = client.get(r.headers["Location"], follow_redirects=True)   # the toolkit's first step, logged out
    assert step.status_code == 200 and "단말기 지정 추가인증" in step.get_data(as_text=True)
    pass_verification("device-login")
    return client.get("/login/device-check")


def register_here(client, name=""):
    return post(client, "/account/devices/register", {"name": name}, page="/account/security",
                headers={"User-Agent": UA_CHROME_WIN})


@pytest.fixture
def opted_in(app, client):
    m, _ = member()
    assert login(client).status_code == 302
    apply_service(client)
    client.post("/logout", data={"csrf_token": ""})
    client.delete_cookie("session")
    return m


def test_without_the_service_a_login_is_not_held(app, client):
    member()
    r = login(client)
    assert r.status_code == 302 and "/verify/" not in r.headers["Location"] and logged_in(client)


def test_with_the_service_an_unregistered_browser_passes_verification_and_raises_an_alert(app, client, opted_in):
    r = held_login(client)
    assert r.status_code == 302 and logged_in(client)
    with db.connection_context():
        alert = SecurityEvent.get(SecurityEvent.kind == "unregistered_device")
        texts = list(SandboxMessage.select().where(SandboxMessage.to == "010-2222-3333"))
    assert alert.member_id == opted_in.id
    assert any("지정하지 않은 단말기" in t.body for t in texts)   # sent through the code service's outbox


def test_the_held_login_is_not_admitted_without_verification(app, client, opted_in):
    r = login(client)
    assert "/verify/device-login/" in r.headers["Location"]
    r = client.get("/login/device-check")
    assert r.status_code == 302 and "/login" in r.headers["Location"] and not logged_in(client)


def test_a_lock_during_the_held_login_wins(app, client, opted_in):
    login(client)
    pass_verification("device-login")
    with db.connection_context():
        Member.update(locked_at=Member.created_at).where(Member.id == opted_in.id).execute()
    r = client.get("/login/device-check")
    assert r.status_code == 302 and not logged_in(client)


def test_registering_needs_verification_then_the_browser_is_trusted(app, client):
    member()
    login(client)
    apply_service(client)
    r = register_here(client)
    assert client.get_cookie(COOKIE) is None                        # no 추가인증 in this session yet
    assert "추가인증" in client.get("/account/security").get_data(as_text=True)
    r = post(client, "/account/devices/verify", {}, page="/account/security")
    assert "/verify/device/" in r.headers["Location"]
    pass_verification("device")
    client.get("/account/devices/verified")
    r = register_here(client, "집 노트북")
    cookie = client.get_cookie(COOKIE)
    assert r.status_code == 302 and cookie is not None
    assert cookie.http_only and cookie.same_site == "Lax"
    with db.connection_context():
        row = TrustedDevice.get()
    assert row.name == "집 노트북" and cookie.value not in row.token_hash   # only its HMAC is stored
    page = client.get("/account/security").get_data(as_text=True)
    assert "집 노트북" in page and "(지금 이 브라우저)" in page
    client.delete_cookie("session")
    r = login(client)
    assert r.status_code == 302 and "/verify/" not in r.headers["Location"] and logged_in(client)


def test_the_verification_of_a_held_login_lets_this_browser_be_registered(app, client, opted_in):
    held_login(client)
    assert register_here(client).status_code == 302 and client.get_cookie(COOKIE) is not None
    with db.connection_context():
        assert TrustedDevice.get().name == "Chrome · Windows"    # derived from the User-Agent


def test_a_device_cookie_copied_from_another_member_does_not_work(app, client, opted_in):
    other = app.test_client()
    member("other001")
    login(other, "other001")
    apply_service(other)
    post(other, "/account/devices/verify", {}, page="/account/security")
    pass_verification("device")
    other.get("/account/devices/verified")
    register_here(other)
    client.set_cookie(COOKIE, other.get_cookie(COOKIE).value)
    r = login(client)
    assert "/verify/device-login/" in r.headers["Location"] and not logged_in(client)


def test_removing_the_current_device_means_the_next_login_asks_again(app, client, opted_in):
    held_login(client)
    register_here(client)
    copied = client.get_cookie(COOKIE).value
    with db.connection_context():
        device = TrustedDevice.get()
    r = post(client, f"/account/devices/{device.id}/remove", {}, page="/account/security")
    assert r.status_code == 302 and client.get_cookie(COOKIE) is None
    with db.connection_context():
        assert TrustedDevice.select().count() == 0
    client.delete_cookie("session")
    client.set_cookie(COOKIE, copied)                                # even a kept copy of the old cookie
    assert "/verify/device-login/" in login(client).headers["Location"]


def test_a_member_cannot_remove_another_members_device(app, client, opted_in):
    held_login(client)
    register_here(client)
    with db.connection_context():
        device = TrustedDevice.get()
    other = app.test_client()
    member("other001")
    login(other, "other001")
    assert post(other, f"/account/devices/{device.id}/remove", {}, page="/account/security").status_code == 404
    assert post(client, f"/account/devices/{device.id}/remove", {"csrf_token": "x"}).status_code in (400, 302)


def test_removal_without_csrf_is_refused(app, client, opted_in):
    held_login(client)
    register_here(client)
    with db.connection_context():
        device = TrustedDevice.get()
    assert client.post(f"/account/devices/{device.id}/remove", data={}).status_code == 400
    with db.connection_context():
        assert TrustedDevice.select().count() == 1


def test_cancelling_the_service_needs_verification(app, client):
    m, _ = member()
    login(client)
    apply_service(client)
    post(client, "/account/devices/cancel", {}, page="/account/security")
    client.delete_cookie("session")
    assert "/verify/device-login/" in login(client).headers["Location"]   # still on
    pass_verification("device-login")
    client.get("/login/device-check")
    post(client, "/account/devices/cancel", {}, page="/account/security")
    client.delete_cookie("session")
    assert "/verify/" not in login(client).headers["Location"]


def test_a_too_long_device_name_is_refused_beside_the_field(app, client, opted_in):
    held_login(client)
    r = register_here(client, "가" * 41)
    body = r.get_data(as_text=True)
    assert r.status_code == 422 and "40자 이내" in body and 'class="error-summary"' in body
    assert "가" * 41 in body and client.get_cookie(COOKIE) is None


def test_certificate_login_from_an_unregistered_browser_is_held(app, client):
    m, rrn = cert_member(app)
    cert = issue(app, rrn=rrn)
    register_directly(app, m.id, cert)
    with db.connection_context():
        from esop.models.device import DeviceService
        DeviceService.create(member=m.id)
    r = login_attempt(client, app, rrn, cert)
    assert r.status_code == 302 and "/verify/device-login/" in r.headers["Location"]
    assert not logged_in(client)
    step = client.get(r.headers["Location"], follow_redirects=True)   # the toolkit's first step, logged out
    assert step.status_code == 200 and "단말기 지정 추가인증" in step.get_data(as_text=True)
    pass_verification("device-login")
    assert client.get("/login/device-check").status_code == 302 and logged_in(client)
    assert fresh(m).status == "active"
