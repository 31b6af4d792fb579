"""The one login gate: every way in — password, 금융인증서, 클라우드 공동인증서, 자동연결 (a kept-connected
cloud still signs through 인증서 로그인) — passes `admit` before `auth.log_in`, which takes only its result.

Decision (README, 로그인): a lock stops EVERY way in until 비밀번호 재등록 (or `esop unlock` after the
branch checked the member's identity). `Member.locked_at` is set by 5 consecutive wrong passwords (login
or 인증센터 본인확인) and by '본인이 아닙니다'. Both mean someone else may be trying the account or
already in it — with the member's devices, where a 자동연결 cloud certificate may sit in the very browser
the alert was about — so a certificate must not reopen the door the lock closed. Korean banks lock
인터넷뱅킹 access as a whole after 5 password errors and unlock only after 본인확인 (전자금융감독규정
practice; ASVS v5 6.3.1: the lockout protects the account, not one credential).
"""
from __future__ import annotations

from dataclasses import dataclass

from ..models import audit
from ..models.member import Member

LOCKED_MESSAGE = ("비밀번호 5회 오류 또는 '본인이 아닙니다' 신고로 로그인이 제한되었습니다. "
                  "본인확인 후 비밀번호를 다시 등록하시거나 고객센터(1544-8333)로 문의해 주십시오.")
INACTIVE_MESSAGE = "로그인할 수 없는 아이디입니다. 고객센터(1544-8333)로 문의해 주십시오."


class LoginRefused(Exception):
    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason, self.message = reason, message


@dataclass(frozen=True)
class Admission:
    """Proof that the gate let this member in by this method; `auth.log_in` accepts nothing else."""
    member: Member
    method: str
    device_checked: bool = False   # 단말기 지정: this login already passed its 추가인증 (devices/gate.py)


def admit(member_id: int, *, method: str, ip: str, user_agent: str, subject: str = "") -> Admission:
    """The member as the database has them now (a lock that raced in wins); LoginRefused otherwise."""
    member = Member.get_or_none(Member.id == member_id)
    if member is None or member.status != "active":
        audit.record("login.failure", member=member, subject=subject, ip=ip, user_agent=user_agent,
                     reason="inactive", method=method)
        raise LoginRefused("inactive", INACTIVE_MESSAGE)
    if member.locked:
        audit.record("login.refused_locked", member=member, subject=member.user_id, ip=ip,
                     user_agent=user_agent, method=method)
        raise LoginRefused("locked", LOCKED_MESSAGE)
    return Admission(member, method)
