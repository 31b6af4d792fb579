"""Password login with a lockout after consecutive failures, and an audit record of each try."""
from __future__ import annotations

from dataclasses import dataclass

from ..db import write_transaction
from ..models import audit
from ..models.member import Member, member_by_user_id, password_counter
from ..models.throttle import count_failure
from ..security import attempts, passwords
from .gate import LOCKED_MESSAGE, Admission, LoginRefused, admit


@dataclass
class LoginResult:
    admission: Admission | None = None
    error: str | None = None
    remaining: int | None = None
    locked: bool = False

    @property
    def member(self) -> Member | None:
        return self.admission.member if self.admission else None


def attempt_login(user_id: str, password: str, *, max_failures: int, ip: str, user_agent: str) -> LoginResult:
    member = member_by_user_id(user_id)
    if member is None or member.status != "active":
        # Same cost, same counting and the same words whether or not the ID exists (ASVS v5 6.3.8):
        # an unknown ID gets its own failure counter, so the page cannot tell IDs apart.
        passwords.dummy_verify(password)
        failures = count_failure(f"login:unknown:{user_id.strip().lower()[:40]}", 86400)
        audit.record("login.failure", subject=user_id, ip=ip, user_agent=user_agent, reason="unknown_id")
        if failures >= max_failures:
            return LoginResult(error=LOCKED_MESSAGE, locked=True, remaining=0)
        return LoginResult(error=_failure_message(failures, max_failures), remaining=max_failures - failures)
    counter = password_counter(max_failures)
    try_no = attempts.reserve(counter, member.id)
    if not try_no:
        # Locked (or every try left is in flight): refused unchecked, but after the same argon2 work
        # as any other answer, so a locked ID cannot be told from an unknown one by its timing.
        passwords.dummy_verify(password)
        audit.record("login.refused_locked", member=member, subject=user_id, ip=ip, user_agent=user_agent)
        return LoginResult(error=LOCKED_MESSAGE, locked=True)
    if passwords.verify_password(member.password_hash, password):
        return _accept(member, counter, password, user_id, ip, user_agent)
    return _wrong_password(member, counter, try_no, user_id, ip, user_agent, reason="password")


def _wrong_password(member, counter, try_no, user_id, ip, user_agent, *, reason: str) -> LoginResult:
    """A reserved try was wrong: the last one locks (and only that request records the lock)."""
    max_failures = counter.limit
    locked_now = attempts.settle_wrong(counter, member.id, try_no)
    if try_no >= max_failures:
        if locked_now:  # only the request that locked it: one alert per lock (mypage/alerts.py)
            audit.record("login.locked", member=member, subject=user_id, ip=ip, user_agent=user_agent,
                         failures=try_no)
        return LoginResult(error=LOCKED_MESSAGE, locked=True, remaining=0)
    audit.record("login.failure", member=member, subject=user_id, ip=ip, user_agent=user_agent,
                 reason=reason, failures=try_no)
    return LoginResult(error=_failure_message(try_no, max_failures), remaining=max_failures - try_no)


def _accept(member, counter, password, user_id, ip, user_agent) -> LoginResult:
    if not attempts.settle_right(counter, member.id):   # a racing wrong guess locked it meanwhile
        audit.record("login.refused_locked", member=member, subject=user_id, ip=ip, user_agent=user_agent)
        return LoginResult(error=LOCKED_MESSAGE, locked=True)
    with write_transaction():
        try:
            admission = admit(member.id, method="password", ip=ip, user_agent=user_agent, subject=user_id)
        except LoginRefused as refused:
            return LoginResult(error=refused.message, locked=refused.reason == "locked")
        if passwords.needs_rehash(member.password_hash):
            Member.update(password_hash=passwords.hash_password(password)).where(
                Member.id == member.id).execute()
        audit.record("login.success", member=member, subject=user_id, ip=ip, user_agent=user_agent,
                     method="password")
    return LoginResult(admission=admission)


def _failure_message(failures: int, max_failures: int) -> str:
    return (f"아이디 또는 비밀번호가 일치하지 않습니다. 비밀번호 {failures}회 오류, "
            f"{max_failures - failures}회 더 틀리면 로그인이 제한됩니다.")


def unlock(member: Member) -> None:
    Member.update(failed_logins=0, locked_at=None).where(Member.id == member.id).execute()
    audit.record("login.unlocked", member=member, subject=member.user_id)


def reauthenticate(member: Member, password: str, *, max_failures: int, ip: str, user_agent: str) -> LoginResult:
    """The password asked again before a sensitive change (ASVS 3.7.1: 휴대전화번호 변경). A try counts on
    the login's own counter (security/attempts.py), so a stolen session cannot guess past the lock."""
    counter = password_counter(max_failures)
    try_no = attempts.reserve(counter, member.id)
    if not try_no:
        return LoginResult(error=LOCKED_MESSAGE, locked=True)
    if passwords.verify_password(member.password_hash, password):
        if attempts.settle_right(counter, member.id):
            return LoginResult()
        return LoginResult(error=LOCKED_MESSAGE, locked=True)
    result = _wrong_password(member, counter, try_no, member.user_id, ip, user_agent, reason="reauthenticate")
    if not result.locked:
        result.error = (f"비밀번호가 일치하지 않습니다. 비밀번호 {try_no}회 오류, "
                        f"{result.remaining}회 더 틀리면 로그인이 제한됩니다.")
    return result
