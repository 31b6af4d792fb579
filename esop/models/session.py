"""Server-side login sessions: the cookie carries only a random token, so sessions can be ended."""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from peewee import CharField, DateTimeField, ForeignKeyField

from ..db import BaseModel
from .member import Member


class LoginSession(BaseModel):
    token_hash = CharField(max_length=64, unique=True)  # sha256 of the cookie token
    member = ForeignKeyField(Member, backref="sessions", on_delete="CASCADE")
    method = CharField(default="password")
    ip = CharField(default="")
    user_agent = CharField(default="")
    created_at = DateTimeField(default=dt.datetime.now)
    last_seen = DateTimeField(default=dt.datetime.now)

    class Meta:
        table_name = "login_session"


class EndedLoginSession(BaseModel):
    """A session ended by the member from another device: read once by that device, to say why."""
    token_hash = CharField(max_length=64, unique=True)
    reason = CharField()   # other_device
    ended_at = DateTimeField(default=dt.datetime.now)

    class Meta:
        table_name = "ended_login_session"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start(member: Member, *, method: str, ip: str, user_agent: str) -> str:
    token = secrets.token_urlsafe(32)
    LoginSession.create(token_hash=_digest(token), member=member, method=method, ip=ip,
                        user_agent=user_agent[:250])
    return token


def find(token: str, idle_seconds: int, absolute_seconds: int = 43200) -> LoginSession | None:
    """The live session for a token, touching last_seen; None when unknown, idle too long, or too old."""
    row = (LoginSession.select(LoginSession, Member).join(Member)
           .where(LoginSession.token_hash == _digest(token)).first())
    if row is None:
        return None
    now = dt.datetime.now()
    if (now - row.last_seen > dt.timedelta(seconds=idle_seconds)
            or now - row.created_at > dt.timedelta(seconds=absolute_seconds)):
        row.delete_instance()
        return None
    LoginSession.update(last_seen=now).where(LoginSession.id == row.id).execute()
    return row


def end(token: str) -> None:
    LoginSession.delete().where(LoginSession.token_hash == _digest(token)).execute()


def record_ended(token_hashes: list[str], reason: str) -> None:
    if token_hashes:
        EndedLoginSession.insert_many([{"token_hash": h, "reason": reason} for h in token_hashes]
                                      ).on_conflict_ignore().execute()


def ended_reason(token: str) -> str | None:
    """Why this (gone) session ended, told once; None for an idle or unknown one."""
    row = EndedLoginSession.get_or_none(EndedLoginSession.token_hash == _digest(token))
    if row is None:
        return None
    row.delete_instance()
    return row.reason
