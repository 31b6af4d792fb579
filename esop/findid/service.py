"""아이디 찾기 with 2-3's own 실명확인 and carrier 본인인증 (signup/service.py): nobody learns whether a
person is a member before the carrier confirmed the phone is theirs. No Flask request here."""
from __future__ import annotations

import datetime as dt
import logging

from .. import codes
from ..models import audit
from ..models.id_lookup import IdLookup, create
from ..models.member import Member, rrn_index
from ..results import FieldError
from ..signup.service import confirm_carrier_code, send_carrier_code, verify_realname

log = logging.getLogger(__name__)

SMS_PURPOSE = "findid.sms"


def mask_user_id(user_id: str) -> str:
    """ab***12: the first two and last two characters (one each for short IDs), the rest starred."""
    keep = 2 if len(user_id) >= 6 else 1
    return user_id[:keep] + "*" * max(len(user_id) - 2 * keep, 2) + user_id[-keep:]


def start(name: str, front: str, back: str, verifier) -> tuple[IdLookup, str]:
    name, rrn = verify_realname(name, front, back, verifier)
    return create(name=name, rrn=rrn.digits, rrn_index=rrn_index(rrn.digits), birth_date=rrn.birth_date, sex=rrn.sex)


def _subject(row: IdLookup) -> str:
    return f"findid:{row.id}"


def challenge(row: IdLookup):
    if not row.mobile:
        return None
    return codes.challenge("signup.identity", subject=_subject(row), person=row.rrn_index, target=row.mobile)


def send_code(row: IdLookup, carrier: str, mobile: str, verifier, *, ip: str) -> None:
    send_carrier_code(row, _subject(row), carrier, mobile, verifier, ip)
    IdLookup.update(carrier=carrier, mobile=mobile, identity_at=None).where(IdLookup.id == row.id).execute()
    row.carrier, row.mobile, row.identity_at = carrier, mobile, None


def confirm_code(row: IdLookup, code: str, verifier, sms, *, ip: str) -> bool:
    """휴대폰 본인인증: the member's full ID is texted to the number the carrier just confirmed."""
    if not row.mobile:
        raise FieldError("code", "먼저 인증번호를 요청해 주십시오.")
    confirm_carrier_code(row, _subject(row), row.mobile, code, verifier, field="code")
    return _identified(row, sms, ip=ip, to=lambda member: row.mobile)


def confirm_certificate(row: IdLookup, token: str, sms, *, ip: str) -> bool:
    """본인인증 by a certificate bound to the RRN of 실명확인 (as in 2-3): the full ID goes to the member's
    registered mobile. FieldError beside the certificate links otherwise."""
    from ..certcenter.service import verify_identity_by_certificate
    result = verify_identity_by_certificate(row.rrn, token)
    if not result.ok:
        raise FieldError("cert-identity", result.message)
    return _identified(row, sms, ip=ip, to=lambda member: member.mobile)


def _identified(row: IdLookup, sms, *, ip: str, to) -> bool:
    """본인인증 done: now membership may be told. False when the full-ID text did not go (a limit, the
    gateway): the screen still shows the masked ID."""
    row.identity_at = dt.datetime.now()
    IdLookup.update(identity_at=row.identity_at).where(IdLookup.id == row.id).execute()
    member = member_of(row)
    audit.record("findid.found" if member else "findid.none", member=member, ip=ip)
    number = to(member) if member else ""
    if not number:
        return member is None
    body = f"[esop 우리사주뱅킹] 회원님의 아이디는 {member.user_id} 입니다."
    try:
        codes.notify(SMS_PURPOSE, subject=_subject(row), to=number, ip=ip, resend=False,
                     counts={"findid.number": number},
                     deliver=lambda: sms.send(number, body, purpose=SMS_PURPOSE))
    except FieldError as err:
        log.warning("아이디 찾기 SMS not sent: %s", err.message)
        return False
    return True


def member_of(row: IdLookup) -> Member | None:
    """The active member this verified person is (None: not a member, or 본인인증 not done)."""
    if row.identity_at is None:
        return None
    return Member.get_or_none((Member.rrn_index == row.rrn_index) & (Member.status == "active"))
