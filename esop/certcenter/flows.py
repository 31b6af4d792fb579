"""The registration flows (3-1, 3-2): server-side state, the order of steps, and where signing leads."""
from __future__ import annotations

import datetime as dt
import hmac

from flask import session, url_for

from .. import flowengine
from ..db import db
from ..models.certflow import REGISTRATIONS, CertFlow
from ..models.member import Member, member_by_user_id
from ..models import audit
from ..security import passwords

IDENTITY_MISMATCH = "입력하신 정보가 회원정보와 일치하지 않습니다. 아이디, 비밀번호, 주민등록번호를 다시 확인해 주십시오."


class IdentityError(Exception):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, message


def flow_or_start(purpose: str) -> CertFlow:
    """①본인확인 opens the registration: the browser's own, or a new one."""
    flow = REGISTRATIONS[purpose]
    return flowengine.current(flow) or flowengine.start(flow, purpose=purpose)


def requires(purpose: str, step: str):
    """The view runs only when the registration has reached `step` (ASVS 11.1.1: no skipped steps)."""
    return flowengine.requires(REGISTRATIONS[purpose], step)


def advance(flow: CertFlow, step: str, **fields) -> bool:
    return flowengine.advance(REGISTRATIONS[flow.purpose], flow, step, **fields)


def restart(flow: CertFlow, member: Member) -> None:
    """A new 본인확인 starts the later steps over (a different member may be at this browser)."""
    flowengine.restart(REGISTRATIONS[flow.purpose], flow, member=member, verified_at=None, overseas=False,
                       country="", departed=None, departure_consent_at=None)


def check_identity(flow: CertFlow, user_id: str, password: str, rrn_digits: str, *, max_failures: int,
                   logged_in: Member | None, ip: str) -> Member:
    """■ 본인확인: ID + password + RRN. A wrong password counts on the login counter (same secret)."""
    if logged_in is not None and user_id.strip().lower() != logged_in.user_id:
        raise IdentityError("user_id", "로그인한 아이디로만 등록하실 수 있습니다.")
    member = member_by_user_id(user_id)
    if member is None or member.status != "active":
        passwords.dummy_verify(password)
        audit.record("certcenter.identity_failure", subject=user_id, ip=ip, reason="unknown_id")
        raise IdentityError("user_id", IDENTITY_MISMATCH)
    if member.locked:
        raise IdentityError("password", "비밀번호를 5회 이상 잘못 입력하여 이용이 제한되었습니다. "
                                        "고객센터(1544-8333)로 문의해 주십시오.")
    if not passwords.verify_password(member.password_hash, password):
        with db.atomic():
            Member.update(failed_logins=Member.failed_logins + 1).where(Member.id == member.id).execute()
            failures = Member.get_by_id(member.id).failed_logins
            if failures >= max_failures:
                Member.update(locked_at=dt.datetime.now()).where(
                    (Member.id == member.id) & Member.locked_at.is_null()).execute()
                audit.record("login.locked", member=member, subject=member.user_id, ip=ip, failures=failures)
        audit.record("certcenter.identity_failure", member=member, subject=member.user_id, ip=ip, reason="password")
        remaining = max(0, max_failures - failures)
        raise IdentityError("password", f"비밀번호가 일치하지 않습니다. 비밀번호 {failures}회 오류, "
                                        f"{remaining}회 더 틀리면 이용이 제한됩니다." if remaining else
                            "비밀번호를 5회 이상 잘못 입력하여 이용이 제한되었습니다. 고객센터(1544-8333)로 문의해 주십시오.")
    if not hmac.compare_digest(member.rrn, rrn_digits):
        audit.record("certcenter.identity_failure", member=member, subject=member.user_id, ip=ip, reason="rrn")
        raise IdentityError("rrn", IDENTITY_MISMATCH)
    Member.update(failed_logins=0).where((Member.id == member.id) & Member.locked_at.is_null()).execute()
    audit.record("certcenter.identity", member=member, subject=member.user_id, ip=ip, purpose=flow.purpose)
    return member


def sign_blocked(purpose: str) -> str | None:
    """For a registration, signing is only reachable once 추가인증 has passed; else where to go."""
    flow = REGISTRATIONS.get(purpose)
    if flow is None:
        return None
    row = flowengine.current(flow)
    if row is None or row.member_id is None:
        return url_for(flow.entry)
    if not flowengine.reached(flow, row, "cloud"):
        return flow.current_url(row, {})
    return None


def after_connect(purpose: str) -> str | None:
    """3-2 connects the cloud first; once connected, the registration continues at its own step."""
    flow = REGISTRATIONS.get(purpose)
    if flow is None:
        return None
    row = flowengine.current(flow)
    if row is None or not flowengine.reached(flow, row, "cloud"):
        return url_for(flow.entry)
    return None


def after_sign(purpose: str) -> str:
    if purpose == "login":
        return url_for("certcenter.login_finish")
    if purpose == "signup":
        return session.get("cert_next") or url_for("main.home")
    return url_for({"fin31": "certcenter.fin_finish", "cloud32": "certcenter.cloud_finish"}[purpose])
