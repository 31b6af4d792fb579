"""아이디 찾기 (issue 16): one browser's 실명확인 → 휴대폰 본인인증 → result, kept server-side (the RRN
never rides in the session cookie, which holds a random key; the row keeps it encrypted)."""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from peewee import CharField, DateField, DateTimeField

from ..db import BaseModel
from .fields import EncryptedField

SECONDS = 900   # the whole lookup, as long as a 추가인증 (VERIFY_FLOW_SECONDS' default)


class IdLookup(BaseModel):
    key_hash = CharField(max_length=64, unique=True)
    name = CharField()
    rrn = EncryptedField("id_lookup.rrn")   # 본인인증 by certificate checks its binding against it
    rrn_index = CharField()
    birth_date = DateField()
    sex = CharField()
    carrier = CharField(default="")
    mobile = CharField(default="")
    identity_at = DateTimeField(null=True)
    created_at = DateTimeField(default=dt.datetime.now, index=True)

    class Meta:
        table_name = "id_lookup"


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def create(**fields) -> tuple[IdLookup, str]:
    key = secrets.token_urlsafe(32)
    return IdLookup.create(key_hash=_digest(key), **fields), key


def find(key: str | None) -> IdLookup | None:
    if not key:
        return None
    row = IdLookup.get_or_none(IdLookup.key_hash == _digest(key))
    if row is None or row.created_at < dt.datetime.now() - dt.timedelta(seconds=SECONDS):
        return None
    return row
