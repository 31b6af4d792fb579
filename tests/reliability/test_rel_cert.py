"""인증서 로그인 under attack, in one place (reliability.md A8; ASVS 2.9.2 / v5 6.7.2): the challenge
nonce (size, uniqueness, single use, purpose), a replayed signature, a signature over another nonce,
a certificate bound to another RRN, an expired certificate, an untrusted CA, a certificate its CA
revoked, a certificate no longer registered — each refused, and the valid one accepted. Prints the N/N
figure.

Revocation has two sides: the issuing CA's (OCSP, esop/pki/ocsp.py: the sandbox CAs answer "revoked"
after 인증서 폐지 in the sandbox console; no answer refuses for now) and ours (인증서 해지 on 마이페이지
→ "unregistered", or "replaced" by a re-registration). Both are refused.

The web cases walk the Flask client through tests/web/cert_helpers.py (shared with
tests/web/test_cert_login.py, which keeps the Korean-message detail of each refusal); the forged
signatures go through certcenter.service.sign_and_verify with a cloud that returns what an attacker
in the cloud's place would return.
"""
from __future__ import annotations

import re

import pytest

from cert_helpers import PHONE, PIN, cert_member, connect, issue, login_attempt, register_directly, sign_form
from esop.db import db

CASES: list[tuple[str, bool]] = []   # (case, behaved as required)


def case(name: str, ok: bool) -> None:
    CASES.append((name, bool(ok)))
    assert ok, name


@pytest.fixture(scope="module", autouse=True)
def report():
    yield
    good = sum(ok for _, ok in CASES)
    print(f"\nA8 certificate login: {good}/{len(CASES)} cases as required")
    for name, ok in CASES:
        print(f"  {'ok ' if ok else 'BAD'} {name}")


def logged_in(client) -> bool:
    return "김한국님" in client.get("/").get_data(as_text=True)


# --- accepted ------------------------------------------------------------------------------------

def test_a8_a_valid_registered_certificate_logs_in(app, client):
    member, rrn = cert_member(app)
    cert = issue(app, rrn=rrn)
    register_directly(app, member.id, cert)
    r = login_attempt(client, app, rrn, cert)
    case("valid registered certificate accepted", r.status_code == 302 and logged_in(client))


# --- the challenge -------------------------------------------------------------------------------

def test_a8_nonce_is_at_least_128_bits_unique_stored_hashed_and_single_use(app, client, raw_database):
    from esop.models.cert import new_challenge
    member, rrn = cert_member(app)
    cert = issue(app, rrn=rrn)
    register_directly(app, member.id, cert)
    connect(client, app, kind="financial", purpose="login", name="김한국", rrn=rrn, phone=PHONE)
    token, nonce, _, _ = sign_form(client, "financial", "login")
    case("nonce ≥ 128 bits (hex digits × 4)", re.fullmatch(r"[0-9a-f]+", nonce) and len(nonce) * 4 >= 128)
    with app.app_context(), db.connection_context():
        nonces = {new_challenge("cert:login")[1] for _ in range(2000)}
    case("2,000 nonces all different", len(nonces) == 2000)
    case("nonce stored only hashed", nonce.encode() not in raw_database())
    first = client.post("/certcenter/cloud/financial/login/sign",
                        data={"csrf_token": token, "nonce": nonce, "cert": cert.id, "pin": PIN})
    case("fresh nonce accepted", first.status_code == 302)
    again = client.post("/certcenter/cloud/financial/login/sign",
                        data={"csrf_token": token, "nonce": nonce, "cert": cert.id, "pin": PIN})
    case("used nonce refused", again.status_code == 422 and "이미 사용되었거나" in again.get_data(as_text=True))
    made_up = client.post("/certcenter/cloud/financial/login/sign",
                          data={"csrf_token": token, "nonce": "ab" * 32, "cert": cert.id, "pin": PIN})
    case("nonce never issued refused", made_up.status_code == 422)


