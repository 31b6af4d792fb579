"""Checks against what the member holds: deposit account password, OTP device, security card."""
from __future__ import annotations

import datetime as dt
import hmac
import secrets

import pyotp

from ..models import audit
from ..models.media import (MAX_FAILURES, DepositAccount, OtpDevice, account_password_ok, active_card,
                            active_otp, counter_of)
from ..models.verification import VerificationFlow, mark_passed
from ..results import FieldError
from ..rules.codes import check_numeric_code
from ..rules.digits import normalize_digits
from ..security import attempts

BRANCH = "영업점 또는 고객센터(1544-8333)에서 잠금을 해제해 주십시오."
LOCKED = {
    "account": "예수금계좌비밀번호를 5회 잘못 입력하여 이 계좌의 비밀번호 사용이 제한되었습니다. " + BRANCH,
    "otp": "OTP비밀번호를 5회 잘못 입력하여 OTP 사용이 제한되었습니다. " + BRANCH,
    "card": "보안카드번호를 5회 잘못 입력하여 보안카드 사용이 제한되었습니다. " + BRANCH,
}
OTP_STEP = 30  # seconds per TOTP step (RFC 6238)


def failure_message(what: str, failures: int, max_failures: int, locked_text: str) -> str:
    if failures >= max_failures:
        return locked_text
    return (f"{what}가 일치하지 않습니다. {failures}회 오류, "
            f"{max_failures - failures}회 더 틀리면 사용이 제한됩니다.")


def _attempt(flow, slot: str, kind: str, medium, field: str, what: str, ip: str, check) -> None:
    """One guarded try (security/attempts.py): counted before `check()` runs, so concurrent wrong answers
    cannot get more than MAX_FAILURES evaluated; a right answer after the lock is refused. Passes the
    slot, or raises FieldError beside `field` (LOCKED[kind] once the medium is locked)."""
    counter = counter_of(medium)
    try_no = attempts.reserve(counter, medium.id)
    if not try_no:
        raise FieldError(field, LOCKED[kind])
    if check():
        if not attempts.settle_right(counter, medium.id):   # a racing wrong answer locked it meanwhile
            raise FieldError(field, LOCKED[kind])
        mark_passed(flow, slot, kind)
        audit.record(f"verify.{kind}.passed", member=flow.member, subject=flow.purpose, ip=ip)
        return
    # Only the request that locked the medium records the lock: one alert per lock (mypage/alerts.py).
    locked_now = attempts.settle_wrong(counter, medium.id, try_no)
    audit.record(f"verify.{kind}.locked" if locked_now else f"verify.{kind}.failure", member=flow.member,
                 subject=flow.purpose, ip=ip, failures=try_no)
    raise FieldError(field, failure_message(what, try_no, MAX_FAILURES, LOCKED[kind]))


# --- 예수금 계좌 인증 -------------------------------------------------------------------------

def check_account(flow: VerificationFlow, slot: str, account_id: str, password: str, ip: str = "") -> None:
    """`password`: four digits (verify.forms.AccountForm checked them)."""
    account = None
    if (account_id or "").isdigit():
        account = DepositAccount.get_or_none((DepositAccount.id == int(account_id))
                                             & (DepositAccount.member == flow.member))
    if account is None:
        raise FieldError("account", "예수금계좌번호를 선택해 주십시오.")
    _attempt(flow, slot, "account", account, "password", "예수금계좌비밀번호", ip,
             lambda: account_password_ok(account, password))


# --- OTP ----------------------------------------------------------------------------------

def totp_step(now: dt.datetime) -> int:
    return int(now.timestamp()) // OTP_STEP


def otp_code(device: OtpDevice, now: dt.datetime | None = None) -> str:
    """The code the device shows now (for the sandbox console and tests)."""
    now = now or dt.datetime.now()
    return pyotp.TOTP(device.secret, digits=device.digits, interval=OTP_STEP).at(now)


def match_otp(device: OtpDevice, code: str, now: dt.datetime) -> tuple[str, int]:
    """("ok", step) | ("replay", step) | ("wrong", 0); one step of drift either way (RFC 6238 §6)."""
    totp = pyotp.TOTP(device.secret, digits=device.digits, interval=OTP_STEP)
    current = totp_step(now)
    for step in (current, current - 1, current + 1):
        if hmac.compare_digest(totp.at(step * OTP_STEP), code):
            return ("replay", step) if step <= device.last_step else ("ok", step)
    return "wrong", 0


