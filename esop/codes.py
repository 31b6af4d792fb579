"""The one code service (issue 13; STYLE.md 19): every one-time code the app issues, sends and checks —
sign-up 본인인증 (2-3), 추가인증 SMS and 1원 이체, 금융인증서 확인코드, 휴대전화번호 변경 — and every other
message it texts (the cloud's device check, security alerts) goes through here, so expiry, the 5
wrong tries that void a code, the resend wait and the send limits (per number, per IP, per session)
hold for all of them alike.

A code is bound to what asked for it (a sign-up flow, a 추가인증 flow, a member, a cloud link) AND
to the person it was issued for (the RRN index, the member, the cloud subscriber): it is stored
under both, so after a 실명확인 of someone else the code of the previous person is no code at all,
and the caller's final write repeats the binding in its WHERE (signup/service.py).

No Flask request here: callers pass the IP in. Hashing, single use and replay logging stay in
models/verify.py."""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass
from typing import Callable

from flask import current_app

from . import limits
from .adapters import ProviderError
from .models import verify
from .models.throttle import hit
from .models.verify import CodeCheck, OneTimeCode
from .results import FieldError
from .security import crypto


@dataclass(frozen=True)
class Kind:
    purpose: str             # models.verify purpose: the code's hash and its replay log are keyed by it
    label: str               # what the member calls it on screen
    text: str = ""           # the message; {code} and {minutes} filled in
    seconds: int = 0         # lifetime; 0: the configured SMS_CODE_SECONDS


KINDS = {
    "signup.identity": Kind("signup.identity", "인증번호"),   # the carrier texts it (PASS): no text here
    "verify.sms": Kind("verify.sms", "인증번호",
                       "[esop 추가인증] 인증번호 [{code}]를 {minutes}분 안에 입력해 주십시오. 타인에게 절대 알려주지 마십시오."),
    "verify.transfer": Kind("verify.transfer", "인증번호", "esop{code}"),
    "account.mobile": Kind("account.mobile", "인증번호",
                           "[esop 우리사주뱅킹] 휴대전화번호 변경 인증번호 [{code}]를 {minutes}분 안에 입력해 주십시오."),
    "certcloud.financial": Kind("certcloud.financial", "확인코드",
                                "[금융인증서] 확인코드 [{code}]를 화면에 입력해 주십시오. ({minutes}분 이내)"),
}


def seconds_of(kind: str) -> int:
    return KINDS[kind].seconds or current_app.config["SMS_CODE_SECONDS"]


def _bound(subject: str, person: str) -> str:
    """The subject a code is stored under: the asker and a keyed tag of the person (no RRN index or
    name in the clear twice)."""
    tag = hmac.new(crypto.keyring().index_key, f"code-person\x00{person}".encode(), hashlib.sha256).hexdigest()
    return f"{subject}/{tag[:20]}"