def _service_sign(app, cloud, wallet_cert, nonce, purpose="login"):
    """certcenter.service.sign_and_verify as the sign view calls it; the refusal reason or 'ok'."""
    from esop.certcenter import service
    from esop.pki.ca import trusted_roots
    from esop.pki.verifier import CertRefused
    with app.test_request_context(), db.connection_context():
        try:
            service.sign_and_verify(cloud, wallet_cert.wallet_id, wallet_cert.id, PIN, nonce, purpose,
                                    trusted_roots(app.config))
            return "ok"
        except CertRefused as refused:
            return refused.reason


class HostileCloud:
    """A certificate cloud (or whoever sits in its place) that answers with a chosen assertion."""

    def __init__(self, real, forge):
        self.kind, self.real, self.forge = real.kind, real, forge

    def sign(self, wallet_id, cert_id, pin, nonce):
        return self.forge(self.real, wallet_id, cert_id, pin, nonce)


def _real_cloud():
    from esop.adapters.certcloud import SandboxCertCloud
    from esop.adapters.sms import SandboxSms
    return SandboxCertCloud("financial", SandboxSms())


def _challenge(app, purpose="login"):
    from esop.models.cert import new_challenge
    with app.app_context(), db.connection_context():
        return new_challenge(f"cert:{purpose}")[1]


def test_a8_a_challenge_made_for_another_purpose_is_refused(app):
    _, rrn = cert_member(app)
    cert = issue(app, rrn=rrn)
    nonce = _challenge(app, purpose="fin31")
    case("nonce of another purpose (등록) refused for login", _service_sign(app, _real_cloud(), cert, nonce) == "replayed")


def test_a8_a_replayed_signature_is_refused(app):
    """A signature captured from an earlier, successful login, presented again for a new challenge."""
    _, rrn = cert_member(app)
    cert = issue(app, rrn=rrn)
    real = _real_cloud()
    old_nonce = _challenge(app)
    with app.app_context(), db.connection_context():
        captured = real.sign(cert.wallet_id, cert.id, PIN, old_nonce)
    case("genuine signature over its own fresh nonce accepted", _service_sign(app, real, cert, old_nonce) == "ok")
    replay = HostileCloud(real, lambda *a: captured)
    case("captured signature replayed for a new nonce refused", _service_sign(app, replay, cert, _challenge(app)) == "signature")
    case("captured signature replayed with its own, used nonce refused",
         _service_sign(app, replay, cert, old_nonce) == "replayed")


def test_a8_a_signature_over_another_nonce_is_refused(app):
    _, rrn = cert_member(app)
    cert = issue(app, rrn=rrn)
    other = HostileCloud(_real_cloud(), lambda real, w, c, pin, nonce: real.sign(w, c, pin, "00" * 32))
    case("fresh signature over another nonce refused", _service_sign(app, other, cert, _challenge(app)) == "signature")
    from esop.pki.verifier import SignedAssertion
    swapped_key = issue(app, rrn=rrn)   # the signature of a different key, shown with the first certificate

    def mixed(real, w, c, pin, nonce):
        mine = real.sign(swapped_key.wallet_id, swapped_key.id, pin, nonce)
        return SignedAssertion(cert_pem=cert.cert_pem, signature=mine.signature, binding_secret=mine.binding_secret)
    case("signature by another key under this certificate refused",
         _service_sign(app, HostileCloud(_real_cloud(), mixed), cert, _challenge(app)) == "signature")


# --- the certificate -------------------------------------------------------------------------------

def test_a8_a_certificate_bound_to_another_rrn_is_refused(app, client):
    member, rrn = cert_member(app)
    _, other_rrn = cert_member(app, "otherrrn2")
    stranger = issue(app, rrn=other_rrn)   # the same name and phone, someone else's RRN
    from esop.pki.verifier import CertRefused
    with pytest.raises(CertRefused) as refused:
        register_directly(app, member.id, stranger)
    case("registering a certificate of another RRN refused", refused.value.reason == "other_person")
    # A registration row pointing at the wrong member (a tampered table) still fails the RRN binding.
    cert = issue(app, rrn=rrn)
    registration = register_directly(app, member.id, cert)
    from esop.models.cert import RegisteredCertificate
    with app.app_context(), db.connection_context():
        RegisteredCertificate.update(member=cert_member(app, "victim003")[0].id).where(
            RegisteredCertificate.id == registration.id).execute()
    r = login_attempt(client, app, rrn, cert)
    case("login with a certificate bound to another member's RRN refused",
         r.status_code == 403 and not logged_in(client))


