"""Checking a signed challenge: signature, chain to a trusted CA, validity dates, revocation at the
issuer (OCSP), identity binding."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

from . import binding
from .ca import fingerprint

# Refusals members read (manual-style Korean; one per reason, tested one by one).
MESSAGES = {
    "replayed": "이미 사용되었거나 만료된 인증 요청입니다. 처음부터 다시 시도해 주십시오.",
    "signature": "인증서 서명을 확인할 수 없습니다. 다시 시도해 주십시오.",
    "untrusted": "신뢰할 수 있는 인증기관에서 발급한 인증서가 아닙니다. 등록 가능한 인증서인지 확인해 주십시오.",
    "expired": "유효기간이 지난 인증서입니다. 인증서를 발급받은 기관에서 갱신하신 뒤 다시 등록해 주십시오.",
    "not_yet": "아직 사용할 수 없는 인증서입니다. 인증서의 유효기간을 확인해 주십시오.",
    "revoked": "폐지된 인증서입니다. 인증서를 발급받은 기관에서 새로 발급받으신 뒤 다시 시도해 주십시오.",
    "status_unknown": "인증기관이 이 인증서를 확인해 주지 않았습니다. 인증서를 발급받은 기관에 문의해 주십시오.",
    "no_binding": "본인확인 정보가 없는 인증서입니다. 개인용 인증서를 선택해 주십시오.",
    "other_person": "고객님 본인 명의의 인증서가 아닙니다. 고객님의 주민등록번호로 발급된 인증서를 선택해 주십시오.",
    "unregistered": "등록되지 않은 인증서입니다. 인증센터에서 인증서를 먼저 등록하신 뒤 로그인해 주십시오.",
}


class CertRefused(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason
        self.message = MESSAGES[reason]


@dataclass
class SignedAssertion:
    """What the cloud hands back after the PIN: the certificate, its signature over the nonce, and R."""
    cert_pem: str
    signature: bytes
    binding_secret: bytes


def _check_signature(public_key, signature: bytes, data: bytes) -> None:
    if isinstance(public_key, rsa.RSAPublicKey):
        public_key.verify(signature, data, padding.PKCS1v15(), hashes.SHA256())
    elif isinstance(public_key, ec.EllipticCurvePublicKey):
        public_key.verify(signature, data, ec.ECDSA(hashes.SHA256()))
    else:
        raise InvalidSignature()


def check_chain(cert: x509.Certificate, roots: list[x509.Certificate], now: dt.datetime) -> x509.Certificate:
    """The trusted CA that issued `cert`."""
    for ca in roots:
        if ca.subject != cert.issuer:
            continue
        try:
            cert.verify_directly_issued_by(ca)
        except (ValueError, TypeError, InvalidSignature, UnsupportedAlgorithm):
            continue
        if ca.not_valid_before_utc <= now <= ca.not_valid_after_utc:
            return ca
    raise CertRefused("untrusted")


def verify_assertion(assertion: SignedAssertion, nonce: str, roots: list[x509.Certificate], *, revocation,
                     now: dt.datetime | None = None) -> tuple[x509.Certificate, str]:
    """Everything but the challenge's freshness (the caller consumes it) and the RRN match.
    `revocation` is the adapters' RevocationChecker (asked last: only about a certificate that would
    otherwise pass). Returns (certificate, fingerprint); raises CertRefused, or ProviderError when the
    CA cannot say whether the certificate is revoked."""
    now = now or dt.datetime.now(dt.timezone.utc)
    try:
        cert = x509.load_pem_x509_certificate(assertion.cert_pem.encode())
    except (ValueError, x509.InvalidVersion) as exc:
        raise CertRefused("signature") from exc
    try:
        _check_signature(cert.public_key(), assertion.signature, nonce.encode())
    except (InvalidSignature, ValueError, UnsupportedAlgorithm) as exc:   # a key type we cannot read: bench/fuzz.py
        raise CertRefused("signature") from exc
    issuer = check_chain(cert, roots, now)
    if now > cert.not_valid_after_utc:
        raise CertRefused("expired")
    if now < cert.not_valid_before_utc:
        raise CertRefused("not_yet")
    try:
        binding.binding_of(cert)
    except binding.BindingError as exc:
        raise CertRefused("no_binding") from exc
    status = revocation.status(cert, issuer)
    if status != "good":
        raise CertRefused("revoked" if status == "revoked" else "status_unknown")
    return cert, fingerprint(cert)


def check_binding(cert_pem: str, rrn_digits: str, secret: bytes) -> None:
    """The certificate's VID must be H(H(RRN || R)) for this member's RRN."""
    cert = x509.load_pem_x509_certificate(cert_pem.encode())
    try:
        _, vid = binding.binding_of(cert)
    except binding.BindingError as exc:
        raise CertRefused("no_binding") from exc
    if not binding.matches(vid, rrn_digits, secret):
        raise CertRefused("other_person")
