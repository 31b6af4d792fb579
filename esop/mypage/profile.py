"""고객정보 변경: the 2-4 fields (not 성명, 주민등록번호, 아이디) under the sign-up rules; password and
mobile changes with their own checks."""
from __future__ import annotations

import datetime as dt
import json
import logging

from .. import codes, outbox
from ..db import db, write_transaction
from ..lookup.jobs import current_revision
from ..models import audit, verify
from ..models.member import Member
from ..models.member_care import PasswordHistory, ProfileDraft, previous_hashes
from ..models.session import LoginSession
from ..results import FieldError
from ..rules.phone import mask_phone
from ..security import passwords
from ..signup.profile import member_fields
from .alerts import HELP

log = logging.getLogger(__name__)

# What 고객정보 변경 edits: 2-4 without 성명/주민등록번호 (2-3), 아이디 (the login name, never changes),
# 비밀번호 and 휴대전화번호 (their own pages: current password, SMS to the new number).
EDITABLE = ("english_name", "nationality", "mail_to",
            *(f"{p}_{f}" for p in ("home", "work", "other")
              for f in ("postcode", "address", "address_jibun", "address_detail")),
            "home_phone", "work_phone", "email", "mail_ok", "email_ok", "sms_ok",
            "job_major", "job_mid", "job_minor", "company", "department", "position")
MOBILE_CODE = "account.mobile"   # the code service's kind (esop/codes.py)
# Contact channels whose change is a 보안 알림 (issue 16: whoever changes them may not be the member).
# esop sends no e-mail and a landline takes no text, so the alert goes to the registered mobile
# (mypage/alerts.py); the mobile itself has its own page, which tells the old number.
CONTACT_FIELDS = ("email", "home_phone", "work_phone")


def current_values(member: Member) -> dict:
    values = {name: getattr(member, name) for name in EDITABLE if hasattr(member, name)}
    for flag in ("mail_ok", "email_ok", "sms_ok"):
        values[flag] = "y" if getattr(member, flag) else "n"
    # A code of another revision is not an option of today's selects: they start empty (the page names it).
    code = member.job_code or "" if member.job_revision == current_revision() else ""
    values.update(job_major=code[:1], job_mid=code[:2], job_minor=code)
    return {k: ("" if v is None else v) for k, v in values.items()}


def changed_fields(form) -> dict:
    """The member's fields from a validated ProfileChangeForm: the sign-up rules themselves (the
    form is 2-4's without the sign-up-only fields), so they cannot drift."""
    keep = set(EDITABLE) | ({"job_code", "job_revision"} if form.job_minor.data else set())
    return {k: v for k, v in member_fields(form).items() if k in keep and hasattr(Member, k)}


def keeps_job(member: Member) -> bool:
    """A member whose code is of an older revision may leave 직업검색 empty and keep that code."""
    return bool(member.job_code) and member.job_revision != current_revision()


def save_profile(member: Member, fields: dict, *, ip: str) -> list[str]:
    changed = [k for k, v in fields.items() if (getattr(member, k) or "") != (v or "")]
    with db.atomic():
        if changed:
            Member.update(**fields).where(Member.id == member.id).execute()
        ProfileDraft.delete().where(ProfileDraft.member == member).execute()
        # Which fields changed, never their values (the audit log is not a second copy of personal data).
        audit.record("account.profile_changed", member=member, subject=member.user_id, ip=ip, fields=changed)
        for name in (f for f in CONTACT_FIELDS if f in changed):
            audit.record("account.contact_changed", member=member, subject=member.user_id, ip=ip, field=name)
    return changed


def save_draft(member: Member, values: dict) -> None:
    safe = {k: str(v)[:200] for k, v in values.items() if k in EDITABLE}
    text = json.dumps(safe, ensure_ascii=False)
    with write_transaction():
        updated = ProfileDraft.update(values=text, saved_at=dt.datetime.now()).where(
            ProfileDraft.member == member).execute()
        if not updated:
            ProfileDraft.create(member=member, values=text)


def draft_values(member: Member) -> dict | None:
    row = ProfileDraft.get_or_none(ProfileDraft.member == member)
    return json.loads(row.values) if row else None


