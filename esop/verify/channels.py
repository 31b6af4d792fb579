"""Checks over a second channel: SMS code, ARS approval call, branch one-time number, 1-won transfer."""
from __future__ import annotations

import datetime as dt
import secrets

from ..adapters import ProviderError
from ..adapters import ars as ars_answers
from ..adapters.bank import BANKS
from ..models import audit, verify
from ..models.member import Member
from ..models.throttle import hit
from ..models.verification import VerificationFlow, mark_passed
from ..rules.codes import check_numeric_code
from ..rules.digits import normalize_digits
from ..rules.phone import mask_phone
from .outcome import Outcome
from .steps import registered_phones

CODE_SECONDS = 180        # SMS, ARS and transfer codes live 3 minutes (issue 5)
RESEND_COOLDOWN = 30      # seconds between two sends (anchors.md §2)
SENDS_PER_WINDOW = 5      # sends per 15 minutes per member and channel
ONETIME_PURPOSE = "branch.onetime"


def _subject(flow: VerificationFlow) -> str:
    return f"vflow:{flow.id}"


def onetime_subject(member: Member) -> str:
    return f"member:{member.id}"


def _send_allowed(flow, purpose: str, channel: str, now: dt.datetime) -> str | None:
    last = verify.latest(purpose, _subject(flow))
    wait = RESEND_COOLDOWN - int((now - last.created_at).total_seconds()) if last else 0
    if wait > 0:
        return f"인증번호는 {wait}초 후에 다시 요청하실 수 있습니다."
    allowed, retry = hit(f"verify.{channel}:member:{flow.member_id}", SENDS_PER_WINDOW, 900, now=now)
    if not allowed:
        return (f"요청 횟수(15분에 {SENDS_PER_WINDOW}회)를 넘었습니다. "
                f"{retry // 60 + 1}분 후에 다시 시도해 주십시오.")
    return None


def _code_result(flow, slot: str, method: str, result, label: str, void_text: str, ip: str) -> Outcome:
    if result.ok:
        mark_passed(flow, slot, method)
        audit.record(f"verify.{method}.passed", member=flow.member, subject=flow.purpose, ip=ip)
        return Outcome.passed()
    audit.record(f"verify.{method}.failure", member=flow.member, subject=flow.purpose, ip=ip,
                 reason=result.reason)
    if result.reason == "wrong":
        return Outcome.error("code", f"{label}가 일치하지 않습니다. {result.remaining}회 더 틀리면 "
                                     f"{label}를 더 이상 쓸 수 없습니다.")
    if result.reason == "expired":
        return Outcome.error("code", f"{label} 입력 시간이 지났습니다. 다시 요청해 주십시오.")
    if result.reason == "void":
        return Outcome.error("code", void_text, locked=True)
    return Outcome.error("code", f"유효한 {label}가 없습니다. 다시 요청해 주십시오.")


# --- 휴대폰 SMS 인증 ------------------------------------------------------------------------

def sms_challenge(flow):
    row = verify.latest("verify.sms", _subject(flow))
    return row if row and row.status == "open" else None


def send_sms(flow: VerificationFlow, sms, now: dt.datetime | None = None) -> Outcome:
    now = now or dt.datetime.now()
    mobile = flow.member.mobile
    if not mobile:
        return Outcome.error("code", "등록된 휴대폰번호가 없습니다. 다른 인증 방법을 선택해 주십시오.")
    refused = _send_allowed(flow, "verify.sms", "sms", now)
    if refused:
        return Outcome.error("code", refused)
    _, code = verify.issue("verify.sms", _subject(flow), mask_phone(mobile), CODE_SECONDS)
    try:
        sms.send(mobile, f"[esop 추가인증] 인증번호 [{code}]를 {CODE_SECONDS // 60}분 안에 입력해 주십시오. "
                         "타인에게 절대 알려주지 마십시오.", code=code, purpose="추가인증")
    except ProviderError as err:
        return Outcome.error("code", err.message)
    return Outcome.passed(f"{mask_phone(mobile)}(으)로 인증번호를 보냈습니다. 3분 안에 입력해 주십시오.")


def confirm_sms(flow: VerificationFlow, slot: str, code: str, ip: str = "") -> Outcome:
    digits, error = check_numeric_code(code, 6, 6, label="인증번호")
    if error:
        return Outcome.error("code", error)
    return _code_result(flow, slot, "sms", verify.check("verify.sms", _subject(flow), digits), "인증번호",
                        "인증번호를 5회 잘못 입력하여 이 인증번호는 더 이상 쓸 수 없습니다. 인증번호를 다시 요청해 주십시오.", ip)


# --- 1회용 인증번호 (issued at a branch) -----------------------------------------------------

def check_onetime(flow: VerificationFlow, slot: str, code: str, ip: str = "") -> Outcome:
    digits, error = check_numeric_code(code, 6, 8, label="1회용 인증번호")
    if error:
        return Outcome.error("code", error)
    result = verify.check(ONETIME_PURPOSE, onetime_subject(flow.member), digits)
    return _code_result(flow, slot, "onetime", result, "1회용 인증번호",
                        "1회용 인증번호를 5회 잘못 입력하여 더 이상 쓸 수 없습니다. "
                        "영업점에서 새 1회용 인증번호를 발급받아 주십시오.", ip)


# --- 2채널 인증(ARS승인) ----------------------------------------------------------------------

FINAL = ("approved", "declined", "mismatch", "timeout")


