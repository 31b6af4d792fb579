"""Passkey registration and login: challenges taken once, each passkey's refused assertions counted
(security/attempts.py), the login gate last. Services never read `request`; views pass what they need."""
from __future__ import annotations

import datetime as dt

from peewee import IntegrityError

from ..account.gate import Admission, admit
from ..db import db, write_transaction
from ..models import audit
from ..models.member import Member
from ..models.passkey import (PasskeyCredential, credential_counter, issue_challenge, passkey_by_credential_id,
                              passkeys_of, take_challenge)
from ..security import attempts, crypto
from ..verify import flows as verification
from . import ceremony
from .ceremony import CeremonyFailed, RelyingParty

PURPOSE = "passkey"          # the 추가인증 that must precede each registration (issue 16)
MAX_PASSKEYS = 10            # per member: enough for every device, few enough to read as a list

EXPIRED = "요청 시간이 지났거나 이미 처리된 요청입니다. 다시 시도해 주십시오."
UNKNOWN = "등록되지 않았거나 삭제된 패스키입니다. 아이디/비밀번호 또는 인증서로 로그인해 주십시오."
FAILED = "패스키를 확인하지 못했습니다. 다시 시도하시거나 아이디/비밀번호 또는 인증서로 로그인해 주십시오."
LOCKED = ("패스키 확인에 5회 연속 실패하여 이 패스키로는 로그인할 수 없습니다. 다른 방법으로 로그인하신 뒤 "
          "마이페이지 > 보안 > 패스키에서 삭제하고 다시 등록해 주십시오.")
NOT_VERIFIED = "패스키를 등록하려면 먼저 추가인증을 마쳐 주십시오."
NOT_REGISTERED = "패스키를 등록하지 못했습니다. 다시 시도해 주십시오."
DUPLICATE = "이미 등록된 패스키입니다."
TOO_MANY = f"패스키는 {MAX_PASSKEYS}개까지 등록할 수 있습니다. 쓰지 않는 패스키를 삭제한 뒤 다시 시도해 주십시오."


class PasskeyRefused(Exception):
    def __init__(self, reason: str, message: str, status: int = 400):
        super().__init__(message)
        self.reason, self.message, self.status = reason, message, status


def user_handle(member: Member) -> bytes:
    """WebAuthn's user.id: stable per member (a device keeps one passkey per account), and no personal
    data (WebAuthn §14.6.1): a keyed hash of the member's row id."""
    return bytes.fromhex(crypto.keyring().blind_index(str(member.id), "passkey-user"))


def start_registration(member: Member, rp: RelyingParty, seconds: int) -> tuple[str, str]:
    """(the session's handle, the creation options as JSON) — only after a completed 추가인증."""
    if verification.completed(PURPOSE, member) is None:
        raise PasskeyRefused("not_verified", NOT_VERIFIED, 403)
    handle, challenge = issue_challenge("register", member, seconds)
    options = ceremony.registration_options(
        rp, user_handle=user_handle(member), user_name=member.user_id, display_name=member.name,
        challenge=challenge, exclude=[p.credential_id for p in passkeys_of(member)], timeout_ms=seconds * 1000)
    return handle, options


def finish_registration(member: Member, rp: RelyingParty, handle: str, credential: dict, *, name: str,
                        ip: str) -> PasskeyCredential:
    flow = verification.completed(PURPOSE, member)
    if flow is None:
        raise PasskeyRefused("not_verified", NOT_VERIFIED, 403)
    challenge = take_challenge(handle, "register", member)
    if challenge is None:
        raise PasskeyRefused("expired", EXPIRED)
    try:
        new = ceremony.verify_registration(rp, credential, challenge)
    except CeremonyFailed as failed:
        audit.record("passkey.register_refused", member=member, subject=member.user_id, ip=ip,
                     reason=str(failed)[:120])
        raise PasskeyRefused("invalid", NOT_REGISTERED) from None
    if len(passkeys_of(member)) >= MAX_PASSKEYS:
        raise PasskeyRefused("too_many", TOO_MANY)
    try:
        with db.atomic():
            if not verification.finish(flow):     # one 추가인증, one passkey
                raise PasskeyRefused("expired", EXPIRED)
            row = PasskeyCredential.create(member=member, credential_id=new.credential_id, public_key=new.public_key,
                                           sign_count=new.sign_count, name=name[:40], transports=new.transports)
            audit.record("passkey.registered", member=member, subject=member.user_id, ip=ip, passkey=row.id)
    except IntegrityError:
        raise PasskeyRefused("duplicate", DUPLICATE) from None
    return row


