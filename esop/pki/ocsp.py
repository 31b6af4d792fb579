"""OCSP (RFC 6960): asking the issuing CA whether a certificate has been revoked, and reading its
signed answer; plus the answer the sandbox CAs give. The bytes are the real protocol's DER either way,
so the sandbox exercises the same checks as a production responder."""
from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509 import ocsp
from cryptography.x509.oid import ExtendedKeyUsageOID

SKEW = dt.timedelta(minutes=5)       # clocks of CA and bank disagree a little
MAX_AGE = dt.timedelta(hours=24)     # an answer without nextUpdate is trusted this long
GOOD, REVOKED, UNKNOWN = "good", "revoked", "unknown"


class OcspError(Exception):
    """No usable answer (unreadable, unsigned by the CA, stale, about another certificate): the
    certificate's status is not known, so it must not be accepted."""


@dataclass(frozen=True)
class Answer:
    """A verified answer: the status, and until when it may be relied on (nextUpdate, RFC 6960 4.2.2.1)."""
    status: str
    until: dt.datetime


# What cryptography raises for DER it can parse but not use (unknown algorithms, odd extensions):
# found by bench/fuzz.py; an answer or request like that is unusable, never a crash.
UNUSABLE = (ValueError, TypeError, UnsupportedAlgorithm, x509.DuplicateExtension, x509.UnsupportedGeneralNameType)


def build_request(cert: x509.Certificate, issuer: x509.Certificate) -> tuple[bytes, bytes]:
    """(DER request, nonce). SHA-1 CertID: the hash every responder must understand (RFC 6960 4.3)."""
    nonce = os.urandom(16)
    # SHA-1 names the certificate here (CertID), it signs nothing.
    request = (ocsp.OCSPRequestBuilder().add_certificate(cert, issuer, hashes.SHA1())  # nosec B303
               .add_extension(x509.OCSPNonce(nonce), critical=False).build())
    return request.public_bytes(Encoding.DER), nonce


def responder_url(cert: x509.Certificate) -> str | None:
    try:
        aia = cert.extensions.get_extension_for_class(x509.AuthorityInformationAccess).value
    except x509.ExtensionNotFound:
        return None
    for desc in aia:
        if desc.access_method == x509.AuthorityInformationAccessOID.OCSP and isinstance(
                desc.access_location, x509.UniformResourceIdentifier):
            return desc.access_location.value
    return None


def _verify(public_key, signature: bytes, data: bytes, algorithm) -> None:
    if isinstance(public_key, rsa.RSAPublicKey):
        public_key.verify(signature, data, padding.PKCS1v15(), algorithm)
    elif isinstance(public_key, ec.EllipticCurvePublicKey):
        public_key.verify(signature, data, ec.ECDSA(algorithm))
    elif isinstance(public_key, ed25519.Ed25519PublicKey):
        public_key.verify(signature, data)
    else:
        raise InvalidSignature()


def _signers(response, issuer: x509.Certificate, now: dt.datetime) -> list[x509.Certificate]:
    """The CA itself, or a responder certificate the CA issued for OCSP signing (RFC 6960 4.2.2.2)."""
    signers = [issuer]
    for cert in response.certificates:
        try:
            cert.verify_directly_issued_by(issuer)
            usage = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
        except (InvalidSignature, x509.ExtensionNotFound, *UNUSABLE):
            continue
        if ExtendedKeyUsageOID.OCSP_SIGNING in usage and cert.not_valid_before_utc <= now <= cert.not_valid_after_utc:
            signers.append(cert)
    return signers


def read_response(der: bytes, cert: x509.Certificate, issuer: x509.Certificate, nonce: bytes | None,
                  now: dt.datetime | None = None) -> str:
    """'good', 'revoked' or 'unknown' for `cert`, from a response signed for its issuer; OcspError else."""
    return read_answer(der, cert, issuer, nonce, now).status


def read_answer(der: bytes, cert: x509.Certificate, issuer: x509.Certificate, nonce: bytes | None,
                now: dt.datetime | None = None) -> Answer:
    """read_response's answer with how long it holds; OcspError when there is no usable answer."""
    try:
        return _read_response(der, cert, issuer, nonce, now or dt.datetime.now(dt.timezone.utc))
    except UNUSABLE as exc:
        raise OcspError(f"unusable response: {type(exc).__name__}") from exc


