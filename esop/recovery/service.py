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
from ..results import FieldError
from ..security import passwords

MISMATCH = "입력하신 아이디와 주민등록번호가 일치하는 회원이 없습니다. 다시 확인해 주십시오."


def identify(user_id: str, rrn_digits: str) -> Member:
    """The member whose ID and RRN both match (the form checked their shape), or FieldError: one
    message for every mismatch."""
    member = member_by_user_id(user_id)
    wanted = rrn_index(rrn_digits)
    if member is None or member.status != "active" or not hmac.compare_digest(member.rrn_index, wanted):
        raise FieldError("user_id", MISMATCH)
    return member


def refuse_old_password(member: Member, password: str) -> None:
    """A new password that passed the rules (the form's) must also be new: FieldError otherwise."""
    if passwords.verify_password(member.password_hash, password):
        raise FieldError("password", "지금 쓰고 계신 비밀번호와 다른 비밀번호를 입력해 주십시오.")
    # Korean practice forbids reusing recent passwords; the same history as 비밀번호 변경 in 마이페이지.
    if any(passwords.verify_password(old, password) for old in previous_hashes(member)):
        raise FieldError("password", "최근에 사용하신 비밀번호는 다시 사용할 수 없습니다. 다른 비밀번호를 입력해 주십시오.")


def set_new_password(member: Member, password: str, *, ip: str, user_agent: str) -> None:
    with db.atomic():
        PasswordHistory.create(member=member, password_hash=Member.get_by_id(member.id).password_hash)
        Member.update(password_hash=passwords.hash_password(password)).where(Member.id == member.id).execute()
        LoginSession.delete().where(LoginSession.member == member).execute()
        unlock(member)
        audit.record("recovery.password_reset", member=member, subject=member.user_id, ip=ip,
                     user_agent=user_agent)
