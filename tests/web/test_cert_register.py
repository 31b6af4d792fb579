"""3-1 금융인증서등록/재등록 and 3-2 타기관 클라우드 인증서 등록 with the Flask client."""
from __future__ import annotations

import logging
import random
import re

from cert_helpers import PIN, connect, csrf, issue, sign
from helpers import make_member

from esop.db import db

PHONE = "010-2222-3333"
PASSWORD = "Abcd#2580"


def _member(app, user_id="reguser01"):
    with app.app_context():
        return make_member(user_id=user_id, mobile=PHONE)


def _identity(client, url, user_id, rrn, password=PASSWORD):
    token = csrf(client.get(url).get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, "user_id": user_id, "password": password, "rrn": rrn})


def _pass_verification(app, purpose):
    """Stand in for the toolkit's pages (tested on their own): every slot of the plan passes."""
    from esop.models.verification import VerificationFlow, mark_passed
    with app.app_context(), db.connection_context():
        flow = (VerificationFlow.select().where(VerificationFlow.purpose == purpose)
                .order_by(VerificationFlow.id.desc()).first())
        for slot in flow.plan_slots():
            mark_passed(flow, slot["slot"], slot["methods"][0])


def _registrations(app, member_id):
    from esop.models.cert import RegisteredCertificate
    with app.app_context(), db.connection_context():
        return list(RegisteredCertificate.select().where(RegisteredCertificate.member == member_id)
                    .order_by(RegisteredCertificate.id))


def _walk_31(client, app, member, rrn, cert_id):
    response = _identity(client, "/certcenter/financial/register", member.user_id, rrn)
    assert response.headers["Location"].endswith("/certcenter/financial/register/verify")
    hop = client.get("/certcenter/financial/register/verify")
    assert "/verify/certcenter.fin31/" in hop.headers["Location"]
    _pass_verification(app, "certcenter.fin31")
    hop = client.get("/certcenter/financial/register/verify")
    assert hop.headers["Location"].endswith("/certcenter/financial/register/certificate")
    page = client.get("/certcenter/financial/register/certificate").get_data(as_text=True)
    assert "고객님께서 사용하는 금융인증서를 등록하시기 바랍니다." in page
    connect(client, app, kind="financial", purpose="fin31", name="김한국", rrn=rrn, phone=PHONE)
    response = sign(client, "financial", "fin31", cert_id)
    assert response.headers["Location"].endswith("/certcenter/financial/register/finish")
    return client.get("/certcenter/financial/register/finish")


def test_31_registers_and_reregistration_replaces(app, client):
    member, rrn = _member(app)
    first, second = issue(app, rrn=rrn), issue(app, rrn=rrn)
    done = _walk_31(client, app, member, rrn, first.id)
    assert done.headers["Location"].endswith("/certcenter/financial/register/done")
    page = client.get("/certcenter/financial/register/done").get_data(as_text=True)
    assert "고객님의 금융인증서 등록이 완료 되었습니다." in page and ">로그인<" in page and ">나가기<" in page
    # The cloud texts its 확인코드 through the code service, whose resend wait (30 s) now holds for it too.
    import time

    import time_machine
    with time_machine.travel(time.time() + 31, tick=True):
        _walk_31(client, app, member, rrn, second.id)
    rows = _registrations(app, member.id)
    assert [r.status for r in rows] == ["replaced", "active"]
    assert rows[1].serial == second.serial


