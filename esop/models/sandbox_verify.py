"""The sandbox's simulated ARS calls and 1-won transfers (the outside parties' side)."""
from __future__ import annotations

import datetime as dt

from peewee import CharField, DateTimeField

from ..db import BaseModel
from .fields import EncryptedField


class SandboxArsCall(BaseModel):
    """A 'phone call' waiting for a person (or a test) to key in the digits and approve or decline."""
    reference = CharField(unique=True)
    phone = CharField()              # masked, as the call centre would log it
    digits = EncryptedField("sandbox.ars.digits")
    purpose = CharField(default="")
    status = CharField(default="pending")  # pending | approved | declined | mismatch
    created_at = DateTimeField(default=dt.datetime.now, index=True)
    answered_at = DateTimeField(null=True)

    class Meta:
        table_name = "sandbox_ars_call"


class SandboxTransfer(BaseModel):
    """A 1-won transfer the sandbox bank 'made'; the memo holds the code the member types back."""
    reference = CharField(unique=True)
    bank = CharField()
    account = CharField()            # masked
    holder = CharField(default="")
    memo = EncryptedField("sandbox.transfer.memo")
    amount = CharField(default="1")
    created_at = DateTimeField(default=dt.datetime.now, index=True)

    class Meta:
        table_name = "sandbox_transfer"