def start_login(rp: RelyingParty, seconds: int) -> tuple[str, str]:
    handle, challenge = issue_challenge("login", None, seconds)
    return handle, ceremony.authentication_options(rp, challenge=challenge, timeout_ms=seconds * 1000)


def finish_login(rp: RelyingParty, handle: str, credential: dict, *, max_failures: int, ip: str,
                 user_agent: str) -> Admission:
    """The member the passkey belongs to, through the login gate; PasskeyRefused or LoginRefused."""
    seen = dict(ip=ip, user_agent=user_agent, method="passkey")
    challenge = take_challenge(handle, "login")
    if challenge is None:            # replayed, expired, or never asked for
        audit.record("login.failure", reason="passkey_challenge", **seen)
        raise PasskeyRefused("expired", EXPIRED)
    passkey = passkey_by_credential_id(ceremony.credential_id_of(credential))
    if passkey is None:              # removed, or never registered here
        audit.record("login.failure", reason="passkey_unknown", **seen)
        raise PasskeyRefused("unknown", UNKNOWN, 401)
    member = passkey.member
    counter = credential_counter(max_failures)
    try_no = attempts.reserve(counter, passkey.id)
    if not try_no:
        audit.record("login.failure", member=member, subject=member.user_id, reason="passkey_locked", **seen)
        raise PasskeyRefused("locked", LOCKED, 403)
    try:
        _check_user_handle(credential, member)
        new_count = ceremony.verify_assertion(rp, credential, challenge, public_key=bytes(passkey.public_key),
                                              sign_count=passkey.sign_count)
    except CeremonyFailed as failed:
        locked_now = attempts.settle_wrong(counter, passkey.id, try_no)
        audit.record("login.failure", member=member, subject=member.user_id, reason="passkey_invalid",
                     failures=try_no, why=str(failed)[:120], **seen)
        if locked_now:
            audit.record("passkey.locked", member=member, subject=member.user_id, passkey=passkey.id, **seen)
        raise PasskeyRefused("locked" if try_no >= max_failures else "invalid",
                             LOCKED if try_no >= max_failures else FAILED, 401)
    if not attempts.settle_right(counter, passkey.id):
        raise PasskeyRefused("locked", LOCKED, 403)
    with write_transaction():
        # Compare-and-set: of two assertions racing with the same count, one moves it (WebAuthn §6.1.1).
        moved = PasskeyCredential.update(sign_count=new_count, last_used_at=dt.datetime.now()).where(
            (PasskeyCredential.id == passkey.id) & (PasskeyCredential.sign_count == passkey.sign_count)).execute()
        if moved != 1:
            audit.record("login.failure", member=member, subject=member.user_id, reason="passkey_counter", **seen)
            raise PasskeyRefused("invalid", FAILED, 401)
        # The one login gate: a locked or disavowed member is refused here as everywhere (account/gate.py).
        admission = admit(member.id, method="passkey", ip=ip, user_agent=user_agent, subject=member.user_id)
        audit.record("login.success", member=member, subject=member.user_id, passkey=passkey.id, **seen)
    return admission


def _check_user_handle(credential: dict, member: Member) -> None:
    """A discoverable credential names its account; it must be the one the credential ID belongs to."""
    from webauthn.helpers import base64url_to_bytes
    sent = ((credential.get("response") or {}).get("userHandle")) if isinstance(credential, dict) else None
    if not sent:
        return
    try:
        if base64url_to_bytes(sent) == user_handle(member):
            return
    except (ValueError, TypeError):
        pass
    raise CeremonyFailed("userHandle does not match the credential's account")


def remove(member: Member, passkey_id: int, *, ip: str) -> bool:
    with db.atomic():
        gone = PasskeyCredential.delete().where((PasskeyCredential.id == passkey_id)
                                                & (PasskeyCredential.member == member)).execute()
        if gone:
            audit.record("passkey.removed", member=member, subject=member.user_id, ip=ip, passkey=passkey_id)
    return bool(gone)
