"""Password login with a lockout after consecutive failures, and an audit record of each try."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..db import write_transaction
from ..models import audit
from ..models.member import Member, member_by_user_id
from ..models.throttle import count_failure
from ..security import passwords


@dataclass
class LoginResult:
    member: Member | None = None
    error: str | None = None
    remaining: int | None = None
    locked: bool = False


LOCKED_MESSAGE = ("비밀번호를 5회 이상 잘못 입력하여 로그인이 제한되었습니다. "
                  "본인확인 후 비밀번호를 다시 등록하시거나 고객센터(1544-8333)로 문의해 주십시오.")


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
    if member.locked:
        audit.record("login.refused_locked", member=member, subject=user_id, ip=ip, user_agent=user_agent)
        return LoginResult(error=LOCKED_MESSAGE, locked=True)
    if passwords.verify_password(member.password_hash, password):
        with write_transaction():
            # Only reset when still unlocked: a lock that raced in wins.
            Member.update(failed_logins=0).where((Member.id == member.id)
                                                 & Member.locked_at.is_null()).execute()
            fresh = Member.get_by_id(member.id)
            if fresh.locked:
                return LoginResult(error=LOCKED_MESSAGE, locked=True)
            if passwords.needs_rehash(member.password_hash):
                Member.update(password_hash=passwords.hash_password(password)).where(
                    Member.id == member.id).execute()
            audit.record("login.success", member=member, subject=user_id, ip=ip, user_agent=user_agent,
                         method="password")
        return LoginResult(member=fresh)
    return _count_failure(member, user_id, max_failures, ip, user_agent)


def _count_failure(member, user_id, max_failures, ip, user_agent) -> LoginResult:
    with write_transaction():
        # One atomic increment in the database: concurrent wrong passwords lock at exactly N.
        Member.update(failed_logins=Member.failed_logins + 1).where(Member.id == member.id).execute()
        failures = Member.get_by_id(member.id).failed_logins
        if failures >= max_failures:
            Member.update(locked_at=dt.datetime.now()).where(
                (Member.id == member.id) & Member.locked_at.is_null()).execute()
            audit.record("login.locked", member=member, subject=user_id, ip=ip, user_agent=user_agent,
                         failures=failures)
            return LoginResult(error=LOCKED_MESSAGE, locked=True, remaining=0)
        audit.record("login.failure", member=member, subject=user_id, ip=ip, user_agent=user_agent,
                     reason="password", failures=failures)
    return LoginResult(error=_failure_message(failures, max_failures), remaining=max_failures - failures)


def _failure_message(failures: int, max_failures: int) -> str:
    return (f"아이디 또는 비밀번호가 일치하지 않습니다. 비밀번호 {failures}회 오류, "
            f"{max_failures - failures}회 더 틀리면 로그인이 제한됩니다.")


def unlock(member: Member) -> None:
    Member.update(failed_logins=0, locked_at=None).where(Member.id == member.id).execute()
    audit.record("login.unlocked", member=member, subject=member.user_id)


def reauthenticate(member: Member, password: str, *, max_failures: int, ip: str, user_agent: str) -> LoginResult:
    """The password asked again before a sensitive change (ASVS 3.7.1: 휴대전화번호 변경). A wrong one counts
    on the same counter as the login, so a stolen session cannot guess the password past the lock."""
    if member.locked:
        return LoginResult(error=LOCKED_MESSAGE, locked=True)
    if passwords.verify_password(member.password_hash, password):
        Member.update(failed_logins=0).where((Member.id == member.id) & Member.locked_at.is_null()).execute()
        return LoginResult(member=member)
    result = _count_failure(member, member.user_id, max_failures, ip, user_agent)
    if not result.locked:
        result.error = (f"비밀번호가 일치하지 않습니다. 비밀번호 {max_failures - result.remaining}회 오류, "
                        f"{result.remaining}회 더 틀리면 로그인이 제한됩니다.")
    return result
