"""개인신용정보 수집/이용/제공현황 (신용정보법 제35조): what was collected, for what, given to whom, when —
read from the sign-up flow, the consent ledger and the audit records, never from a second copy."""
from __future__ import annotations

import json
from dataclasses import dataclass

from ..models.audit import AuditEvent
from ..models.consent import ConsentRecord, Document
from ..models.flow import SignupFlow
from ..models.member import Member

FIELD_LABELS = {"english_name": "영문명", "nationality": "국적", "mail_to": "우편물 수령지", "home": "거주주소",
                "work": "직장주소", "other": "별도거주소", "home_phone": "지역전화번호", "work_phone": "직장전화번호",
                "email": "이메일", "mail_ok": "우편물 수신여부", "email_ok": "이메일 수신여부", "sms_ok": "SMS 수신여부",
                "job_code": "직업", "company": "직장명", "department": "근무부서", "position": "직위"}
CLOUDS = {"financial": ("금융결제원 (금융인증서 클라우드)", "금융인증서"),
          "joint": ("코스콤 (클라우드 공동인증서)", "클라우드 공동인증서")}
# Provision through the 추가인증 toolkit: which outside party learned what.
VERIFY_PARTIES = {
    "verify.sms": ("문자 발송 기관", "휴대전화번호", "휴대폰 SMS 인증"),
    "verify.ars": ("ARS 인증 기관", "전화번호", "2채널 인증(ARS승인)"),
    "verify.transfer": ("이체 은행 (계좌이체인증)", "은행명, 계좌번호", "계좌이체인증(1원 이체)"),
}


@dataclass
class Row:
    when: object
    what: str
    purpose: str
    party: str = ""


def _detail(event) -> dict:
    try:
        return json.loads(event.detail or "{}")
    except ValueError:
        return {}


def _field_names(fields: list[str]) -> str:
    names = []
    for f in fields:
        key = f.split("_")[0] if f.split("_")[0] in ("home", "work", "other") else f
        label = FIELD_LABELS.get(key, "")
        if label and label not in names:
            names.append(label)
    return ", ".join(names) or "고객정보"


def report(member: Member) -> dict:
    collected, provided = [], []
    flow = SignupFlow.select().where(SignupFlow.member == member).order_by(SignupFlow.id.desc()).first()
    joined = member.created_at
    collected.append(Row(joined, "성명, 주민등록번호(고유식별정보), 성별, 생년월일",
                         "실명확인, 회원 식별, 우리사주 거래 및 법령상 의무 이행"))
    collected.append(Row(joined, "휴대전화번호, 주소, 전화번호, 이메일, 직업, 직장정보, 영문명, 국적",
                         "회원관리, 본인확인, 우편물·안내 발송"))
    provided.append(Row(flow.realname_at if flow and flow.realname_at else joined, "성명, 주민등록번호",
                        "실명확인 (회원가입)", "나이스평가정보(주) (실명확인기관)"))
    if flow and flow.carrier:
        provided.append(Row(flow.identity_at or joined, "성명, 생년월일, 성별, 휴대전화번호",
                            "휴대폰 본인인증 (회원가입)", f"{flow.carrier} (이동통신사 본인확인기관)"))
    events = (AuditEvent.select().where((AuditEvent.member == member) & (
        AuditEvent.event.in_(["account.profile_changed", "account.mobile_changed", "cert.registered",
                              "certcenter.departure_query"])
        | AuditEvent.event.startswith("verify.sms.") | AuditEvent.event.startswith("verify.ars.")
        | AuditEvent.event.startswith("verify.transfer."))).order_by(AuditEvent.created_at.desc()).limit(200))
    for e in events:
        detail = _detail(e)
        if e.event == "account.profile_changed":
            if detail.get("fields"):
                collected.append(Row(e.created_at, _field_names(detail["fields"]), "고객정보 변경"))
        elif e.event == "account.mobile_changed":
            collected.append(Row(e.created_at, "휴대전화번호", "휴대전화번호 변경 (SMS 인증)"))
            provided.append(Row(e.created_at, "휴대전화번호", "변경할 번호로 인증번호 발송", "문자 발송 기관"))
        elif e.event == "cert.registered":
            party, name = CLOUDS.get(detail.get("kind"), ("인증서 클라우드", "인증서"))
            collected.append(Row(e.created_at, f"{name} (일련번호, 발급기관, 유효기간)", "인증서 로그인·전자서명"))
            provided.append(Row(e.created_at, "성명, 생년월일, 휴대전화번호", f"{name} 등록", party))
        elif e.event == "certcenter.departure_query":
            provided.append(Row(e.created_at, "성명, 주민등록번호", "해외 접속 시 출국 여부 확인", "법무부 (출입국 기록)"))
        else:
            prefix = ".".join(e.event.split(".")[:2])
            party, what, purpose = VERIFY_PARTIES[prefix]
            provided.append(Row(e.created_at, what, f"{purpose} ({e.subject or '추가인증'})", party))
    consents = (ConsentRecord.select(ConsentRecord, Document).join(Document)
                .where((ConsentRecord.member == member) & (Document.kind == "consent") & ConsentRecord.answer
                       & (ConsentRecord.item.in_(["collect", "unique_collect", "provide", "unique_provide", "agree"])))
                .order_by(ConsentRecord.created_at.desc()))
    key = lambda r: r.when  # noqa: E731
    return {"collected": sorted(collected, key=key, reverse=True), "provided": sorted(provided, key=key, reverse=True),
            "consents": list(consents)}