def body(kind: str, code: str) -> str:
    return KINDS[kind].text.format(code=code, minutes=seconds_of(kind) // 60)


def _gate(purpose: str, subject: str, to: str, ip: str, now: dt.datetime | None, *, resend: bool = True,
          counts: dict[str, str] | None = None) -> None:
    """The resend wait, then the send limits (per session, number and IP unless `counts` names
    others); raises FieldError."""
    if resend:
        wait = current_app.config["CODE_RESEND_SECONDS"]
        allowed, retry = hit(f"code.resend:{purpose}:{subject}", 1, wait, now=now)
        if not allowed:
            # A wait, not a limit: answered beside the field, without 429.
            raise FieldError("", f"인증번호는 {retry}초 후에 다시 요청하실 수 있습니다.")
    if counts is None:
        counts = {"code.session": f"{purpose}:{subject}", "code.number": "".join(c for c in to if c.isalnum())}
        if ip:
            counts["code.ip"] = ip
    refused = limits.check(counts, now=now)
    if refused:
        raise refused


def send(kind: str, *, subject: str, person: str, to: str, ip: str, deliver: Callable[[str], None],
         target: str | None = None, now: dt.datetime | None = None) -> OneTimeCode:
    """Issue a code of `kind` bound to `subject` and `person` and hand it to `deliver` (which texts
    `body(kind, code)` through the SMS adapter, the cloud, the bank). `to`: the number (or account)
    the limits count; `target`: what the row keeps (default `to`; masked where only shown)."""
    _gate(KINDS[kind].purpose, subject, to, ip, now)
    row, code = verify.issue(KINDS[kind].purpose, _bound(subject, person), to if target is None else target,
                             seconds_of(kind))
    try:
        deliver(code)
    except ProviderError as err:
        OneTimeCode.update(status="void").where(OneTimeCode.id == row.id).execute()
        raise FieldError("", err.message) from err
    return row


def send_by_provider(kind: str, *, subject: str, person: str, to: str, ip: str,
                     request: Callable[[str], dt.datetime], now: dt.datetime | None = None) -> OneTimeCode:
    """A code the provider issues, texts and checks (휴대폰 본인인증/PASS): `request(bound_subject)`
    asks it and returns the expiry. Its lifetime, tries, use and limits are still kept here."""
    _gate(KINDS[kind].purpose, subject, to, ip, now)
    bound = _bound(subject, person)
    try:
        expires_at = request(bound)
    except ProviderError as err:
        raise FieldError("", err.message) from err
    return verify.record(KINDS[kind].purpose, bound, to, expires_at)


def notify(purpose: str, *, subject: str, to: str, ip: str, deliver: Callable[[], None],
           counts: dict[str, str] | None = None, resend: bool = True, now: dt.datetime | None = None) -> None:
    """A message with no code to type back (the cloud's device check, a security alert): the same
    resend wait and limits unless told otherwise. Raises FieldError (also for the provider's refusal)."""
    _gate(purpose, subject, to, ip, now, resend=resend, counts=counts)
    try:
        deliver()
    except ProviderError as err:
        raise FieldError("", err.message) from err


def challenge(kind: str, *, subject: str, person: str, target: str | None = None) -> OneTimeCode | None:
    """The open code of this asker and person (expired or not: typing it tells the member it expired)."""
    row = verify.latest(KINDS[kind].purpose, _bound(subject, person))
    if row is None or row.status != "open" or (target is not None and row.target != target):
        return None
    return row


def confirm(kind: str, *, subject: str, person: str, code: str, target: str | None = None,
            provider_check: Callable[[str, str], CodeCheck] | None = None,
            now: dt.datetime | None = None) -> tuple[CodeCheck, OneTimeCode | None]:
    """Check a typed code against the one issued to this asker for this person (and, given `target`,
    this number); (result, the code's row). `provider_check(bound_subject, code)` for codes the
    provider holds."""
    purpose, bound = KINDS[kind].purpose, _bound(subject, person)
    row = verify.latest(purpose, bound)
    if target is not None and row is not None and row.target != target:
        return CodeCheck(False, "none"), None
    if provider_check is None or row is None or row.code_hash != verify.HELD_ELSEWHERE:
        return verify.check(purpose, bound, code, now=now), row
    now = now or dt.datetime.now()
    if row.status in ("superseded", "used"):
        verify.note_replay(purpose, bound, code)
        return CodeCheck(False, "none"), row
    if row.status == "void":
        return CodeCheck(False, "void"), row
    if row.expires_at <= now:
        return CodeCheck(False, "expired"), row
    try_no = verify.reserve_try(row)   # counted before the provider compares (security/attempts.py)
    if not try_no:
        return CodeCheck(False, "void"), row
    try:
        answer = provider_check(bound, code)
    except ProviderError as err:
        raise FieldError("", err.message) from err
    if answer.ok:
        return (CodeCheck(True) if verify.use(row, code) else CodeCheck(False, "none")), row
    if answer.reason == "wrong":
        return verify.wrong_try(row, try_no), row
    return answer, row


def note_replay(kind: str, *, subject: str, person: str, code: str) -> None:
    """A code typed again after its step passed: no check runs, but a replay is logged (ASVS 2.8.5)."""
    if code.isdigit():
        verify.note_replay(KINDS[kind].purpose, _bound(subject, person), code)


def message(kind: str, result: CodeCheck) -> str:
    """The member's sentence for a refused code, the same for every kind ("" for an accepted one)."""
    if result.ok:
        return ""
    label = KINDS[kind].label
    return {
        "wrong": f"{label}가 일치하지 않습니다. {result.remaining}회 더 틀리면 {label}를 더 이상 쓸 수 없습니다.",
        "expired": f"{label} 입력 시간이 지났습니다({seconds_of(kind) // 60}분). {label}를 다시 요청해 주십시오.",
        "void": f"{label}를 {verify.MAX_WRONG}회 잘못 입력하여 무효가 되었습니다. 이 {label}는 더 이상 쓸 수 "
                f"없습니다. {label}를 다시 요청해 주십시오.",
        "none": f"유효한 {label}가 없습니다. {label}를 다시 요청해 주십시오.",
    }[result.reason]
