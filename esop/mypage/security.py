"""보안: registered certificates, security media (masked), recent logins and the member's sessions."""
from __future__ import annotations

import hashlib
import json

from ..db import db
from ..models import audit
from ..models.audit import AuditEvent
from ..models.cert import KINDS, active_certificates
from ..models.media import accounts_of, active_card, active_otp, mask_account, spoken_account
from ..models.member import Member
from ..models import session as login_sessions
from ..models.session import LoginSession
from ..web import mask_ip
from .alerts import device_label

LOGIN_EVENTS = ("login.success", "login.failure", "login.locked", "login.refused_locked")
METHODS = {"password": "아이디/비밀번호", "certificate": "인증서", "passkey": "패스키"}
FAILURE_REASONS = {"password": "비밀번호 오류", "locked": "잠금 상태", "login.locked": "비밀번호 5회 오류로 잠김",
                   "login.refused_locked": "잠금 상태에서 시도", "passkey_invalid": "패스키 확인 실패",
                   "passkey_locked": "패스키 사용 중지"}


def page(member: Member, token: str) -> dict:
    """What 마이페이지 > 보안 shows (단말기 지정's section too: esop/devices renders it after a refused name)."""
    from ..devices.panel import panel   # here: esop/devices imports this package's forms
    from ..models.passkey import passkeys_of
    from .forms import EmptyForm
    return {"certificates": certificates(member), "media": media(member), "logins": recent_logins(member),
            "sessions": sessions(member, token), "form": EmptyForm(formdata=None),
            "passkey_count": len(passkeys_of(member)), **panel(member)}


def certificates(member: Member) -> list[dict]:
    return [{"kind": KINDS.get(c.kind, c.kind), "issuer": c.issuer, "serial_tail": c.serial[-6:],
             "not_after": c.not_after, "registered_at": c.registered_at} for c in active_certificates(member)]


def media(member: Member) -> list[dict]:
    """Each medium named and masked; a secret never reaches the template."""
    out = [{"kind": "예수금계좌", "masked": mask_account(a.number), "spoken": spoken_account(a.number),
            "note": " ".join(x for x in (a.label, "주거래" if a.is_primary else "") if x), "locked": a.locked}
           for a in accounts_of(member)]
    otp = active_otp(member)
    if otp:
        out.append({"kind": "OTP", "masked": "*" * (len(otp.serial) - 4) + otp.serial[-4:],
                    "spoken": f"일련번호 끝 4자리 {otp.serial[-4:]}", "note": "", "locked": otp.locked})
    card = active_card(member)
    if card:
        tail = card.serial[-3:]
        out.append({"kind": "보안카드", "masked": "*****" + tail, "spoken": f"일련번호 끝 3자리 {tail}",
                    "note": "", "locked": card.locked})
    return out


def recent_logins(member: Member, limit: int = 20) -> list[dict]:
    rows = (AuditEvent.select().where((AuditEvent.member == member) & AuditEvent.event.in_(LOGIN_EVENTS))
            .order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc()).limit(limit))
    out = []
    for r in rows:
        try:
            detail = json.loads(r.detail or "{}")
        except ValueError:
            detail = {}
        ok = r.event == "login.success"
        method = detail.get("method") or ("certificate" if detail.get("kind") else "password")
        reason = "" if ok else FAILURE_REASONS.get(r.event if r.event != "login.failure" else detail.get("reason"),
                                                   "실패")
        out.append({"at": r.created_at, "ok": ok, "method": METHODS.get(method, method), "ip": mask_ip(r.ip),
                    "device": device_label(r.user_agent), "reason": reason})
    return out


def token_hash(token: str | None) -> str:
    return hashlib.sha256((token or "").encode()).hexdigest()


def sessions(member: Member, current_token: str | None) -> list[dict]:
    mine = token_hash(current_token)
    rows = LoginSession.select().where(LoginSession.member == member).order_by(LoginSession.last_seen.desc())
    return [{"current": s.token_hash == mine, "method": METHODS.get(s.method, s.method), "ip": mask_ip(s.ip),
             "device": device_label(s.user_agent), "created_at": s.created_at, "last_seen": s.last_seen}
            for s in rows]


def end_other_sessions(member: Member, current_token: str | None, *, ip: str) -> int:
    others = (LoginSession.member == member) & (LoginSession.token_hash != token_hash(current_token))
    with db.atomic():
        login_sessions.record_ended([s.token_hash for s in LoginSession.select(LoginSession.token_hash)
                                     .where(others)], "other_device")
        ended = LoginSession.delete().where(others).execute()
        audit.record("account.other_sessions_ended", member=member, subject=member.user_id, ip=ip, count=ended)
    return ended
