"""회원탈퇴 and the retention rule (README "개인정보 보존 기준"): identity re-checked, then the member's
personal data deleted or anonymized in one transaction; access records purged after 2 years."""
from __future__ import annotations

import datetime as dt
import hmac

from ..db import db, write_transaction
from ..models import audit
from ..models.audit import AuditEvent
from ..models.cert import RegisteredCertificate
from ..models.certflow import CertFlow
from ..models.flow import SignupFlow
from ..models.media import DepositAccount, OtpDevice, SecurityCard
from ..models.member import Member, rrn_index
from ..models.member_care import PasswordHistory, ProfileDraft, Withdrawal
from ..models.security_event import SecurityEvent
from ..models.session import LoginSession
from ..models.verification import VerificationFlow
from ..models.verify import OneTimeCode
from ..results import FieldError
from ..security import passwords

# 전자금융거래법 제22조·시행령 제12조: records of electronic financial transactions, 5 years.
TRANSACTION_YEARS = 5
# 개인정보의 안전성 확보조치 기준 제8조: access records at least 1 year, 2 years when 고유식별정보
# (RRN) is processed — esop processes RRNs, so 2 years is the floor of the purge command.
ACCESS_RECORD_DAYS = 730
ANONYMOUS_NAME = "탈퇴회원"


def check_identity(member: Member, password: str, rrn_digits: str) -> None:
    """본인확인: the login password and the RRN (their shape checked by the form), checked like 비밀번호
    재등록 does (one message for any RRN mismatch, so the page is no RRN oracle); FieldError otherwise."""
    if not passwords.verify_password(member.password_hash, password):
        raise FieldError("password", "비밀번호가 일치하지 않습니다. 다시 확인해 주십시오.")
    if not hmac.compare_digest(member.rrn_index, rrn_index(rrn_digits)):
        raise FieldError("rrn_front", "주민등록번호가 회원정보와 일치하지 않습니다. 다시 확인해 주십시오.")


def withdraw(member: Member, *, ip: str, user_agent: str, now: dt.datetime | None = None) -> None:
    """Delete what only served the membership; keep, without name/RRN/phone, what the law keeps."""
    now = now or dt.datetime.now()
    blank = {f: "" for f in ("english_name", "home_postcode", "home_address", "home_address_jibun",
                              "work_postcode", "work_address", "work_address_jibun", "work_address_detail",
                              "other_postcode", "other_address", "other_address_jibun", "home_phone",
                              "work_phone", "mobile", "email", "job_code", "company", "department", "position")}
    with write_transaction():
        # The audit record first, while the member is still whole; it holds no personal data either.
        audit.record("account.withdrawn", member=member, subject=member.user_id, ip=ip, user_agent=user_agent)
        # 아이디 stays (reserved, so nobody else takes it and the kept records stay attributable);
        # the RRN's blind index goes, so the person may join again.
        Member.update(name=ANONYMOUS_NAME, rrn="", rrn_index=f"withdrawn:{member.id}", password_hash="",
                      home_address_detail=None, other_address_detail=None, sex="", nationality="",
                      mail_ok=False, email_ok=False, sms_ok=False, status="withdrawn", locked_at=None,
                      failed_logins=0, **blank).where(Member.id == member.id).execute()
        for model in (LoginSession, ProfileDraft, PasswordHistory, DepositAccount, OtpDevice, SecurityCard,
                      VerificationFlow, CertFlow):
            model.delete().where(model.member == member).execute()
        OneTimeCode.delete().where(OneTimeCode.subject == f"member:{member.id}").execute()
        RegisteredCertificate.update(status="unregistered", ended_at=now, subject="", cert_pem="").where(
            RegisteredCertificate.member == member).execute()
        SignupFlow.update(name="", rrn=None, rrn_index="", mobile="", draft=None, birth_date=None).where(
            SignupFlow.member == member).execute()
        Withdrawal.create(member=member, withdrawn_at=now,
                          keep_until=now + dt.timedelta(days=365 * TRANSACTION_YEARS))


def purge_access_records(days: int = ACCESS_RECORD_DAYS, now: dt.datetime | None = None) -> dict:
    """Delete access records (audit events, security events) older than `days` (≥ 2 years)."""
    if days < ACCESS_RECORD_DAYS:
        raise ValueError(f"접속기록은 최소 {ACCESS_RECORD_DAYS}일(2년) 보관해야 합니다.")
    cutoff = (now or dt.datetime.now()) - dt.timedelta(days=days)
    with db.atomic():
        events = SecurityEvent.delete().where(SecurityEvent.occurred_at < cutoff).execute()
        records = AuditEvent.delete().where(AuditEvent.created_at < cutoff).execute()
    return {"audit_events": records, "security_events": events, "cutoff": cutoff}
