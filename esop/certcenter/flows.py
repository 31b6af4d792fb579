"""The registration flows (3-1, 3-2): server-side state, the order of steps, and where signing leads."""
from __future__ import annotations

import hmac

from flask import session, url_for

from .. import flowengine, limits
from ..models.certflow import REGISTRATIONS, CertFlow
from ..models.member import Member, member_by_user_id, password_counter, rrn_index
from ..models import audit
from ..results import FieldError
from ..security import attempts, passwords

# One message for every refusal of 본인확인, a lock included: no count of wrong passwords that would
# tell a real ID from an unknown one; the lock is explained without saying whether it applies.
IDENTITY_MISMATCH = ("입력하신 정보가 회원정보와 일치하지 않습니다. 아이디, 비밀번호, 주민등록번호를 다시 확인해 주십시오. "
                     "비밀번호를 5회 잘못 입력하시면 이용이 제한되며, 비밀번호 재등록으로 해제하실 수 있습니다.")


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
    """■ 본인확인: ID, password and RRN checked together, one answer for every mismatch (an unknown ID, a
    wrong password or RRN, a locked member) and the same work for each — one argon2 verify, one blind
    index — so the page cannot tell which IDs exist (ASVS v5 6.3.8). A try is counted on the login
    counter (the same secret, security/attempts.py) before the password is checked; so is a wrong RRN."""
    if logged_in is not None and user_id.strip().lower() != logged_in.user_id:
        raise FieldError("user_id", "로그인한 아이디로만 등록하실 수 있습니다.")
    # Per IP and per typed ID (whether or not it exists): spraying IDs or one ID from many IPs.
    refused = limits.check({"certcenter.identity.ip": ip,
                            "certcenter.identity.id": user_id.strip().lower()[:40]}, field="user_id")
    if refused:
        raise refused
    member = member_by_user_id(user_id)
    known = member is not None and member.status == "active"
    counter = password_counter(max_failures)
    try_no = attempts.reserve(counter, member.id) if known else 0
    if try_no:
        password_ok = passwords.verify_password(member.password_hash, password)
    else:
        passwords.dummy_verify(password)   # unknown or locked: the same argon2 work, never a verdict
        password_ok = False
    rrn_ok = hmac.compare_digest(member.rrn_index if known else "-", rrn_index(rrn_digits))
    matched = bool(try_no) and password_ok and rrn_ok
    if matched and attempts.settle_right(counter, member.id):
        audit.record("certcenter.identity", member=member, subject=member.user_id, ip=ip, purpose=flow.purpose)
        return member
    if try_no and not matched and attempts.settle_wrong(counter, member.id, try_no):
        # Only the request that locked the login records it: one 보안 알림 per lock.
        audit.record("login.locked", member=member, subject=member.user_id, ip=ip, failures=try_no)
    reason = ("unknown_id" if not known else "locked" if not try_no or matched else
              "password" if not password_ok else "rrn")
    audit.record("certcenter.identity_failure", member=member if known else None, subject=user_id, ip=ip,
                 reason=reason)
    raise FieldError("user_id", IDENTITY_MISMATCH)


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
