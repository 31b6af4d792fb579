"""단말기 지정: apply/cancel the service, register/remove browsers. No Flask request here."""
from __future__ import annotations

import datetime as dt

from peewee import IntegrityError

from ..db import db
from ..models import audit
from ..models.device import DeviceService, TrustedDevice, device_of, new_token, service_on, token_hash
from ..models.member import Member
from ..mypage.alerts import device_label

NAME_MAX = 40


def unregistered(member: Member, token: str | None) -> bool:
    """Whether a login of this member from the browser holding `token` must pass 추가인증 first; a
    registered browser's last use is noted."""
    if not service_on(member):
        return False
    device = device_of(member, token)
    if device is None:
        return True
    TrustedDevice.update(last_used_at=dt.datetime.now()).where(TrustedDevice.id == device.id).execute()
    return False


def apply(member: Member, *, ip: str) -> None:
    try:
        with db.atomic():
            DeviceService.create(member=member)
            audit.record("device.service_applied", member=member, subject=member.user_id, ip=ip)
    except IntegrityError:
        return   # on already (the unique member is the database's word on a double click)


def cancel(member: Member, *, ip: str) -> None:
    with db.atomic():
        if DeviceService.delete().where(DeviceService.member == member).execute():
            audit.record("device.service_cancelled", member=member, subject=member.user_id, ip=ip)


def register(member: Member, name: str, *, user_agent: str, ip: str) -> str:
    """A new device of this member; returns the token for its cookie (only its HMAC is stored)."""
    token = new_token()
    name = (name or "").strip()[:NAME_MAX] or device_label(user_agent)
    with db.atomic():
        row = TrustedDevice.create(member=member, token_hash=token_hash(token), name=name)
        audit.record("device.registered", member=member, subject=member.user_id, ip=ip, user_agent=user_agent,
                     device=row.id)
    return token


def remove(member: Member, device_id: int, *, ip: str) -> bool:
    with db.atomic():
        gone = TrustedDevice.delete().where((TrustedDevice.id == device_id)
                                            & (TrustedDevice.member == member)).execute()
        if gone:
            audit.record("device.removed", member=member, subject=member.user_id, ip=ip, device=device_id)
    return bool(gone)