@pytest.mark.parametrize("what,kwargs,status", [("expired certificate", {"expired": True}, 422),
                                                ("certificate of an untrusted CA", {"ca_kind": "rogue"}, 422),
                                                ("certificate its CA revoked (OCSP)", {}, 422),
                                                ("certificate whose CA gives no OCSP answer", {}, 422),
                                                ("unregistered certificate", {}, 403)])
def test_a8_expired_untrusted_or_unregistered_certificates_are_refused(app, client, what, kwargs, status):
    member, rrn = cert_member(app)
    cert = issue(app, rrn=rrn, **kwargs)
    if what == "unregistered certificate":
        from esop.certcenter import service
        registration = register_directly(app, member.id, cert)
        with app.app_context(), db.connection_context():
            assert service.unregister(registration.member, registration.id)   # 인증서 해지 on our side
    elif "CA" in what and "untrusted" not in what:
        from esop.models.sandbox import SandboxRevocation, set_switch
        register_directly(app, member.id, cert)
        with app.app_context(), db.connection_context():
            if "revoked" in what:
                SandboxRevocation.create(ca_kind="financial", serial=cert.serial)
            else:
                set_switch("ocsp_down", True)
    r = login_attempt(client, app, rrn, cert)
    case(f"{what} refused", r.status_code == status and not logged_in(client))


def test_a8_a_replaced_registration_is_refused(app, client):
    member, rrn = cert_member(app)
    old, new = issue(app, rrn=rrn), issue(app, rrn=rrn)
    register_directly(app, member.id, old)
    register_directly(app, member.id, new)     # re-registration replaces the earlier one
    r = login_attempt(client, app, rrn, old)
    case("replaced certificate refused", r.status_code == 403 and not logged_in(client))


def test_a8_a_malformed_certificate_from_the_cloud_is_refused_not_a_crash(app):
    """Found by bench/fuzz.py (S8): a certificate with an unknown X.509 version or an unknown public-key
    algorithm used to escape verify_assertion as InvalidVersion / UnsupportedAlgorithm (a 500)."""
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding

    from esop.adapters.revocation import SandboxOcsp
    from esop.pki.verifier import CertRefused, SignedAssertion, verify_assertion
    _, rrn = cert_member(app)
    der = x509.load_pem_x509_certificate(issue(app, rrn=rrn).cert_pem.encode()).public_bytes(Encoding.DER)
    key_oid = bytes.fromhex("06092a864886f70d010101")     # rsaEncryption (the sandbox CAs issue RSA keys)
    bad = {"unknown X.509 version": der.replace(b"\xa0\x03\x02\x01\x02", b"\xa0\x03\x02\x01\x07", 1),
           "unknown public-key algorithm": der.replace(key_oid, key_oid[:-1] + b"\x7f", 1)}
    assert all(v != der for v in bad.values())
    for what, body in bad.items():
        pem = "-----BEGIN CERTIFICATE-----\n" + __import__("base64").encodebytes(body).decode() + "-----END CERTIFICATE-----\n"
        with pytest.raises(CertRefused):
            verify_assertion(SignedAssertion(pem, b"\x00" * 64, b""), "00" * 32, [], revocation=SandboxOcsp())
        case(f"certificate with an {what} refused", True)
    # An x400Address in subjectAltName (the identifyData otherName [0] retagged [3]): unreadable extensions
    # must read as "no identity binding", not escape as UnsupportedGeneralNameType.
    from esop.pki import binding
    other_name = b"\xa0"
    at = der.find(bytes.fromhex("06092a831a8c9a440a0101"))   # OID 1.2.410.200004.10.1.1 (identifyData)
    start = at - 2 if der[at - 2:at - 1] == other_name else at - 3
    assert der[start:start + 1] == other_name, "identifyData otherName not found"
    x400 = der[:start] + b"\xa3" + der[start + 1:]
    with pytest.raises(binding.BindingError):
        binding.binding_of(x509.load_der_x509_certificate(x400))
    case("certificate with an x400Address in subjectAltName: no binding, no crash", True)
