"""마이페이지 > 보안 > 단말기 지정: what the section shows (this browser marked, never a token)."""
from __future__ import annotations

from ..models.device import devices_of, service_on, token_hash
from ..models.member import Member
from . import gate
from .forms import DeviceNameForm


def panel(member: Member, device_form: DeviceNameForm | None = None) -> dict:
    token = gate.cookie_token()
    here = token_hash(token) if token and len(token) <= 100 else ""
    devices = [{"id": d.id, "name": d.name, "created_at": d.created_at, "last_used_at": d.last_used_at,
                "current": d.token_hash == here} for d in devices_of(member)]
    return {"device_service": service_on(member), "devices": devices, "device_verified": gate.verified(),
            "device_form": device_form or DeviceNameForm(formdata=None)}
