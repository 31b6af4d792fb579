"""The server-side state of a registration (3-1 금융인증서, 3-2 타기관 클라우드 인증서)."""
from __future__ import annotations

import datetime as dt

from peewee import BooleanField, CharField, DateTimeField, ForeignKeyField, TextField

from ..db import BaseModel
from .member import Member

# A flow may revisit any step up to its own, never beyond (manual 3-1/3-2: ①본인확인 → ②추가인증 → ③등록).
STEPS = ("identity", "overseas", "verify", "cloud", "done")


class CertFlow(BaseModel):
    key_hash = CharField(max_length=64, unique=True)
    purpose = CharField()                       # fin31 | cloud32
    member = ForeignKeyField(Member, null=True, on_delete="CASCADE")
    step = CharField(default="identity")
    overseas = BooleanField(default=False)      # the 본인확인 came from an overseas address
    country = CharField(default="")
    departure_consent_at = DateTimeField(null=True)
    departed = BooleanField(null=True)          # departure record found (None: not asked)
    verify_state = TextField(default="")        # the toolkit's handle for 추가인증
    verified_at = DateTimeField(null=True)
    created_at = DateTimeField(default=dt.datetime.now)
    last_seen = DateTimeField(default=dt.datetime.now)

    class Meta:
        table_name = "cert_flow"

    def reached(self, step: str) -> bool:
        return STEPS.index(step) <= STEPS.index(self.step)
