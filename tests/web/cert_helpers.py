"""Certificate-center helpers for Flask-client tests: issue into a wallet, connect, sign."""
from __future__ import annotations

import re

from esop.db import db

PIN = "246813"
PHONE = "010-2222-3333"


def issue(app, *, cloud="financial", name="김한국", rrn, phone="010-2222-3333", pin=PIN, expired=False,
          ca_kind=None):
    from esop.adapters.certcloud import sandbox_issue
    with app.app_context(), db.connection_context():
        return sandbox_issue(cloud=cloud, name=name, rrn_digits=rrn, phone=phone, pin=pin, expired=expired,
                             ca_kind=ca_kind)


def birth_of(rrn: str) -> str:
    from esop.rules.rrn import parse_rrn
    return parse_rrn(rrn[:6], rrn[6:]).birth_date.strftime("%Y%m%d")


def csrf(html: str) -> str:
    m = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html) or re.search(r'name="csrf-token" content="([^"]+)"', html)
    return m.group(1)


def last_code(app, phone: str) -> str:
    from esop.models.sandbox import SandboxMessage
    with app.app_context(), db.connection_context():
        return SandboxMessage.select().where((SandboxMessage.to == phone) & (SandboxMessage.code != "")) \
            .order_by(SandboxMessage.id.desc()).first().code


def connect(client, app, *, kind, purpose, name, rrn, phone):
    """Walk the cloud connection: 고객정보 입력 → (약관동의) → 기기인증 or 확인코드."""
    base = f"/certcenter/cloud/{kind}/{purpose}/"
    page = client.get(base).get_data(as_text=True)
    token = csrf(page)
    page = client.post(base + "info", data={"csrf_token": token, "name": name, "birth": birth_of(rrn),
                                            "phone": phone}).get_data(as_text=True)
    if kind == "financial":
        client.post(base + "code", data={"csrf_token": token, "code": last_code(app, phone)})
        return
    if 'name="agree"' in page:
        page = client.post(base + "terms", data={"csrf_token": token, "agree": "yes"}).get_data(as_text=True)
    number = re.search(r'id="device-number">(\d\d)<', page).group(1)
    from esop.certcenter import cloud
    from esop.models.certcloud import CloudLink
    with app.app_context(), db.connection_context():
        link = CloudLink.select().where(CloudLink.device_status == "pending").order_by(CloudLink.id.desc()).first()
        assert cloud.reply_device(link.id, number) == "confirmed"
    client.get(base + "device", headers={"HX-Request": "true"})


def sign_form(client, kind, purpose):
    """(csrf, nonce, {subject: cert id}) from the window's certificate list."""
    page = client.get(f"/certcenter/cloud/{kind}/{purpose}/").get_data(as_text=True)
    nonce = re.search(r'name="nonce"[^>]*value="([0-9a-f]+)"', page) or re.search(r'value="([0-9a-f]{64})"', page)
    certs = re.findall(r'id="cert-(\d+)" name="cert"', page)
    return csrf(page), (nonce.group(1) if nonce else ""), certs, page


def sign(client, kind, purpose, cert_id, pin=PIN, nonce=None, token=None):
    t, n, _, _ = sign_form(client, kind, purpose)
    return client.post(f"/certcenter/cloud/{kind}/{purpose}/sign",
                       data={"csrf_token": token or t, "nonce": nonce or n, "cert": cert_id, "pin": pin})


def register_directly(app, member_id, wallet_cert, pin=PIN, purpose="fin31"):
    """Register a wallet certificate to a member through the same services the flows use."""
    from esop.adapters.certcloud import SandboxCertCloud
    from esop.adapters.sms import SandboxSms
    from esop.certcenter import service
    from esop.models.cert import new_challenge
    from esop.models.member import Member
    from esop.pki.ca import trusted_roots
    with app.test_request_context(), db.connection_context():
        kind = wallet_cert.wallet.cloud
        _, nonce = new_challenge(f"cert:{purpose}")
        token = service.sign_and_verify(SandboxCertCloud(kind, SandboxSms()), wallet_cert.wallet_id, wallet_cert.id,
                                        pin, nonce, purpose, trusted_roots(app.config))
        return service.register_with_proof(token, purpose, Member.get_by_id(member_id))


def cert_member(app, user_id="certuser1"):
    """A member (RRN generated from the user ID) with the mobile number the wallets use."""
    from helpers import make_member
    with app.app_context():
        member, rrn = make_member(user_id=user_id, mobile=PHONE)
    return member, rrn


def login_attempt(client, app, rrn, wallet_cert, kind="financial", pin=PIN, name="김한국"):
    """인증서 로그인 end to end: connect, sign the window's challenge, then /certcenter/login/finish."""
    connect(client, app, kind=kind, purpose="login", name=name, rrn=rrn, phone=PHONE)
    response = sign(client, kind, "login", wallet_cert.id, pin=pin)
    if response.status_code == 302 and "/certcenter/login/finish" in response.headers["Location"]:
        return client.get("/certcenter/login/finish")
    return response
