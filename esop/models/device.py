"""단말기 지정 (issue 16): the browsers a member registered, and whether the member applied for the
service. Only an HMAC of the device cookie's token is stored, bound to the member: a token copied
from another member's browser names no device of this one."""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from peewee import CharField, DateTimeField, ForeignKeyField

from ..db import BaseModel
from ..security import crypto
from .member import Member


class DeviceService(BaseModel):
    """단말기 지정 서비스 신청: one row while the member has it on."""
    member = ForeignKeyField(Member, unique=True, on_delete="CASCADE")
    applied_at = DateTimeField(default=dt.datetime.now)

    class Meta:
        table_name = "device_service"


class TrustedDevice(BaseModel):
    member = ForeignKeyField(Member, backref="devices", on_delete="CASCADE")
    token_hash = CharField(max_length=64, unique=True)
    name = CharField(max_length=40)
    created_at = DateTimeField(default=dt.datetime.now)
    last_used_at = DateTimeField(default=dt.datetime.now)

    class Meta:
        table_name = "trusted_device"


def token_hash(token: str) -> str:
    return hmac.new(crypto.keyring().index_key, f"device\x00{token}".encode(), hashlib.sha256).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


def service_on(member: Member) -> bool:
    return DeviceService.select().where(DeviceService.member == member).exists()


def device_of(member: Member, token: str | None) -> TrustedDevice | None:
    """This member's device the cookie names; None for no cookie, another member's, or a removed one."""
    if not token or len(token) > 100:
        return None
    return TrustedDevice.get_or_none((TrustedDevice.member == member) & (TrustedDevice.token_hash == token_hash(token)))


def devices_of(member: Member) -> list[TrustedDevice]:
    return list(TrustedDevice.select().where(TrustedDevice.member == member).order_by(TrustedDevice.created_at))
