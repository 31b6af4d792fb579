"""Signing with a cloud certificate and the three things a verified signature is used for:
logging in, registering (3-1, 3-2), and proving an RRN in sign-up (2-3 본인인증)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cryptography import x509

from ..account.gate import Admission, admit
from ..db import db
from ..models import audit
from ..models.cert import (RegisteredCertificate, consume_challenge, registration_by_fingerprint, store_proof,
                           take_proof)
from ..models.member import Member
from ..pki import ca
from ..pki.verifier import CertRefused, check_binding, verify_assertion

PURPOSES = ("login", "fin31", "cloud32", "signup")


def sign_and_verify(cloud, wallet_id: int, cert_id: int, pin: str, nonce: str, purpose: str, roots,
                    *, ip: str = "") -> str:
    """The cloud signs the nonce after the PIN; we check the nonce is fresh and unused, the signature,
    the chain, the dates and revocation (OCSP). Returns a single-use proof token. Raises PinRefused,
    CertRefused, or ProviderError when the CA cannot say whether the certificate is revoked."""
    from ..adapters import ProviderError, adapters
    from ..adapters.certcloud import PinRefused
    if not consume_challenge(nonce, f"cert:{purpose}"):
        audit.record("cert.refused", ip=ip, subject=f"{cloud.kind}:{cert_id}", reason="replayed", purpose=purpose)
        raise CertRefused("replayed")
    try:
        assertion = cloud.sign(wallet_id, cert_id, pin, nonce)
    except PinRefused as refused:
        # The lock is recorded once, by the try that locked it; later tries are refusals.
        event = ("cert.pin_failure" if refused.remaining else
                 "cert.pin_locked" if refused.locked_now else "cert.pin_refused_locked")
        audit.record(event, ip=ip, subject=f"{cloud.kind}:{cert_id}", remaining=refused.remaining)
        raise
    try:
        cert, fingerprint = verify_assertion(assertion, nonce, roots, revocation=adapters().revocation)
    except CertRefused as refused:
        audit.record("cert.refused", ip=ip, subject=f"{cloud.kind}:{cert_id}", reason=refused.reason,
                     purpose=purpose)
        raise
    except ProviderError:
        audit.record("cert.refused", ip=ip, subject=f"{cloud.kind}:{cert_id}", reason="status_unavailable",
                     purpose=purpose)
        raise
    return store_proof(purpose, cloud.kind, fingerprint, assertion.cert_pem, assertion.binding_secret)


def _proof(token: str, purpose: str):
    proof = take_proof(token, purpose)
    if proof is None:
        audit.record("cert.proof_refused", reason="replayed" if token else "missing", purpose=purpose)
        raise CertRefused("replayed")
    return proof, bytes.fromhex(proof.binding_secret)


def login_with_proof(token: str, *, ip: str = "", user_agent: str = "") -> Admission:
    """The member the certificate is registered to, after checking its binding to their RRN and passing
    the login gate (LoginRefused when locked or disavowed)."""
    proof, secret = _proof(token, "login")
    registration = registration_by_fingerprint(proof.fingerprint, proof.kind)
    if registration is None or registration.member.status != "active":
        audit.record("login.failure", ip=ip, user_agent=user_agent, subject=proof.fingerprint[:16],
                     reason="cert_unregistered", method="certificate")
        raise CertRefused("unregistered")
    member = registration.member
    try:
        check_binding(proof.cert_pem, member.rrn, secret)
    except CertRefused as refused:
        audit.record("login.failure", member=member, ip=ip, user_agent=user_agent, subject=member.user_id,
                     reason=f"cert_{refused.reason}", method="certificate")
        raise
    # The one login gate: a locked or disavowed member is refused here too (account/gate.py).
    admission = admit(member.id, method="certificate", ip=ip, user_agent=user_agent, subject=member.user_id)
    audit.record("login.success", member=member, ip=ip, user_agent=user_agent, subject=member.user_id,
                  method="certificate", serial=registration.serial)
    return admission


def register_with_proof(token: str, purpose: str, member: Member, *, ip: str = "") -> RegisteredCertificate:
    """Register the signed certificate to the member; re-registration replaces the previous one of its kind."""
    proof, secret = _proof(token, purpose)
    try:
        check_binding(proof.cert_pem, member.rrn, secret)
    except CertRefused as refused:
        audit.record("cert.register_refused", member=member, ip=ip, subject=member.user_id, reason=refused.reason)
        raise
    cert = x509.load_pem_x509_certificate(proof.cert_pem.encode())
    now = dt.datetime.now()
    with db.atomic():
        RegisteredCertificate.update(status="replaced", ended_at=now).where(
            (RegisteredCertificate.member == member) & (RegisteredCertificate.kind == proof.kind)
            & (RegisteredCertificate.status == "active")).execute()
        row = RegisteredCertificate.create(
            member=member, kind=proof.kind, fingerprint=proof.fingerprint, serial=format(cert.serial_number, "x"),
            subject=ca.holder_name(cert), issuer=ca.issuer_name(cert),
            not_after=cert.not_valid_after_utc.astimezone().replace(tzinfo=None), cert_pem=proof.cert_pem)
        audit.record("cert.registered", member=member, ip=ip, subject=member.user_id, kind=proof.kind,
                     serial=row.serial)
    return row


def unregister(member: Member, registration_id: int, *, ip: str = "") -> bool:
    """Only the member's own active registration (no IDOR); True when one was ended."""
    done = RegisteredCertificate.update(status="unregistered", ended_at=dt.datetime.now()).where(
        (RegisteredCertificate.id == registration_id) & (RegisteredCertificate.member == member)
        & (RegisteredCertificate.status == "active")).execute()
    if done:
        audit.record("cert.unregistered", member=member, ip=ip, subject=member.user_id, registration=registration_id)
    return done == 1


@dataclass
class CertIdentity:
    ok: bool
    message: str = ""
    holder: str = ""     # the certificate's subject name, e.g. 홍길동()0012345678
    serial: str = ""
    kind: str = ""


def verify_identity_by_certificate(rrn_digits: str, token: str) -> CertIdentity:
    """Sign-up 2-3 본인인증 by certificate: the proof left by /certcenter/sign/<kind> (single use, 5
    minutes) must carry a certificate whose identity binding matches `rrn_digits` (13 digits)."""
    try:
        proof, secret = _proof(token or "", "signup")
        check_binding(proof.cert_pem, rrn_digits, secret)
    except CertRefused as refused:
        audit.record("signup.cert_identity_refused", reason=refused.reason)
        return CertIdentity(False, refused.message)
    cert = x509.load_pem_x509_certificate(proof.cert_pem.encode())
    audit.record("signup.cert_identity", serial=format(cert.serial_number, "x"), kind=proof.kind)
    return CertIdentity(True, "인증서로 본인인증이 완료되었습니다.", ca.holder_name(cert),
                        format(cert.serial_number, "x"), proof.kind)