def _read_response(der, cert, issuer, nonce, now) -> Answer:
    response = ocsp.load_der_ocsp_response(der)
    if response.response_status != ocsp.OCSPResponseStatus.SUCCESSFUL:
        raise OcspError(f"responder status {response.response_status.name}")
    for signer in _signers(response, issuer, now):
        try:
            _verify(signer.public_key(), response.signature, response.tbs_response_bytes,
                    response.signature_hash_algorithm)
            break
        except (InvalidSignature, *UNUSABLE):
            continue
    else:
        raise OcspError("response not signed by the issuer or its responder")
    if nonce is not None:
        try:
            echoed = response.extensions.get_extension_for_class(x509.OCSPNonce).value.nonce
        except x509.ExtensionNotFound:
            echoed = None   # many responders send pre-signed answers without a nonce: freshness below
        if echoed is not None and echoed != nonce:
            raise OcspError("nonce mismatch")
    for single in response.responses:
        if (single.serial_number, single.issuer_name_hash, single.issuer_key_hash) != (
                cert.serial_number, *_issuer_hashes(issuer, single.hash_algorithm)):
            continue
        if single.this_update_utc > now + SKEW:
            raise OcspError("answer from the future")
        until = single.next_update_utc or single.this_update_utc + MAX_AGE
        if now > until + SKEW:
            raise OcspError("stale answer")
        return Answer({ocsp.OCSPCertStatus.GOOD: GOOD, ocsp.OCSPCertStatus.REVOKED: REVOKED}.get(
            single.certificate_status, UNKNOWN), until)
    raise OcspError("no answer about this certificate")


def answer(request_der: bytes, ca_cert: x509.Certificate, ca_key,
           revoked: Callable[[int], dt.datetime | None], now: dt.datetime | None = None,
           validity: dt.timedelta = dt.timedelta(hours=1)) -> bytes:
    """A responder for one CA: the signed answer to a DER request. `revoked(serial)` gives the
    revocation time of a certificate this CA revoked, or None. A request it cannot use (unreadable,
    an unknown hash, a negative serial) gets 'malformedRequest'."""
    try:
        return _answer(request_der, ca_cert, ca_key, revoked, now or dt.datetime.now(dt.timezone.utc), validity)
    except UNUSABLE:
        return ocsp.OCSPResponseBuilder.build_unsuccessful(
            ocsp.OCSPResponseStatus.MALFORMED_REQUEST).public_bytes(Encoding.DER)


def _answer(request_der, ca_cert, ca_key, revoked, now, validity) -> bytes:
    request = ocsp.load_der_ocsp_request(request_der)
    algorithm = request.hash_algorithm
    if request.serial_number < 0:
        raise ValueError("negative serial")
    ours = (request.issuer_name_hash, request.issuer_key_hash) == _issuer_hashes(ca_cert, algorithm)
    revoked_at = revoked(request.serial_number) if ours else None
    status = (ocsp.OCSPCertStatus.UNKNOWN if not ours else
              ocsp.OCSPCertStatus.REVOKED if revoked_at else ocsp.OCSPCertStatus.GOOD)
    builder = (ocsp.OCSPResponseBuilder()
               .add_response_by_hash(request.issuer_name_hash, request.issuer_key_hash, request.serial_number,
                                     algorithm, status, now, now + validity, revoked_at,
                                     x509.ReasonFlags.key_compromise if revoked_at else None)
               .responder_id(ocsp.OCSPResponderEncoding.HASH, ca_cert))
    try:
        builder = builder.add_extension(request.extensions.get_extension_for_class(x509.OCSPNonce).value,
                                        critical=False)
    except x509.ExtensionNotFound:
        pass
    return builder.sign(ca_key, hashes.SHA256()).public_bytes(Encoding.DER)


def _issuer_hashes(issuer: x509.Certificate, algorithm) -> tuple[bytes, bytes]:
    """CertID's issuerNameHash and issuerKeyHash for `issuer` under `algorithm`, as cryptography's own
    request builder computes them (the issuer stands in for the certificate: only its hashes are used)."""
    request = ocsp.OCSPRequestBuilder().add_certificate(issuer, issuer, algorithm).build()
    return request.issuer_name_hash, request.issuer_key_hash