def test_31_steps_cannot_be_skipped(app, client):
    member, rrn = _member(app)
    cert = issue(app, rrn=rrn)
    # Nothing done yet: every later step sends the member back to 본인확인.
    for url in ("/certcenter/financial/register/verify", "/certcenter/financial/register/certificate",
                "/certcenter/financial/register/finish", "/certcenter/financial/register/done"):
        assert client.get(url).headers["Location"].endswith("/certcenter/financial/register")
    _identity(client, "/certcenter/financial/register", member.user_id, rrn)
    # 본인확인 done, 추가인증 skipped: the certificate page and signing are out of reach.
    assert client.get("/certcenter/financial/register/certificate").headers["Location"].endswith("/verify")
    connect(client, app, kind="financial", purpose="fin31", name="김한국", rrn=rrn, phone=PHONE)
    token = csrf(client.get("/certcenter/financial/register").get_data(as_text=True))
    response = client.post("/certcenter/cloud/financial/fin31/sign",
                           data={"csrf_token": token, "nonce": "0" * 64, "cert": cert.id, "pin": PIN})
    assert response.headers["Location"].endswith("/certcenter/financial/register/verify")
    assert _registrations(app, member.id) == []


def test_31_identity_refusals(app, client):
    member, rrn = _member(app)
    wrong_rrn = _identity(client, "/certcenter/financial/register", member.user_id, "8507021234567")
    assert wrong_rrn.status_code == 422
    assert "회원정보와 일치하지 않습니다" in wrong_rrn.get_data(as_text=True)
    wrong_pw = _identity(client, "/certcenter/financial/register", member.user_id, rrn, password="nope")
    body = wrong_pw.get_data(as_text=True)
    # One message for every mismatch (issue 13): no count of wrong passwords that confirms the ID.
    assert "회원정보와 일치하지 않습니다" in body and "회 오류" not in body and "<title>오류: " in body
    assert _identity(client, "/certcenter/financial/register", "", "").status_code == 422


def test_31_prefills_the_id_of_a_logged_in_member(app, client):
    member, rrn = _member(app)
    token = csrf(client.get("/login").get_data(as_text=True))
    client.post("/login", data={"csrf_token": token, "user_id": member.user_id, "password": PASSWORD})
    page = client.get("/certcenter/financial/register").get_data(as_text=True)
    assert re.search(r'id="user_id" name="user_id" value="reguser01" readonly', page)


def test_31_certificate_of_another_person_is_refused(app, client):
    member, rrn = _member(app)
    from esop.rules.rrn import generate_valid_rrn, parse_rrn
    birth = parse_rrn(rrn[:6], rrn[6:]).birth_date
    other_rrn = generate_valid_rrn(birth, "M", rng=random.Random(99))
    assert other_rrn != rrn
    foreign = issue(app, rrn=other_rrn)   # same name, birth date and phone: the same wallet
    finish = _walk_31(client, app, member, rrn, foreign.id)
    assert finish.status_code == 422
    assert "고객님 본인 명의의 인증서가 아닙니다" in finish.get_data(as_text=True)
    assert _registrations(app, member.id) == []


def _walk_32(client, app, member, rrn, cert_id, *, overseas=False, consent=True):
    entry = client.get("/certcenter/cloud-register")
    assert entry.headers["Location"].endswith("/certcenter/cloud/joint/cloud32/")   # connection first
    connect(client, app, kind="joint", purpose="cloud32", name="김한국", rrn=rrn, phone=PHONE)
    page = client.get("/certcenter/cloud/joint/cloud32/").get_data(as_text=True)
    assert "다음 (본인확인)" in page
    response = _identity(client, "/certcenter/cloud-register", member.user_id, rrn)
    if overseas:
        body = response.get_data(as_text=True)
        assert "■ 해외 출국정보 조회 동의" in body
        token = csrf(body)
        refused = client.post("/certcenter/cloud-register/overseas", data={"csrf_token": token})
        assert refused.status_code == 422 and "동의하셔야" in refused.get_data(as_text=True)
        assert client.get("/certcenter/cloud-register/verify").headers["Location"].endswith("/certcenter/cloud-register")
        response = client.post("/certcenter/cloud-register/overseas", data={"csrf_token": token, "consent": "y"})
    assert response.headers["Location"].endswith("/certcenter/cloud-register/verify")
    client.get("/certcenter/cloud-register/verify")
    _pass_verification(app, "certcenter.cloud32")
    assert client.get("/certcenter/cloud-register/verify").headers["Location"].endswith("/cloud-register/certificate")
    response = sign(client, "joint", "cloud32", cert_id)
    assert response.headers["Location"].endswith("/certcenter/cloud-register/finish")
    return client.get("/certcenter/cloud-register/finish")


