"""One-time codes (SMS and the like): hashed, short-lived, single use, voided after 5 wrong tries."""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from peewee import CharField, DateTimeField, IntegerField

from ..db import BaseModel, write_transaction
from ..security import attempts, crypto

MAX_WRONG = 5


class OneTimeCode(BaseModel):
    purpose = CharField(index=True)   # e.g. signup.phone
    subject = CharField(index=True)   # whose challenge: "flow:12", "member:3"
    target = CharField(default="")    # where it was sent (masked phone for display)
    code_hash = CharField(max_length=64)
    expires_at = DateTimeField()
    attempts = IntegerField(default=0)
    status = CharField(default="open")  # open | used | void | superseded
    created_at = DateTimeField(default=dt.datetime.now)

    class Meta:
        table_name = "one_time_code"


@dataclass
class CodeCheck:
    ok: bool
    reason: str = ""       # wrong | expired | void | none
    remaining: int = 0


def _hash(code: str, purpose: str, subject: str) -> str:
    # Keyed with the index key: a stolen table does not give away the 10^6 codes by brute force.
    msg = f"{purpose}\x00{subject}\x00{code}".encode()
    return hmac.new(crypto.keyring().index_key, msg, hashlib.sha256).hexdigest()


def issue(purpose: str, subject: str, target: str, seconds: int, digits: int = 6) -> tuple[OneTimeCode, str]:
    """A new code; earlier open codes of the same purpose and subject stop working."""
    code = "".join(secrets.choice("0123456789") for _ in range(digits))
    now = dt.datetime.now()
    with write_transaction():
        OneTimeCode.update(status="superseded").where(
            (OneTimeCode.purpose == purpose) & (OneTimeCode.subject == subject)
            & (OneTimeCode.status == "open")).execute()
        row = OneTimeCode.create(purpose=purpose, subject=subject, target=target,
                                 code_hash=_hash(code, purpose, subject),
                                 expires_at=now + dt.timedelta(seconds=seconds))
    return row, code


def latest(purpose: str, subject: str) -> OneTimeCode | None:
    return (OneTimeCode.select().where((OneTimeCode.purpose == purpose) & (OneTimeCode.subject == subject))
            .order_by(OneTimeCode.id.desc()).first())


def note_replay(purpose: str, subject: str, code: str) -> bool:
    """A code that was already accepted, typed again: refused by the caller, and logged here (ASVS 2.8.5)."""
    replayed = OneTimeCode.select().where(
        (OneTimeCode.purpose == purpose) & (OneTimeCode.subject == subject) & (OneTimeCode.status == "used")
        & (OneTimeCode.code_hash == _hash(code, purpose, subject))).exists()
    if replayed:
        from . import audit
        audit.record("code.replay", subject=f"{purpose} {subject}")
    return replayed


def check(purpose: str, subject: str, code: str, now: dt.datetime | None = None) -> CodeCheck:
    """Accept a code at most once, even when two requests race with the same code."""
    now = now or dt.datetime.now()
    row = latest(purpose, subject)
    if row is None or row.status in ("superseded", "used"):
        if row is not None:
            note_replay(purpose, subject, code)
        return CodeCheck(False, "none")
    if row.status == "void":
        return CodeCheck(False, "void")
    if row.expires_at <= now:
        return CodeCheck(False, "expired")
    try_no = reserve_try(row)   # counted before comparing (security/attempts.py)
    if not try_no:
        status = OneTimeCode.get_by_id(row.id).status
        if status in ("used", "superseded"):
            note_replay(purpose, subject, code)   # a racing request used it first, or a new one was sent
            return CodeCheck(False, "none")
        return CodeCheck(False, "void")
    if hmac.compare_digest(row.code_hash, _hash(code, purpose, subject)):
        if use(row):
            return CodeCheck(True)
        note_replay(purpose, subject, code)
        return CodeCheck(False, "none")
    note_replay(purpose, subject, code)       # an earlier, accepted code after a new one was sent
    return wrong_try(row, try_no)


def code_counter() -> attempts.Counter:
    """A code's wrong tries (security/attempts.py): the fifth voids it; a new code must be requested."""
    return attempts.Counter(OneTimeCode, OneTimeCode.attempts, MAX_WRONG,
                            usable=lambda: OneTimeCode.status == "open", lock=lambda: {OneTimeCode.status: "void"})


def reserve_try(row: OneTimeCode) -> int:
    """Count a try before the code is compared (here or by the provider); 0: refuse unchecked."""
    return attempts.reserve(code_counter(), row.id)


def wrong_try(row: OneTimeCode, try_no: int) -> CodeCheck:
    """A reserved try was wrong: the last one voids the code."""
    if try_no >= MAX_WRONG:
        attempts.settle_wrong(code_counter(), row.id, try_no)
        return CodeCheck(False, "void")
    return CodeCheck(False, "wrong", MAX_WRONG - try_no)


def use(row: OneTimeCode, code: str | None = None) -> bool:
    """Mark the code used; False when a racing request used it first. `code`: a code the provider
    accepted, hashed now so that typing it again is recognised as a replay."""
    fields = {"status": "used"}
    if code is not None:
        fields["code_hash"] = _hash(code, row.purpose, row.subject)
    return OneTimeCode.update(**fields).where(
        (OneTimeCode.id == row.id) & (OneTimeCode.status == "open")).execute() == 1


HELD_ELSEWHERE = "held-by-provider"   # code_hash of a code the provider issued and checks (PASS)


def record(purpose: str, subject: str, target: str, expires_at: dt.datetime) -> OneTimeCode:
    """A code issued and checked by an outside party: its lifetime, tries and use are kept here all
    the same. The marker hash is no HMAC of any code, so check() never accepts it."""
    with write_transaction():
        OneTimeCode.update(status="superseded").where(
            (OneTimeCode.purpose == purpose) & (OneTimeCode.subject == subject)
            & (OneTimeCode.status == "open")).execute()
        return OneTimeCode.create(purpose=purpose, subject=subject, target=target, code_hash=HELD_ELSEWHERE,
                                  expires_at=expires_at)
