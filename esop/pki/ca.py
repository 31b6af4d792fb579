"""Certificate authorities: the sandbox CAs (generated on first run) and the trusted set."""
from __future__ import annotations

import datetime as dt
import os

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID, ObjectIdentifier
from peewee import IntegrityError

from ..db import db
from ..models.cert import CertAuthority
from . import binding

# Sandbox stand-ins for 금융결제원 (yessign, 금융인증서) and 코스콤 (SignKorea, 공동인증서);
# "rogue" is a CA nobody trusts, so the refusal of a foreign chain can be shown and tested.
CA_NAMES = {
    "financial": ("esop-sandbox-yessign", "esop 샌드박스 금융인증서 CA"),
    "joint": ("esop-sandbox-SignKorea", "esop 샌드박스 공동인증서 CA"),
    "rogue": ("esop-sandbox-untrusted", "esop 샌드박스 미신뢰 CA"),
}
# Certificate policy OIDs of the real issuers' personal certificates (범용 개인).
POLICIES = {"financial": "1.2.410.200005.1.1.1", "joint": "1.2.410.200004.5.1.1.5",
            "rogue": "1.2.410.200004.5.1.1.5"}


def _name(kind: str) -> x509.Name:
    org, cn = CA_NAMES[kind]
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "KR"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
                      x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _new_ca(kind: str) -> tuple[str, str]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(_name(kind)).issuer_name(_name(kind))
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False,
                                         key_encipherment=False, data_encipherment=False, key_agreement=False,
                                         key_cert_sign=True, crl_sign=True, encipher_only=False,
                                         decipher_only=False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .sign(key, hashes.SHA256()))
    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode()
    return cert.public_bytes(serialization.Encoding.PEM).decode(), key_pem


def sandbox_ca(kind: str) -> CertAuthority:
    """The sandbox CA of a kind, created the first time it is needed (two processes: one wins)."""
    row = CertAuthority.get_or_none(CertAuthority.kind == kind)
    if row is not None:
        return row
    cert_pem, key_pem = _new_ca(kind)
    try:
        with db.atomic():
            return CertAuthority.create(kind=kind, cert_pem=cert_pem, key_pem=key_pem)
    except IntegrityError:
        return CertAuthority.get(CertAuthority.kind == kind)


def sandbox_issuer_of(cert: x509.Certificate) -> CertAuthority | None:
    """The sandbox CA named as `cert`'s issuer, if any. Only a name match: the signature is the chain
    check's business, and an OCSP answer signed by the wrong key is refused when it is read."""
    for row in CertAuthority.select():
        if x509.load_pem_x509_certificate(row.cert_pem.encode()).subject == cert.issuer:
            return row
    return None


def trusted_roots(config) -> list[x509.Certificate]:
    """CA certificates from ESOP_TRUSTED_CA_FILE, plus the two sandbox CAs when the sandbox is on."""
    roots = []
    path = config.get("TRUSTED_CA_FILE") or ""
    if path and os.path.exists(path):
        with open(path, "rb") as fh:
            roots.extend(x509.load_pem_x509_certificates(fh.read()))
    if config.get("SANDBOX"):
        for kind in ("financial", "joint"):
            roots.append(x509.load_pem_x509_certificate(sandbox_ca(kind).cert_pem.encode()))
    return roots


def issue(kind: str, *, name: str, rrn_digits: str, institution: str, days_valid: int = 365,
          expired: bool = False) -> tuple[x509.Certificate, rsa.RSAPrivateKey, bytes]:
    """A personal certificate from the sandbox CA of `kind`: (certificate, private key, binding secret R)."""
    ca_row = sandbox_ca(kind)
    ca_cert = x509.load_pem_x509_certificate(ca_row.cert_pem.encode())
    ca_key = serialization.load_pem_private_key(ca_row.key_pem.encode(), password=None)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    secret = os.urandom(20)
    serial = x509.random_serial_number()
    now = dt.datetime.now(dt.timezone.utc)
    start = now - dt.timedelta(days=days_valid + 30) if expired else now - dt.timedelta(minutes=5)
    end = now - dt.timedelta(days=30) if expired else now + dt.timedelta(days=days_valid)
    org = CA_NAMES[kind][0]
    subject = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "KR"),
                         x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
                         x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "personal4IB"),
                         x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, institution),
                         x509.NameAttribute(NameOID.COMMON_NAME, f"{name}(){serial % 10**10:010d}")])
    identify = binding.encode_identify_data(name, binding.virtual_id(rrn_digits, secret))
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(ca_cert.subject)
            .public_key(key.public_key()).serial_number(serial)
            .not_valid_before(start).not_valid_after(end)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True,
                                         key_encipherment=False, data_encipherment=False, key_agreement=False,
                                         key_cert_sign=False, crl_sign=False, encipher_only=False,
                                         decipher_only=False), critical=True)
            .add_extension(x509.CertificatePolicies([x509.PolicyInformation(
                ObjectIdentifier(POLICIES[kind]), None)]), critical=False)
            .add_extension(x509.SubjectAlternativeName([x509.OtherName(binding.IDENTIFY_DATA, identify)]),
                           critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
                           critical=False)
            .add_extension(x509.AuthorityInformationAccess([x509.AccessDescription(
                x509.AuthorityInformationAccessOID.OCSP,
                x509.UniformResourceIdentifier(f"http://ocsp.{org}.sandbox.invalid/"))]), critical=False)
            .sign(ca_key, hashes.SHA256()))
    return cert, key, secret


def holder_name(cert: x509.Certificate) -> str:
    """The subject CN as shown to members (홍길동()0012345678)."""
    attrs = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return attrs[0].value if attrs else cert.subject.rfc4514_string()


def issuer_name(cert: x509.Certificate) -> str:
    attrs = cert.issuer.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)
    return attrs[0].value if attrs else cert.issuer.rfc4514_string()


def fingerprint(cert: x509.Certificate) -> str:
    return cert.fingerprint(hashes.SHA256()).hex()
