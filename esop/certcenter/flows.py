"""The registration flows (3-1, 3-2): server-side state, the order of steps, and where signing leads."""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import hmac
import secrets

from flask import flash, g, session, url_for

from ..db import db
from ..models.certflow import STEPS, CertFlow
from ..models.member import Member, member_by_user_id
from ..models import audit
from ..security import passwords
from ..web import go

IDLE_SECONDS = 1200
ENTRY = {"fin31": "certcenter.fin_identity", "cloud32": "certcenter.cloud_identity"}
STEP_ENDPOINTS = {
    "fin31": {"identity": "certcenter.fin_identity", "verify": "certcenter.fin_verify",
              "cloud": "certcenter.fin_register", "done": "certcenter.fin_done"},
    "cloud32": {"identity": "certcenter.cloud_identity", "overseas": "certcenter.cloud_identity",
                "verify": "certcenter.cloud_verify", "cloud": "certcenter.cloud_register",
                "done": "certcenter.cloud_done"},
}
IDENTITY_MISMATCH = "입력하신 정보가 회원정보와 일치하지 않습니다. 아이디, 비밀번호, 주민등록번호를 다시 확인해 주십시오."


class IdentityError(Exception):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, message


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def current_flow(purpose: str) -> CertFlow | None:
    key = session.get(f"certflow:{purpose}")
    row = CertFlow.get_or_none(CertFlow.key_hash == _digest(key)) if key else None
    if row is None:
        return None
    now = dt.datetime.now()
    if now - row.last_seen > dt.timedelta(seconds=IDLE_SECONDS):
        row.delete_instance()
        session.pop(f"certflow:{purpose}", None)
        return None
    CertFlow.update(last_seen=now).where(CertFlow.id == row.id).execute()
    return row


def start_flow(purpose: str) -> CertFlow:
    key = secrets.token_urlsafe(32)
    session[f"certflow:{purpose}"] = key
    return CertFlow.create(key_hash=_digest(key), purpose=purpose)


def flow_or_start(purpose: str) -> CertFlow:
    return current_flow(purpose) or start_flow(purpose)


def advance(flow: CertFlow, step: str, **fields) -> None:
    if STEPS.index(step) > STEPS.index(flow.step):
        fields["step"] = step
    CertFlow.update(**fields).where(CertFlow.id == flow.id).execute()
    for name, value in fields.items():
        setattr(flow, name, value)


def restart(flow: CertFlow, member: Member) -> None:
    fields = dict(member=member, step="identity", verified_at=None, overseas=False, country="", departed=None,
                  departure_consent_at=None)
    CertFlow.update(**fields).where(CertFlow.id == flow.id).execute()
    for name, value in fields.items():
        setattr(flow, name, value)


def requires(purpose: str, step: str):
    """The view runs only when the registration has reached `step` (ASVS 11.1.1: no skipped steps)."""
    def decorate(view):
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            flow = current_flow(purpose)
            if flow is None or flow.member_id is None:
                flash("본인확인부터 진행해 주십시오.")
                return go(url_for(ENTRY[purpose]))
            if not flow.reached(step):
                flash("이전 단계를 먼저 마쳐 주십시오.")
                return go(url_for(STEP_ENDPOINTS[purpose][flow.step]))
            if flow.member.status != "active":
                return go(url_for(ENTRY[purpose]))
            g.certflow = flow
            return view(flow, *args, **kwargs)
        return wrapped
    return decorate


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
    if purpose not in STEP_ENDPOINTS:
        return None
    flow = current_flow(purpose)
    if flow is None or flow.member_id is None:
        return url_for(ENTRY[purpose])
    if not flow.reached("cloud"):
        return url_for(STEP_ENDPOINTS[purpose][flow.step])
    return None


def after_connect(purpose: str) -> str | None:
    """3-2 connects the cloud first; once connected, the registration continues at its own step."""
    if purpose not in STEP_ENDPOINTS:
        return None
    flow = current_flow(purpose)
    if flow is None or not flow.reached("cloud"):
        return url_for(ENTRY[purpose])
    return None


def after_sign(purpose: str) -> str:
    if purpose == "login":
        return url_for("certcenter.login_finish")
    if purpose == "signup":
        return session.get("cert_next") or url_for("main.home")
    return url_for({"fin31": "certcenter.fin_finish", "cloud32": "certcenter.cloud_finish"}[purpose])