def test_32_from_home(app, client):
    member, rrn = _member(app)
    cert = issue(app, cloud="joint", rrn=rrn)
    assert _walk_32(client, app, member, rrn, cert.id).headers["Location"].endswith("/cloud-register/done")
    assert "클라우드 공동인증서 등록이 완료 되었습니다." in client.get("/certcenter/cloud-register/done").get_data(as_text=True)
    assert [r.kind for r in _registrations(app, member.id)] == ["joint"]


def test_32_from_overseas_requires_the_departure_consent(app, client):
    from esop.models.audit import AuditEvent
    from esop.models.sandbox import set_switch
    member, rrn = _member(app)
    cert = issue(app, cloud="joint", rrn=rrn)
    with app.app_context(), db.connection_context():
        set_switch("overseas_access", True)
    _walk_32(client, app, member, rrn, cert.id, overseas=True)
    with app.app_context(), db.connection_context():
        assert AuditEvent.select().where(AuditEvent.event == "certcenter.departure_query").count() == 1
    assert [r.status for r in _registrations(app, member.id)] == ["active"]


def test_manage_lists_and_unregisters_only_own(app, client):
    from cert_helpers import register_directly
    member, rrn = _member(app)
    other, other_rrn = _member(app, "other0002")
    cert = issue(app, rrn=rrn)
    mine = register_directly(app, member.id, cert)
    theirs = register_directly(app, other.id, issue(app, rrn=other_rrn, name="김한국", phone="010-9999-8888"))
    assert client.get("/certcenter/certificates").status_code == 302   # login required
    token = csrf(client.get("/login").get_data(as_text=True))
    client.post("/login", data={"csrf_token": token, "user_id": member.user_id, "password": PASSWORD})
    page = client.get("/certcenter/certificates").get_data(as_text=True)
    assert mine.serial in page and theirs.serial not in page and "esop-sandbox-yessign" in page
    token = csrf(page)
    assert client.post(f"/certcenter/certificates/{theirs.id}/unregister", data={"csrf_token": token}).status_code == 404
    assert client.post(f"/certcenter/certificates/{mine.id}/unregister", data={"csrf_token": token}).status_code == 302
    assert [r.status for r in _registrations(app, member.id)] == ["unregistered"]
    assert [r.status for r in _registrations(app, other.id)] == ["active"]


def test_no_key_pin_or_binding_secret_in_plaintext(app, client, db_path, caplog):
    """Canaries: the PIN, the private key's PEM body, the binding secret R and the RRN never appear
    in the SQLite file (with its WAL) or in the logs, after registration and login."""
    caplog.set_level(logging.DEBUG)
    member, rrn = _member(app)
    cert = issue(app, rrn=rrn, pin="918273")
    from esop.pki import wallet
    with app.app_context(), db.connection_context():
        key_pem, secret = wallet.unseal("918273", cert.salt, cert.sealed, f"wallet-cert:{cert.serial}")
    from cert_helpers import register_directly
    register_directly(app, member.id, cert, pin="918273")
    client.get("/certcenter/login/financial")
    connect(client, app, kind="financial", purpose="login", name="김한국", rrn=rrn, phone=PHONE)
    sign(client, "financial", "login", cert.id, pin="918273")
    client.get("/certcenter/login/finish")
    assert "김한국님" in client.get("/").get_data(as_text=True)
    key_lines = [line for line in key_pem.decode().splitlines() if "-----" not in line]
    canaries = [b"918273", key_lines[3].encode(), secret.hex().encode(), secret, rrn.encode()]
    blob = b"".join(p.read_bytes() for p in db_path.parent.glob("esop.db*"))
    for canary in canaries:
        assert canary not in blob, canary
    logs = caplog.text
    for canary in canaries[:3] + [rrn.encode()]:
        assert canary.decode(errors="ignore") not in logs
