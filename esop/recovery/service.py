"""Password re-registration: identify the member without revealing more than login does, set a
new password under the sign-up rules, unlock the login counter, end every other session."""
from __future__ import annotations

import hmac

from ..account.service import unlock
from ..db import db
from ..models import audit
from ..models.member_care import PasswordHistory, previous_hashes
from ..models.member import Member, member_by_user_id, rrn_index
from ..models.session import LoginSession
from ..rules.digits import normalize_digits
from ..rules.password import PasswordPolicy, password_errors
from ..security import passwords

MISMATCH = "입력하신 아이디와 주민등록번호가 일치하는 회원이 없습니다. 다시 확인해 주십시오."


def identify(user_id: str, rrn_front: str, rrn_back: str) -> tuple[Member | None, list[tuple[str, str]]]:
    """The member whose ID and RRN both match, or field errors. One message for every mismatch."""
    front, back = normalize_digits(rrn_front), normalize_digits(rrn_back)
    errors = []
    if not (user_id or "").strip():
        errors.append(("user_id", "아이디를 입력해 주십시오."))
    if len(front) != 6 or not front.isdigit() or len(back) != 7 or not back.isdigit():
        errors.append(("rrn_front", "주민등록번호 앞 6자리와 뒤 7자리를 숫자로 입력해 주십시오."))
    if errors:
        return None, errors
    member = member_by_user_id(user_id)
    wanted = rrn_index(front + back)
    if member is None or member.status != "active" or not hmac.compare_digest(member.rrn_index, wanted):
        return None, [("user_id", MISMATCH)]
    return member, []


def new_password_errors(member: Member, password: str, confirm: str, policy: PasswordPolicy) -> list[tuple[str, str]]:
    failed = password_errors(password, member.user_id, policy)
    # One message naming the rules that failed, as 2-4 and 마이페이지 say it (the list beside marks them).
    errors = [("password", "비밀번호 규칙에 맞지 않습니다: " + ", ".join(failed))] if failed else []
    if not errors and passwords.verify_password(member.password_hash, password):
        errors.append(("password", "지금 쓰고 계신 비밀번호와 다른 비밀번호를 입력해 주십시오."))
    # Korean practice forbids reusing recent passwords; the same history as 비밀번호 변경 in 마이페이지.
    if not errors and any(passwords.verify_password(old, password) for old in previous_hashes(member)):
        errors.append(("password", "최근에 사용하신 비밀번호는 다시 사용할 수 없습니다. 다른 비밀번호를 입력해 주십시오."))
    if not errors and password != confirm:
        errors.append(("password_confirm", "새 비밀번호와 새 비밀번호 확인이 일치하지 않습니다."))
    return errors


def set_new_password(member: Member, password: str, *, ip: str, user_agent: str) -> None:
    with db.atomic():
        PasswordHistory.create(member=member, password_hash=Member.get_by_id(member.id).password_hash)
        Member.update(password_hash=passwords.hash_password(password)).where(Member.id == member.id).execute()
        LoginSession.delete().where(LoginSession.member == member).execute()
        unlock(member)
        audit.record("recovery.password_reset", member=member, subject=member.user_id, ip=ip,
                     user_agent=user_agent)
