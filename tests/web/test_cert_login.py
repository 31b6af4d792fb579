"""인증서 로그인 with the Flask client: success, and each refusal with its Korean message."""
from __future__ import annotations

from cert_helpers import PHONE, PIN, cert_member as _member, connect, issue, login_attempt as _login_attempt, \
    register_directly, sign, sign_form

from esop.db import db


def test_registered_certificate_logs_in(app, client):
    member, rrn = _member(app)
    cert = issue(app, rrn=rrn)
    register_directly(app, member.id, cert)
    response = _login_attempt(client, app, rrn, cert)
    assert response.status_code == 302
    home = client.get("/").get_data(as_text=True)
    assert "김한국님" in home
    from esop.models.session import LoginSession
    with app.app_context(), db.connection_context():
        assert LoginSession.get().method == "certificate"


def test_joint_certificate_logs_in_through_device_check(app, client):
    member, rrn = _member(app)
    cert = issue(app, cloud="joint", rrn=rrn)
    register_directly(app, member.id, cert, purpose="cloud32")
    response = _login_attempt(client, app, rrn, cert, kind="joint")
    assert response.status_code == 302
    assert "김한국님" in client.get("/").get_data(as_text=True)
    # The console keeps the record of the check after it is answered (SPEC: every device confirmation).
    assert client.get("/sandbox/cloud-devices.json").get_json() == []          # nothing waits any more
    record = client.get("/sandbox/cloud-devices.json?all=1").get_json()
    assert [(r["cloud"], r["status"], r["phone"]) for r in record] == [("joint", "confirmed", PHONE)]
    console = client.get("/sandbox/").get_data(as_text=True)
    assert "기기인증 기록" in console and "확인됨" in console


def test_unregistered_certificate_is_refused(app, client):
    _, rrn = _member(app)
    cert = issue(app, rrn=rrn)
    response = _login_attempt(client, app, rrn, cert)
    assert response.status_code == 403
    assert "등록되지 않은 인증서입니다" in response.get_data(as_text=True)


def test_expired_certificate_is_refused(app, client):
    member, rrn = _member(app)
    cert = issue(app, rrn=rrn, expired=True)
    response = _login_attempt(client, app, rrn, cert)
    assert response.status_code == 422
    assert "유효기간이 지난 인증서입니다" in response.get_data(as_text=True)


def test_untrusted_chain_is_refused(app, client):
    _, rrn = _member(app)
    cert = issue(app, rrn=rrn, ca_kind="rogue")
    response = _login_attempt(client, app, rrn, cert)
    assert response.status_code == 422
    assert "신뢰할 수 있는 인증기관에서 발급한 인증서가 아닙니다" in response.get_data(as_text=True)


def _events(app, reason):
    from esop.models.audit import AuditEvent
    with app.app_context(), db.connection_context():
        return [e for e in AuditEvent.select().where(AuditEvent.event == "cert.refused") if reason in e.detail]


def test_a_certificate_its_ca_revoked_after_registration_no_longer_logs_in(app, client):
    """Lost phone: the member has the issuer revoke the certificate; its OCSP answer now says revoked."""
    member, rrn = _member(app)
    cert = issue(app, rrn=rrn)
    register_directly(app, member.id, cert)
    page = client.get("/sandbox/").get_data(as_text=True)
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    r = client.post(f"/sandbox/cert/revoke/{cert.id}", data={"csrf_token": token})
    assert r.status_code == 302
    assert "폐지됨 (" in client.get("/sandbox/").get_data(as_text=True)
    response = _login_attempt(client, app, rrn, cert)
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and "폐지된 인증서입니다" in body and 'class="error-summary"' in body
    # The summary links to the certificate refused, which stays picked and is marked in error.
    radio = body.split(f'id="cert-{cert.id}"')[1].split(">")[0]
    assert f'href="#cert-{cert.id}"' in body and "checked" in radio and 'aria-invalid="true"' in radio
    assert "김한국님" not in client.get("/").get_data(as_text=True)
    assert len(_events(app, "revoked")) == 1


def test_no_answer_from_the_ca_refuses_for_now_and_says_to_try_again(app, client):
    from esop.models.sandbox import set_switch
    member, rrn = _member(app)
    cert = issue(app, rrn=rrn)
    register_directly(app, member.id, cert)
    with app.app_context(), db.connection_context():
        set_switch("ocsp_down", True)
    response = _login_attempt(client, app, rrn, cert)
    assert response.status_code == 422
    assert "인증기관에서 인증서의 폐지 여부를 확인하지 못했습니다" in response.get_data(as_text=True)
    assert len(_events(app, "status_unavailable")) == 1
    with app.app_context(), db.connection_context():
        set_switch("ocsp_down", False)
    assert _login_attempt(client, app, rrn, cert).status_code == 302   # the same certificate, once it answers


