"""보안 알림: turn alerting audit records into security events and SMS; 본인이 아닙니다 locks the account.

Scanning the audit log (instead of hooks in every flow) means a lockout in 인증센터 or a password
reset in 비밀번호 재등록 raises the same alert as one here, with nobody having to remember to.
"""
from __future__ import annotations

import datetime as dt
import json
import logging

from peewee import JOIN, IntegrityError

from .. import codes, outbox
from ..adapters import ProviderError, adapters
from ..db import db
from ..models import audit
from ..models.audit import AuditEvent
from ..models.member import Member
from ..models.security_event import SecurityEvent
from ..models.session import LoginSession
from ..results import FieldError
from ..web import mask_ip

log = logging.getLogger(__name__)

LOCK_EVENTS = {"login.locked": "로그인 비밀번호", "verify.account.locked": "예수금계좌 비밀번호",
               "verify.otp.locked": "OTP", "verify.card.locked": "보안카드"}
PASSWORD_EVENTS = ("account.password_changed", "recovery.password_reset")
CONTACT_NAMES = {"email": "이메일 주소", "home_phone": "자택전화번호", "work_phone": "직장전화번호"}
SCANNED = ("login.success", "cert.registered", "account.mobile_changed", "account.contact_changed",
           "login.unregistered_device", *LOCK_EVENTS, *PASSWORD_EVENTS)
# Kinds whose SMS the flow sent itself: a mobile change is told to the old number (mypage/profile.py),
# which the member record no longer holds.
TEXTED_BY_THE_FLOW = {"mobile_changed"}
SCAN_WINDOW = dt.timedelta(hours=24)   # older records are history, not news
CERT_NAMES = {"financial": "금융인증서", "joint": "클라우드 공동인증서"}
HELP = "본인이 아니면 마이페이지 > 보안 알림에서 '본인이 아닙니다'를 누르시거나 고객센터(1544-8333)로 연락해 주십시오."
# A locked login cannot open 마이페이지 (account/gate.py): its text points to 비밀번호 재등록, which needs
# no login. A path, not url_for: the alert may be built outside a request (the outbox worker's scan).
LOCKED_HELP = ("로그인 화면의 '비밀번호 재등록(잠금 해제)'(/account-recovery/)에서 본인확인 후 잠금을 푸시거나 "
               "고객센터(1544-8333)로 연락해 주십시오.")


def device_label(user_agent: str) -> str:
    """A coarse, stable name of the browser and system ("Chrome · Windows"): versions change daily."""
    ua = user_agent or ""
    browser = next((name for token, name in (("Edg/", "Edge"), ("Whale/", "Whale"), ("SamsungBrowser", "삼성 인터넷"),
                                             ("Firefox/", "Firefox"), ("Chrome/", "Chrome"), ("Safari/", "Safari"))
                    if token in ua), "알 수 없는 브라우저")
    system = next((name for token, name in (("Android", "Android"), ("iPhone", "iOS"), ("iPad", "iOS"),
                                            ("Windows", "Windows"), ("Mac OS X", "macOS"), ("Linux", "Linux"))
                   if token in ua), "알 수 없는 기기")
    return f"{browser} · {system}"


def _detail(event: AuditEvent) -> dict:
    try:
        return json.loads(event.detail or "{}")
    except ValueError:
        return {}


def _is_new_device(event: AuditEvent, label: str) -> bool:
    earlier = (AuditEvent.select(AuditEvent.user_agent).distinct()
               .where((AuditEvent.member == event.member_id) & (AuditEvent.event == "login.success")
                      & (AuditEvent.id < event.id)).limit(200))
    seen = {device_label(row.user_agent) for row in earlier}
    # The first login after sign-up has nothing to compare with: it sets the baseline.
    return bool(seen) and label not in seen


def _abroad(ip: str) -> str | None:
    geoip = getattr(adapters(), "geoip", None)
    if geoip is None or not ip:
        return None
    try:
        country = geoip.country(ip)
    except ProviderError:
        return None
    return country if country and country != "KR" else None


