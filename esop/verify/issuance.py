"""Issuing security media (operators and demo data): each issue and unlock leaves an audit record."""
from __future__ import annotations

import json
import secrets

import pyotp

from ..db import db
from ..models import audit, verify
from ..models.media import (DepositAccount, OtpDevice, SecurityCard, account_digits, account_index,
                            format_account, hash_account_password, locked_media, unlock)
from ..models.member import Member
from ..rules.digits import normalize_digits
from .channels import ONETIME_PURPOSE, onetime_subject


class IssueError(ValueError):
    """The operator's input was refused; the message says why."""


def create_account(member: Member, number: str, password: str, *, label: str = "", primary: bool = False,
                   by: str = "operator") -> DepositAccount:
    digits = account_digits(number)
    if not 10 <= len(digits) <= 14:
        raise IssueError("account number must have 10 to 14 digits, e.g. 103-136-2104750")
    pw = normalize_digits(password)
    if len(pw) != 4 or not pw.isdigit():
        raise IssueError("the account password must be 4 digits")
    if DepositAccount.select().where(DepositAccount.number_index == account_index(digits)).exists():
        raise IssueError("this account number is already registered")
    with db.atomic():
        if primary:
            DepositAccount.update(is_primary=False).where(DepositAccount.member == member).execute()
        account = DepositAccount.create(member=member, number=format_account(digits),
                                        number_index=account_index(digits), label=label, is_primary=primary,
                                        password_hash=hash_account_password(pw))
        audit.record("media.account_created", member=member, subject=member.user_id, by=by,
                     account_id=account.id)
    return account


OTP_KINDS = ("otp", "smart")


def _new_serial(prefix: str, digits: int) -> str:
    return prefix + "".join(secrets.choice("0123456789") for _ in range(digits))


def issue_otp(member: Member, *, digits: int = 6, secret: str | None = None, by: str = "operator",
              kind: str = "otp") -> tuple[OtpDevice, str]:
    """A new TOTP device (kind 'otp' 단말기 or 'smart' 스마트OTP); an earlier active one is retired.
    Returns the device and its secret."""
    if digits not in (6, 7, 8):
        raise IssueError("OTP digits must be 6, 7 or 8 (manual: 숫자 6~8자리)")
    if kind not in OTP_KINDS:
        raise IssueError("OTP kind must be otp or smart")
    secret = secret or pyotp.random_base32(32)
    with db.atomic():
        OtpDevice.update(status="retired").where((OtpDevice.member == member) & (OtpDevice.status == "active")).execute()
        serial = _new_serial("OTP", 10)
        while OtpDevice.select().where(OtpDevice.serial == serial).exists():
            serial = _new_serial("OTP", 10)
        device = OtpDevice.create(member=member, serial=serial, secret=secret, digits=digits, kind=kind)
        audit.record("media.otp_issued", member=member, subject=member.user_id, by=by, serial=serial, kind=kind)
    return device, secret


def issue_card(member: Member, *, by: str = "operator", rng=None) -> tuple[SecurityCard, str, list[str]]:
    """A new 보안카드: an 8-digit serial and 35 four-digit codes; an earlier active card is retired."""
    rng = rng or secrets.SystemRandom()
    serial = "".join(rng.choice("0123456789") for _ in range(8))
    codes = ["".join(rng.choice("0123456789") for _ in range(4)) for _ in range(35)]
    with db.atomic():
        SecurityCard.update(status="retired").where((SecurityCard.member == member)
                                                    & (SecurityCard.status == "active")).execute()
        card = SecurityCard.create(member=member, serial=serial, codes=json.dumps(codes))
        audit.record("media.card_issued", member=member, subject=member.user_id, by=by, serial_tail=serial[-3:])
    return card, serial, codes


def issue_onetime(member: Member, *, digits: int = 8, days: int = 7, by: str = "operator") -> str:
    """A branch-issued 1회용 인증번호: single use, expires after `days`, earlier ones stop working."""
    if not 6 <= digits <= 8:
        raise IssueError("a one-time number has 6 to 8 digits")
    with db.atomic():
        row, code = verify.issue(ONETIME_PURPOSE, onetime_subject(member), "영업점 발급", days * 86400, digits=digits)
        audit.record("media.onetime_issued", member=member, subject=member.user_id, by=by,
                     expires=row.expires_at.isoformat(timespec="minutes"))
    return code


def unlock_media(member: Member, kind: str = "all", *, by: str = "operator") -> list[str]:
    """Lift every lock of `kind` (account | otp | card | all); returns what was unlocked."""
    done = []
    for medium_kind, medium in locked_media(member):
        if kind in ("all", medium_kind):
            unlock(medium)
            audit.record("media.unlocked", member=member, subject=member.user_id, by=by, kind=medium_kind,
                         medium_id=medium.id)
            done.append(f"{medium_kind} #{medium.id}")
    return done


def render_card(serial: str, codes: list[str]) -> str:
    """The card as printed for the member (shown once by the operator command)."""
    lines = [f"보안카드 일련번호 {serial}"]
    for row in range(0, 35, 5):
        lines.append("  ".join(f"{i + 1:02d}: {codes[i]}" for i in range(row, min(row + 5, 35))))
    return "\n".join(lines)
