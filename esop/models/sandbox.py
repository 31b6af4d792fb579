"""What the sandbox adapters send and the switches that steer them, shared through the database."""
from __future__ import annotations

import datetime as dt

from peewee import CharField, DateTimeField, TextField

from ..db import BaseModel


class SandboxMessage(BaseModel):
    """An SMS the sandbox 'sent': shown in the sandbox console and its JSON for scripts."""
    to = CharField(index=True)  # normalized phone, e.g. 010-1234-5678
    body = TextField()
    code = CharField(default="")
    purpose = CharField(default="")
    created_at = DateTimeField(default=dt.datetime.now, index=True)

    class Meta:
        table_name = "sandbox_message"


class SandboxSwitch(BaseModel):
    name = CharField(unique=True)
    value = CharField(default="")

    class Meta:
        table_name = "sandbox_switch"


def switch_on(name: str) -> bool:
    row = SandboxSwitch.get_or_none(SandboxSwitch.name == name)
    return bool(row and row.value == "on")


def set_switch(name: str, on: bool) -> None:
    (SandboxSwitch.insert(name=name, value="on" if on else "off")
     .on_conflict(conflict_target=[SandboxSwitch.name], update={SandboxSwitch.value: "on" if on else "off"})
     .execute())


class SandboxRevocation(BaseModel):
    """A certificate the sandbox CA of `ca_kind` has revoked; its OCSP responder answers 'revoked'."""
    ca_kind = CharField()
    serial = CharField()   # hex, as WalletCertificate.serial
    revoked_at = DateTimeField(default=dt.datetime.now)

    class Meta:
        table_name = "sandbox_revocation"
        indexes = ((("ca_kind", "serial"), True),)
