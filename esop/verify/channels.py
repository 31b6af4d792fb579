"""Checks over a second channel: SMS code, ARS approval call, branch one-time number, 1-won transfer."""
from __future__ import annotations

import datetime as dt
import secrets

from .. import codes, limits
from ..adapters import ProviderError
from ..adapters import ars as ars_answers
from ..adapters.bank import BANKS
from ..models import audit, verify
from ..models.member import Member
from ..models.verification import VerificationFlow, mark_passed
from ..results import FieldError
from ..rules.digits import mask_typed_account, normalize_digits
from ..rules.phone import mask_phone
from .steps import registered_phones

ARS_SECONDS = 180         # an ARS approval call waits 3 minutes, as the codes do (issue 5)
ONETIME_PURPOSE = "branch.onetime"


def _subject(flow: VerificationFlow) -> str:
    return f"vflow:{flow.id}"


def onetime_subject(member: Member) -> str:
    return f"member:{member.id}"


def _person(flow: VerificationFlow) -> str:
    """Whom a 추가인증 code is for: the member the flow identified."""
    return f"member:{flow.member_id}"


def _code_result(flow, slot: str, method: str, result, ip: str, text: str) -> None:
    if result.ok:
        mark_passed(flow, slot, method)
        audit.record(f"verify.{method}.passed", member=flow.member, subject=flow.purpose, ip=ip)
        return
    audit.record(f"verify.{method}.failure", member=flow.member, subject=flow.purpose, ip=ip,
                 reason=result.reason)
    raise FieldError("code", text)


# --- 휴대폰 SMS 인증 ------------------------------------------------------------------------

def sms_challenge(flow):
    return codes.challenge("verify.sms", subject=_subject(flow), person=_person(flow))


def send_sms(flow: VerificationFlow, sms, *, ip: str = "", now: dt.datetime | None = None) -> str:
    mobile = flow.member.mobile
    if not mobile:
        raise FieldError("code", "등록된 휴대폰번호가 없습니다. 다른 인증 방법을 선택해 주십시오.")
    try:
        codes.send("verify.sms", subject=_subject(flow), person=_person(flow), to=mobile, ip=ip,
                   target=mask_phone(mobile), now=now,
                   deliver=lambda code: sms.send(mobile, codes.body("verify.sms", code), code=code, purpose="추가인증"))
    except FieldError as err:
        raise err.at("code") from err
    minutes = codes.seconds_of("verify.sms") // 60
    return f"{mask_phone(mobile)}(으)로 인증번호를 보냈습니다. {minutes}분 안에 입력해 주십시오."


def confirm_sms(flow: VerificationFlow, slot: str, code: str, ip: str = "") -> None:
    """`code`: six digits (verify.forms.CodeForm checked them)."""
    result, _ = codes.confirm("verify.sms", subject=_subject(flow), person=_person(flow), code=code)
    _code_result(flow, slot, "sms", result, ip, codes.message("verify.sms", result))


# --- 1회용 인증번호 (issued at a branch) -----------------------------------------------------

def check_onetime(flow: VerificationFlow, slot: str, code: str, ip: str = "") -> None:
    """`code`: 6~8 digits (verify.forms.OneTimeForm checked them)."""
    result = verify.check(ONETIME_PURPOSE, onetime_subject(flow.member), code)
    _code_result(flow, slot, "onetime", result, ip, ONETIME_MESSAGES.get(result.reason, "").format(n=result.remaining))


# Issued at a branch, never sent: the member cannot ask for another here, so the words differ.
ONETIME_MESSAGES = {
    "wrong": "1회용 인증번호가 일치하지 않습니다. {n}회 더 틀리면 1회용 인증번호를 더 이상 쓸 수 없습니다.",
    "expired": "1회용 인증번호 입력 시간이 지났습니다. 영업점에서 새 1회용 인증번호를 발급받아 주십시오.",
    "void": "1회용 인증번호를 5회 잘못 입력하여 더 이상 쓸 수 없습니다. 영업점에서 새 1회용 인증번호를 발급받아 주십시오.",
    "none": "유효한 1회용 인증번호가 없습니다. 영업점에서 새 1회용 인증번호를 발급받아 주십시오.",
}


# --- 2채널 인증(ARS승인) ----------------------------------------------------------------------

FINAL = ("approved", "declined", "mismatch", "timeout")


def place_ars(flow: VerificationFlow, phone_key: str, caller, now: dt.datetime | None = None) -> str:
    now = now or dt.datetime.now()
    phones = dict(registered_phones(flow.member))
    if phone_key not in phones:
        raise FieldError("phone", "승인 전화를 받을 전화번호를 선택해 주십시오.")
    refused = limits.check({"ars.member": str(flow.member_id)}, now=now, field="phone")
    if refused:
        raise refused
    digits = f"{secrets.randbelow(90) + 10}"   # two digits, never a leading zero to mishear
    try:
        reference = caller.call(phone=phones[phone_key], digits=digits, purpose=flow.title)
    except ProviderError as err:
        raise FieldError("phone", err.message) from err
    expires = now + dt.timedelta(seconds=ARS_SECONDS)
    flow.set_state("ars", {"reference": reference, "digits": digits, "phone": mask_phone(phones[phone_key]),
                           "phone_key": phone_key, "expires": expires.timestamp(), "result": "pending"})
    return (f"{mask_phone(phones[phone_key])}(으)로 승인 전화를 걸었습니다. "
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
    digits = normalize_digits(code)
    if method in ("sms", "transfer"):
        codes.note_replay(f"verify.{method}", subject=_subject(flow), person=_person(flow), code=digits)
    elif method == "onetime" and digits.isdigit():
        verify.note_replay(ONETIME_PURPOSE, onetime_subject(flow.member), digits)


# --- 계좌이체인증 (1원 이체) -----------------------------------------------------------------

def transfer_challenge(flow):
    return codes.challenge("verify.transfer", subject=_subject(flow), person=_person(flow))


def send_transfer(flow: VerificationFlow, bank_name: str, account: str, bank, *, ip: str = "",
                  now: dt.datetime | None = None) -> str:
    if bank_name not in BANKS:
        raise FieldError("bank", "금융기관명을 선택해 주십시오.")
    digits = normalize_digits(account)
    if not digits.isdigit() or not 10 <= len(digits) <= 16:
        raise FieldError("account", "계좌번호는 '-' 없이 숫자 10~16자리로 입력해 주십시오.")
    # Shown in the member's own grouping: another bank's number is not laid out like ours (issue 16).
    masked = f"{bank_name} {mask_typed_account(account)}"
    try:
        codes.send("verify.transfer", subject=_subject(flow), person=_person(flow), to=digits, ip=ip, target=masked,
                   now=now, deliver=lambda code: bank.send(bank=bank_name, account=digits, holder=flow.member.name,
                                                           memo=codes.body("verify.transfer", code)))
    except FieldError as err:
        raise err.at("account") from err
    return f"{masked} 계좌로 1원을 보냈습니다. 입금자명(받는 통장 표시)의 숫자 6자리를 3분 안에 입력해 주십시오."


def confirm_transfer(flow: VerificationFlow, slot: str, code: str, ip: str = "") -> None:
    """`code`: six digits (verify.forms.TransferCodeForm checked them)."""
    result, _ = codes.confirm("verify.transfer", subject=_subject(flow), person=_person(flow), code=code)
    _code_result(flow, slot, "transfer", result, ip, codes.message("verify.transfer", result))
