"""The sign-up wizard's server-side state; the session holds only a random key to it."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets

from peewee import CharField, DateField, DateTimeField, ForeignKeyField, TextField

from ..db import BaseModel, sql_once
from .fields import EncryptedField
from .member import Member

# Steps in order (manual 2-1 … 2-5). A flow may revisit any step up to its own, never beyond.
STEPS = ("terms", "consent", "realname", "profile", "done")


class SignupFlow(BaseModel):
    key_hash = CharField(max_length=64, unique=True)
    step = CharField(default="terms")
    name = CharField(default="")
    rrn = EncryptedField("flow.rrn", null=True)
    rrn_index = CharField(default="")
    birth_date = DateField(null=True)
    sex = CharField(default="")
    foreigner = CharField(default="")
    realname_at = DateTimeField(null=True)
    carrier = CharField(default="")
    mobile = CharField(default="")
    identity_at = DateTimeField(null=True)
    viewed = TextField(default="[]")              # slugs whose full text was opened
    draft = EncryptedField("flow.draft", null=True)  # typed 2-4 values kept between no-JS round trips
    member = ForeignKeyField(Member, null=True, on_delete="SET NULL")
    created_at = DateTimeField(default=dt.datetime.now)
    last_seen = DateTimeField(default=dt.datetime.now)

    class Meta:
        table_name = "signup_flow"

    @property
    def step_index(self) -> int:
        return STEPS.index(self.step)

    def reached(self, step: str) -> bool:
        return STEPS.index(step) <= self.step_index

    def viewed_slugs(self) -> set[str]:
        return set(json.loads(self.viewed or "[]"))

    def draft_values(self) -> dict:
        return json.loads(self.draft) if self.draft else {}


def digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def start_flow() -> tuple[SignupFlow, str]:
    key = secrets.token_urlsafe(32)
    return SignupFlow.create(key_hash=digest(key)), key


def flow_by_key(key: str) -> SignupFlow | None:
    """Every wizard request starts here (fragments included), so the SQL is composed once."""
    sql = sql_once("flow_by_key", lambda: SignupFlow.select().where(SignupFlow.key_hash == ""))
    rows = list(SignupFlow.raw(sql, digest(key)))  # key_hash is unique: one row or none
    return rows[0] if rows else None