# 비밀번호 변경 ---------------------------------------------------------------------------------

def check_password_change(member: Member, current_pw: str, new: str) -> None:
    """What needs the member (the form checked the rules and the confirmation): the current password
    right, the new one neither it nor a recent one. FieldError otherwise."""
    if not passwords.verify_password(member.password_hash, current_pw):
        raise FieldError("current_password", "현재 비밀번호가 일치하지 않습니다. 다시 확인해 주십시오.")
    if passwords.verify_password(member.password_hash, new):
        raise FieldError("new_password", "지금 쓰고 계신 비밀번호와 다른 비밀번호를 입력해 주십시오.")
    if any(passwords.verify_password(old, new) for old in previous_hashes(member)):
        raise FieldError("new_password", "최근에 사용하신 비밀번호는 다시 사용할 수 없습니다. 다른 비밀번호를 입력해 주십시오.")


def change_password(member: Member, new: str, *, keep_session_token_hash: str, ip: str, user_agent: str) -> None:
    """New hash, the old one into the history, every other session ended (ASVS 3.3.3)."""
    with write_transaction():
        old = Member.get_by_id(member.id).password_hash
        PasswordHistory.create(member=member, password_hash=old)
        Member.update(password_hash=passwords.hash_password(new)).where(Member.id == member.id).execute()
        LoginSession.delete().where((LoginSession.member == member)
                                    & (LoginSession.token_hash != keep_session_token_hash)).execute()
        audit.record("account.password_changed", member=member, subject=member.user_id, ip=ip,
                     user_agent=user_agent)


# 휴대전화번호 변경 --------------------------------------------------------------------------------

def mobile_subject(member: Member) -> str:
    return f"member:{member.id}"


def pending_mobile(member: Member) -> verify.OneTimeCode | None:
    row = codes.challenge(MOBILE_CODE, subject=mobile_subject(member), person=mobile_subject(member))
    return row if row and row.expires_at > dt.datetime.now() else None


def send_mobile_code(member: Member, new_mobile: str, sms, *, ip: str) -> None:
    """Raises FieldError beside `mobile` (resend wait, limits, the SMS gateway)."""
    try:
        codes.send(MOBILE_CODE, subject=mobile_subject(member), person=mobile_subject(member), to=new_mobile,
                   ip=ip, deliver=lambda code: sms.send(new_mobile, codes.body(MOBILE_CODE, code), code=code,
                                                        purpose=MOBILE_CODE))
    except FieldError as err:
        raise err.at("mobile") from err


def confirm_mobile(member: Member, code: str, *, ip: str) -> None:
    """The new number confirmed and saved, or FieldError beside `code`. The old number is told (whoever
    changed it may not be its owner) through the outbox, queued with the change; the audit record
    raises the 보안 알림."""
    result, row = codes.confirm(MOBILE_CODE, subject=mobile_subject(member), person=mobile_subject(member), code=code)
    if result.ok:
        old = Member.get_by_id(member.id).mobile
        with db.atomic():
            Member.update(mobile=row.target).where(Member.id == member.id).execute()
            audit.record("account.mobile_changed", member=member, subject=member.user_id, ip=ip)
            if old:
                _notify_old_mobile(old, row.target, f"mobile_change:{row.id}", member)
        return
    raise FieldError("code", codes.message(MOBILE_CODE, result))


def _notify_old_mobile(old: str, new: str, key: str, member: Member) -> None:
    body = (f"[esop 우리사주뱅킹] {dt.datetime.now():%m/%d %H:%M} 휴대전화번호가 {mask_phone(new)}(으)로 "
            f"변경되었습니다. {HELP}")
    # Through the code service like every text, under the alerts' own per-number limit.
    try:
        codes.notify("account.mobile.notice", subject=f"member:{member.id}", to=old, ip="", resend=False,
                     counts={"alert.number": old},
                     deliver=lambda: outbox.enqueue(key, purpose="account.mobile.notice", to=old, body=body))
    except FieldError as err:
        # The change stands; the 보안 알림 on 마이페이지 still records it.
        log.warning("mobile change notice not sent (member's old number): %s", err.message)