def check_otp(flow: VerificationFlow, slot: str, serial: str, code: str, now: dt.datetime | None = None,
              ip: str = "") -> None:
    """Manual 3-2 보안확인 수단: OTP일련번호 and OTP비밀번호. The serial is printed on the device, not a
    secret, so a wrong one is not counted; only the code (6~8 digits, verify.forms.OtpForm checked them)
    is guarded by the lockout."""
    now = now or dt.datetime.now()
    device = active_otp(flow.member)
    if device is None:
        raise FieldError("code", "등록된 OTP가 없습니다. 다른 인증 방법을 선택해 주십시오.")
    typed = "".join((serial or "").split()).replace("-", "").upper()
    if not typed:
        raise FieldError("serial", "OTP일련번호를 입력해 주십시오.")
    if not secrets.compare_digest(typed.encode(), device.serial.upper().encode()):
        raise FieldError("serial", "OTP일련번호가 고객님의 OTP와 일치하지 않습니다. "
                                       "OTP 뒷면에 적힌 일련번호를 확인해 주십시오.")
    replayed = []

    def right() -> bool:
        result, step = match_otp(device, code, now)
        if result == "ok":
            # Only one request may use this step: the update wins only while last_step is older.
            won = OtpDevice.update(last_step=step).where(
                (OtpDevice.id == device.id) & (OtpDevice.last_step < step)).execute()
            if won == 1:
                return True
            result = "replay"
        if result == "replay":
            audit.record("verify.otp.replay", member=flow.member, subject=flow.purpose, ip=ip)
            replayed.append(step)
        return False

    try:
        _attempt(flow, slot, "otp", device, "code", "OTP비밀번호", ip, right)
    except FieldError as err:
        if replayed and err.message != LOCKED["otp"]:
            raise FieldError(err.field, "이미 사용한 OTP비밀번호입니다. OTP에 새 번호가 표시되면 그 번호를 입력해 "
                                        "주십시오. " + err.message) from err
        raise


# --- 보안카드 -------------------------------------------------------------------------------

HALVES = {"front": "앞 두자리", "back": "뒤 두자리"}


def card_challenge(flow: VerificationFlow, rng=None) -> dict:
    """Two different code numbers (1–35), each with a half; fixed for this flow once chosen,
    so failing does not let anyone fish for more cells of the card."""
    challenge = flow.state_of("card")
    if challenge:
        return challenge
    rng = rng or secrets.SystemRandom()
    first, second = rng.sample(range(1, 36), 2)
    challenge = {"first": first, "first_half": rng.choice(("front", "back")),
                 "second": second, "second_half": rng.choice(("front", "back"))}
    flow.set_state("card", challenge)
    return challenge


def _half(code: str, half: str) -> str:
    return code[:2] if half == "front" else code[2:]


def check_card(flow: VerificationFlow, slot: str, serial3: str, first: str, second: str,
               ip: str = "") -> None:
    card = active_card(flow.member)
    if card is None:
        raise FieldError("serial", "등록된 보안카드가 없습니다. 다른 인증 방법을 선택해 주십시오.")
    challenge = card_challenge(flow)
    serial3, first, second = (normalize_digits(v) for v in (serial3, first, second))
    for field, value, size, label in (("serial", serial3, 3, "보안카드 일련번호 끝 3자리"),
                                      ("first", first, 2, f"{challenge['first']}번째 암호"),
                                      ("second", second, 2, f"{challenge['second']}번째 암호")):
        _, error = check_numeric_code(value, size, size, label=label)
        if error:
            raise FieldError(field, error)
    codes = card.code_list()
    expected = (normalize_digits(card.serial)[-3:] + _half(codes[challenge["first"] - 1], challenge["first_half"])
                + _half(codes[challenge["second"] - 1], challenge["second_half"]))
    _attempt(flow, slot, "card", card, "serial", "보안카드 일련번호 또는 보안카드번호", ip,
                    lambda: hmac.compare_digest(expected, serial3 + first + second))