def place_ars(flow: VerificationFlow, phone_key: str, caller, now: dt.datetime | None = None) -> Outcome:
    now = now or dt.datetime.now()
    phones = dict(registered_phones(flow.member))
    if phone_key not in phones:
        return Outcome.error("phone", "승인 전화를 받을 전화번호를 선택해 주십시오.")
    allowed, retry = hit(f"verify.ars:member:{flow.member_id}", SENDS_PER_WINDOW, 900, now=now)
    if not allowed:
        return Outcome.error("phone", f"전화 승인요청 횟수(15분에 {SENDS_PER_WINDOW}회)를 넘었습니다. "
                                      f"{retry // 60 + 1}분 후에 다시 시도해 주십시오.")
    digits = f"{secrets.randbelow(90) + 10}"   # two digits, never a leading zero to mishear
    try:
        reference = caller.call(phone=phones[phone_key], digits=digits, purpose=flow.title)
    except ProviderError as err:
        return Outcome.error("phone", err.message)
    expires = now + dt.timedelta(seconds=CODE_SECONDS)
    flow.set_state("ars", {"reference": reference, "digits": digits, "phone": mask_phone(phones[phone_key]),
                           "phone_key": phone_key, "expires": expires.timestamp(), "result": "pending"})
    return Outcome.passed(f"{mask_phone(phones[phone_key])}(으)로 승인 전화를 걸었습니다. "
                          f"전화 안내에 따라 화면의 숫자 {digits}를 누르고 승인해 주십시오.")


def ars_status(flow: VerificationFlow, slot: str, caller, now: dt.datetime | None = None, ip: str = "") -> str:
    """none | pending | approved | declined | mismatch | timeout — and the step passes on approval."""
    now = now or dt.datetime.now()
    state = flow.state_of("ars")
    if not state:
        return "none"
    if state["result"] in FINAL:
        return state["result"]
    if now.timestamp() > state["expires"]:
        result = "timeout"
    else:
        try:
            result = caller.status(state["reference"])
        except ProviderError:
            result = "pending"
        if result == ars_answers.PENDING:
            return "pending"
    state["result"] = result
    flow.set_state("ars", state)
    if result == "approved":
        mark_passed(flow, slot, "ars")
        audit.record("verify.ars.passed", member=flow.member, subject=flow.purpose, ip=ip)
    else:
        audit.record("verify.ars.failure", member=flow.member, subject=flow.purpose, ip=ip, reason=result)
    return result


ARS_MESSAGES = {
    "approved": "2채널 전화 승인이 확인되었습니다.",
    "declined": "전화에서 승인을 거절하셨습니다. 다시 요청하시거나 다른 인증 방법을 선택해 주십시오.",
    "mismatch": "전화에서 누르신 숫자가 화면의 숫자와 다릅니다. 다시 요청해 주십시오.",
    "timeout": "3분 안에 전화 승인이 되지 않았습니다. 다시 요청해 주십시오.",
    "pending": "아직 전화 승인이 확인되지 않았습니다. 전화 안내에 따라 승인하신 뒤 승인 확인을 눌러 주십시오.",
}


# --- a code posted again after its step passed ------------------------------------------------

def note_code_after_pass(flow: VerificationFlow, method: str, code: str) -> None:
    """The step has passed, so no check runs and the member is sent on; a used code typed again is
    still a replay, and is logged like one (ASVS 2.8.5)."""
    where = {"sms": ("verify.sms", _subject(flow)), "transfer": ("verify.transfer", _subject(flow)),
             "onetime": (ONETIME_PURPOSE, onetime_subject(flow.member))}.get(method)
    digits = normalize_digits(code)
    if where and digits.isdigit():
        verify.note_replay(*where, digits)


# --- 계좌이체인증 (1원 이체) -----------------------------------------------------------------

def transfer_challenge(flow):
    row = verify.latest("verify.transfer", _subject(flow))
    return row if row and row.status == "open" else None


def send_transfer(flow: VerificationFlow, bank_name: str, account: str, bank,
                  now: dt.datetime | None = None) -> Outcome:
    now = now or dt.datetime.now()
    if bank_name not in BANKS:
        return Outcome.error("bank", "금융기관명을 선택해 주십시오.")
    digits = normalize_digits(account)
    if not digits.isdigit() or not 10 <= len(digits) <= 16:
        return Outcome.error("account", "계좌번호는 '-' 없이 숫자 10~16자리로 입력해 주십시오.")
    refused = _send_allowed(flow, "verify.transfer", "transfer", now)
    if refused:
        return Outcome.error("account", refused)
    from ..models.media import mask_account
    masked = f"{bank_name} {mask_account(digits)}"
    _, code = verify.issue("verify.transfer", _subject(flow), masked, CODE_SECONDS)
    try:
        bank.send(bank=bank_name, account=digits, holder=flow.member.name, memo=f"esop{code}")
    except ProviderError as err:
        return Outcome.error("account", err.message)
    return Outcome.passed(f"{masked} 계좌로 1원을 보냈습니다. 입금자명(받는 통장 표시)의 숫자 6자리를 3분 안에 입력해 주십시오.")


def confirm_transfer(flow: VerificationFlow, slot: str, code: str, ip: str = "") -> Outcome:
    digits, error = check_numeric_code(code, 6, 6, label="인증번호")
    if error:
        return Outcome.error("code", error)
    return _code_result(flow, slot, "transfer", verify.check("verify.transfer", _subject(flow), digits),
                        "인증번호", "인증번호를 5회 잘못 입력하여 더 이상 쓸 수 없습니다. 1원 이체를 다시 요청해 주십시오.", ip)