def classify(event: AuditEvent) -> tuple[str, str]:
    """(kind, Korean summary) of an audit record; ("", "") when it is no news to the member."""
    if event.event == "login.success":
        label = device_label(event.user_agent)
        country = _abroad(event.ip)
        if country:
            return "abroad", f"해외({country})에서 로그인되었습니다. ({label})"
        if _is_new_device(event, label):
            return "new_device", f"새 기기 또는 브라우저에서 로그인되었습니다. ({label})"
        return "", ""
    if event.event == "login.unregistered_device":   # 단말기 지정 on: esop/devices/gate.py held it
        return "unregistered_device", f"지정하지 않은 단말기에서 로그인을 시도했습니다. ({device_label(event.user_agent)})"
    if event.event in LOCK_EVENTS:
        return "lockout", f"{LOCK_EVENTS[event.event]}를 5회 잘못 입력하여 잠겼습니다."
    if event.event == "cert.registered":
        name = CERT_NAMES.get(_detail(event).get("kind"), "인증서")
        return "cert_registered", f"{name}가 등록되었습니다."
    if event.event in PASSWORD_EVENTS:
        return "password_changed", "로그인 비밀번호가 변경되었습니다."
    if event.event == "account.mobile_changed":
        return "mobile_changed", "휴대전화번호가 변경되었습니다."
    if event.event == "account.contact_changed":
        name = CONTACT_NAMES.get(_detail(event).get("field"))
        return ("contact_changed", f"{name}가 변경되었습니다.") if name else ("", "")
    return "", ""


def dispatch_pending(now: dt.datetime | None = None, limit: int = 50) -> int:
    """Raise the alerts of audit records not yet scanned; returns how many alerts were raised."""
    now = now or dt.datetime.now()
    pending = (AuditEvent.select()
               .join(SecurityEvent, JOIN.LEFT_OUTER, on=(SecurityEvent.audit_event_id == AuditEvent.id))
               .where(AuditEvent.event.in_(SCANNED) & AuditEvent.member.is_null(False)
                      & (AuditEvent.created_at >= now - SCAN_WINDOW) & SecurityEvent.id.is_null())
               .order_by(AuditEvent.id).limit(limit))
    raised = 0
    for event in list(pending):
        kind, summary = classify(event)
        try:
            # The event and its text are written together: neither exists without the other.
            with db.atomic():
                row = SecurityEvent.create(member=event.member_id, audit_event_id=event.id, kind=kind,
                                           summary=summary, masked_ip=mask_ip(event.ip),
                                           device=device_label(event.user_agent), occurred_at=event.created_at)
                if kind and kind not in TEXTED_BY_THE_FLOW:
                    _queue_sms(row, LOCKED_HELP if event.event == "login.locked" else HELP)
        except IntegrityError:
            continue  # another process scanned it first, and queued its SMS
        raised += bool(kind)
    return raised


def _queue_sms(row: SecurityEvent, help_text: str) -> None:
    member = Member.get_by_id(row.member_id)
    if not member.mobile or member.status != "active":
        return
    body = f"[esop 우리사주뱅킹] {row.occurred_at:%m/%d %H:%M} {row.summary} {help_text}"
    # Through the code service like every text; alerts have their own per-number limit (a flood of
    # alerts must not use up the member's codes, nor codes the alerts) and no resend wait (two
    # alerts at once are both news). Counted now, sent by the outbox worker with retries.
    try:
        codes.notify("security.alert", subject=f"member:{member.id}", to=member.mobile, ip="", resend=False,
                     counts={"alert.number": member.mobile},
                     deliver=lambda: outbox.enqueue(f"security_event:{row.id}", purpose="security.alert",
                                                    to=member.mobile, body=body))
    except FieldError as err:
        log.warning("security alert SMS not sent (event %s): %s", row.id, err.message)


def disavow(member: Member, event_id: int, *, ip: str, user_agent: str) -> bool:
    """본인이 아닙니다: lock the login, end every session (this one too), mark the event."""
    row = SecurityEvent.get_or_none((SecurityEvent.id == event_id) & (SecurityEvent.member == member)
                                    & (SecurityEvent.kind != ""))
    if row is None:
        return False
    now = dt.datetime.now()
    with db.atomic():
        SecurityEvent.update(disavowed_at=now).where(
            (SecurityEvent.id == row.id) & SecurityEvent.disavowed_at.is_null()).execute()
        Member.update(locked_at=now).where((Member.id == member.id) & Member.locked_at.is_null()).execute()
        LoginSession.delete().where(LoginSession.member == member).execute()
        audit.record("security.disavowed", member=member, subject=member.user_id, ip=ip, user_agent=user_agent,
                     security_event=row.id, kind=row.kind)
    return True