def test_certificate_of_another_person_is_refused(app, client):
    """A registration pointing at another member (tampered row) fails the RRN binding check."""
    member, rrn = _member(app)
    other, _ = _member(app, "otheruser2")
    cert = issue(app, rrn=rrn)
    registration = register_directly(app, member.id, cert)
    from esop.models.cert import RegisteredCertificate
    with app.app_context(), db.connection_context():
        RegisteredCertificate.update(member=other.id).where(RegisteredCertificate.id == registration.id).execute()
    response = _login_attempt(client, app, rrn, cert)
    assert response.status_code == 403
    assert "본인 명의의 인증서가 아닙니다" in response.get_data(as_text=True)
    assert "otheruser2" not in client.get("/").get_data(as_text=True)


def test_replayed_challenge_is_refused(app, client):
    member, rrn = _member(app)
    cert = issue(app, rrn=rrn)
    register_directly(app, member.id, cert)
    connect(client, app, kind="financial", purpose="login", name="김한국", rrn=rrn, phone=PHONE)
    token, nonce, _, _ = sign_form(client, "financial", "login")
    first = client.post("/certcenter/cloud/financial/login/sign",
                        data={"csrf_token": token, "nonce": nonce, "cert": cert.id, "pin": PIN})
    assert first.status_code == 302
    again = client.post("/certcenter/cloud/financial/login/sign",
                        data={"csrf_token": token, "nonce": nonce, "cert": cert.id, "pin": PIN})
    assert again.status_code == 422
    assert "이미 사용되었거나 만료된 인증 요청입니다" in again.get_data(as_text=True)
    # The proof of the first signature is single use too.
    assert client.get("/certcenter/login/finish").status_code == 302
    assert client.get("/certcenter/login/finish").status_code == 403


def test_sixth_pin_is_refused_even_when_right(app, client):
    member, rrn = _member(app)
    cert = issue(app, rrn=rrn)
    register_directly(app, member.id, cert)
    connect(client, app, kind="financial", purpose="login", name="김한국", rrn=rrn, phone=PHONE)
    for attempt in range(1, 6):
        body = sign(client, "financial", "login", cert.id, pin="000000").get_data(as_text=True)
        if attempt < 5:
            assert f"비밀번호 {attempt}회 오류, {5 - attempt}회 더 틀리면" in body
    assert "5회 잘못 입력하여 이 인증서의 사용이 제한되었습니다" in body
    sixth = sign(client, "financial", "login", cert.id, pin=PIN)
    assert sixth.status_code == 422
    assert "사용이 제한되었습니다" in sixth.get_data(as_text=True)
    assert "김한국님" not in client.get("/").get_data(as_text=True)


def test_bad_input_never_500(app, client):
    _, rrn = _member(app)
    cert = issue(app, rrn=rrn)
    connect(client, app, kind="financial", purpose="login", name="김한국", rrn=rrn, phone=PHONE)
    token, nonce, _, _ = sign_form(client, "financial", "login")
    for data in ({"cert": "x", "pin": "12"}, {"cert": "999999", "pin": "123456"}, {"cert": cert.id, "pin": "１２３４５６"},
                 {"cert": cert.id, "pin": "abc"}, {}):
        response = client.post("/certcenter/cloud/financial/login/sign", data={"csrf_token": token, "nonce": nonce, **data})
        assert response.status_code < 500
    assert client.get("/certcenter/cloud/nope/login/").status_code == 404
    assert client.get("/certcenter/cloud/financial/cloud32/").status_code == 404
    assert client.get("/certcenter/sign/joint?next=https://evil.example/").status_code == 400
    response = client.post("/certcenter/cloud/joint/login/info", data={"csrf_token": token, "name": "x" * 500,
                                                                      "birth": "20991301", "phone": "abc"})
    assert response.status_code == 422


def test_device_check_takes_five_wrong_replies_then_declines(app):
    import datetime as dt

    from esop.certcenter import cloud
    from esop.models.certcloud import CloudLink
    with app.app_context(), db.connection_context():
        link = CloudLink.create(key_hash="k" * 64, cloud="joint", step="device", device_number="42",
                                device_status="pending", device_expires_at=dt.datetime.now() + dt.timedelta(minutes=3))
        answers = [cloud.reply_device(link.id, "13") for _ in range(5)]
        assert answers == ["wrong"] * 4 + ["declined"]
        assert cloud.reply_device(link.id, "42") == "closed"            # the right number after the decline
        assert CloudLink.get_by_id(link.id).device_status == "declined"
