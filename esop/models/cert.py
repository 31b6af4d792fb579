"""Certificates on our side: CA keys (sandbox), login challenges, verified proofs, registrations."""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from peewee import CharField, DateTimeField, ForeignKeyField, TextField

from ..db import BaseModel, db
from .fields import EncryptedField
from .member import Member

KINDS = {"financial": "금융인증서", "joint": "클라우드 공동인증서"}


class CertAuthority(BaseModel):
    """A sandbox CA (generated on first run); its private key is encrypted like any personal data."""
    kind = CharField(unique=True)      # financial | joint | rogue (never trusted: for refusal tests)
    cert_pem = TextField()
    key_pem = EncryptedField("ca.key")
    created_at = DateTimeField(default=dt.datetime.now)

    class Meta:
        table_name = "cert_authority"


class CertChallenge(BaseModel):
    """A fresh nonce to be signed (ASVS 2.9.2: ≥64 bits, unique, single use); stored hashed."""
    nonce_hash = CharField(max_length=64, unique=True)
    purpose = CharField()
    expires_at = DateTimeField()
    used_at = DateTimeField(null=True)
    created_at = DateTimeField(default=dt.datetime.now)

    class Meta:
        table_name = "cert_challenge"


class CertProof(BaseModel):
    """A verified signature (chain, dates, signature and challenge already checked), waiting for the
    step that consumes it to check the identity binding against an RRN. Single use, short-lived."""
    token_hash = CharField(max_length=64, unique=True)
    purpose = CharField()
    kind = CharField()
    fingerprint = CharField(max_length=64)
    cert_pem = TextField()
    binding_secret = EncryptedField("certproof.secret")
    expires_at = DateTimeField()
    used_at = DateTimeField(null=True)

    class Meta:
        table_name = "cert_proof"


class RegisteredCertificate(BaseModel):
    member = ForeignKeyField(Member, backref="certificates", on_delete="CASCADE")
    kind = CharField()
    fingerprint = CharField(max_length=64, index=True)
    serial = CharField()
    subject = CharField()
    issuer = CharField()
    not_after = DateTimeField()
    cert_pem = TextField()
    status = CharField(default="active")   # active | replaced | unregistered
    registered_at = DateTimeField(default=dt.datetime.now)
    ended_at = DateTimeField(null=True)

    class Meta:
        table_name = "registered_certificate"


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def new_challenge(purpose: str, seconds: int = 180) -> tuple[CertChallenge, str]:
    nonce = secrets.token_hex(32)  # 256 bits
    row = CertChallenge.create(nonce_hash=_digest(nonce), purpose=purpose,
                               expires_at=dt.datetime.now() + dt.timedelta(seconds=seconds))
    return row, nonce


def consume_challenge(nonce: str, purpose: str) -> bool:
    """True exactly once per nonce, only before it expires; a race gives one winner."""
    won = CertChallenge.update(used_at=dt.datetime.now()).where(
        (CertChallenge.nonce_hash == _digest(nonce)) & (CertChallenge.purpose == purpose)
        & CertChallenge.used_at.is_null() & (CertChallenge.expires_at > dt.datetime.now())).execute()
    return won == 1


def store_proof(purpose: str, kind: str, fingerprint: str, cert_pem: str, secret: bytes,
                seconds: int = 300) -> str:
    token = secrets.token_urlsafe(32)
    CertProof.create(token_hash=_digest(token), purpose=purpose, kind=kind, fingerprint=fingerprint,
                     cert_pem=cert_pem, binding_secret=secret.hex(),
                     expires_at=dt.datetime.now() + dt.timedelta(seconds=seconds))
    return token


def take_proof(token: str, purpose: str) -> CertProof | None:
    """The proof for a token, marked used; None when unknown, used, expired or for another purpose."""
    if not token:
        return None
    with db.atomic():
        row = CertProof.get_or_none((CertProof.token_hash == _digest(token)) & (CertProof.purpose == purpose))
        if row is None or row.used_at is not None or row.expires_at <= dt.datetime.now():
            return None
        won = CertProof.update(used_at=dt.datetime.now()).where(
            (CertProof.id == row.id) & CertProof.used_at.is_null()).execute()
    return row if won == 1 else None


def active_certificates(member: Member):
    return (RegisteredCertificate.select()
            .where((RegisteredCertificate.member == member) & (RegisteredCertificate.status == "active"))
            .order_by(RegisteredCertificate.kind, RegisteredCertificate.registered_at.desc()))


def registration_by_fingerprint(fingerprint: str, kind: str) -> RegisteredCertificate | None:
    return (RegisteredCertificate.select(RegisteredCertificate, Member).join(Member)
            .where((RegisteredCertificate.fingerprint == fingerprint) & (RegisteredCertificate.kind == kind)
                   & (RegisteredCertificate.status == "active")).first())
