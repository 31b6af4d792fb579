"""Passkeys (WebAuthn, issue 16): a member's registered credentials and the server-side challenges of
each ceremony. A challenge lives in the database, not the session cookie, so a saved cookie cannot
replay a used one: it is taken once with a conditional UPDATE (WebAuthn L3 §13.4.3)."""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from peewee import BlobField, CharField, DateTimeField, ForeignKeyField, IntegerField

from ..db import BaseModel
from ..security.attempts import Counter
from .member import Member


class PasskeyCredential(BaseModel):
    member = ForeignKeyField(Member, backref="passkeys", on_delete="CASCADE")
    credential_id = CharField(max_length=1400, unique=True)  # base64url of up to 1023 bytes (WebAuthn §5.8.3)
    public_key = BlobField()                 # COSE key from the attestation (public: nothing to hide)
    sign_count = IntegerField(default=0)     # the authenticator's counter; it must grow (0 = none kept)
    name = CharField(max_length=40)          # the member's own words for it ("회사 노트북")
    transports = CharField(default="")       # comma-separated hints for the browser ("internal,hybrid")
    failures = IntegerField(default=0)       # consecutive refused assertions (security/attempts.py)
    locked_at = DateTimeField(null=True)     # 5 refused in a row: this passkey no longer signs in
    created_at = DateTimeField(default=dt.datetime.now)
    last_used_at = DateTimeField(null=True)

    class Meta:
        table_name = "passkey_credential"


class PasskeyChallenge(BaseModel):
    key_hash = CharField(max_length=64, unique=True)  # sha256 of the session's handle, never the handle
    purpose = CharField()                    # "login" or "register"
    member = ForeignKeyField(Member, null=True, on_delete="CASCADE")  # register: whose; login: nobody yet
    challenge = BlobField()
    expires_at = DateTimeField()
    used_at = DateTimeField(null=True)

    class Meta:
        table_name = "passkey_challenge"
        indexes = ((("expires_at",), False),)


def credential_counter(limit: int) -> Counter:
    """Each passkey's own refused assertions, counted like every other secret (security/attempts.py)."""
    return Counter(PasskeyCredential, PasskeyCredential.failures, limit,
                   usable=lambda: PasskeyCredential.locked_at.is_null(),
                   lock=lambda: {PasskeyCredential.locked_at: dt.datetime.now()})


def passkeys_of(member: Member) -> list[PasskeyCredential]:
    return list(PasskeyCredential.select().where(PasskeyCredential.member == member)
                .order_by(PasskeyCredential.created_at, PasskeyCredential.id))


def passkey_by_credential_id(credential_id: str) -> PasskeyCredential | None:
    return (PasskeyCredential.select(PasskeyCredential, Member).join(Member)
            .where(PasskeyCredential.credential_id == credential_id).first())


def _digest(handle: str) -> str:
    return hashlib.sha256(handle.encode()).hexdigest()


def issue_challenge(purpose: str, member: Member | None, seconds: int) -> tuple[str, bytes]:
    """A fresh challenge; returns (the handle the session keeps, the challenge bytes)."""
    handle, challenge = secrets.token_urlsafe(32), secrets.token_bytes(32)
    now = dt.datetime.now()
    PasskeyChallenge.delete().where(PasskeyChallenge.expires_at < now).execute()  # stale ones, any member
    PasskeyChallenge.create(key_hash=_digest(handle), purpose=purpose, member=member, challenge=challenge,
                            expires_at=now + dt.timedelta(seconds=seconds))
    return handle, challenge


def take_challenge(handle: str, purpose: str, member: Member | None = None) -> bytes | None:
    """The challenge once: the request whose conditional UPDATE wins gets it; a replay, a late or an
    expired one gets None."""
    if not handle:
        return None
    now, key = dt.datetime.now(), _digest(handle)
    where = ((PasskeyChallenge.key_hash == key) & (PasskeyChallenge.purpose == purpose)
             & PasskeyChallenge.used_at.is_null() & (PasskeyChallenge.expires_at > now))
    if member is not None:
        where &= PasskeyChallenge.member == member
    if PasskeyChallenge.update(used_at=now).where(where).execute() != 1:
        return None
    return bytes(PasskeyChallenge.get(PasskeyChallenge.key_hash == key).challenge)
