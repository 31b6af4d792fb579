"""Security media of a member: deposit accounts, OTP devices, security cards — each with its own lock.

Secrets never sit in plaintext: account numbers and OTP secrets and card grids are AES-GCM
encrypted (EncryptedField), account passwords are peppered and argon2id-hashed.
"""
from __future__ import annotations

import datetime as dt
import json

from peewee import BooleanField, CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from ..db import BaseModel
from ..security import crypto, passwords
from ..security.attempts import Counter
from .fields import EncryptedField
from .member import Member

# 전자금융감독규정 practice: five consecutive wrong answers lock the medium until a branch unlocks it.
MAX_FAILURES = 5


class LockableMedium(BaseModel):
    failures = IntegerField(default=0)
    locked_at = DateTimeField(null=True)
    created_at = DateTimeField(default=dt.datetime.now)

    @property
    def locked(self) -> bool:
        return self.locked_at is not None


class DepositAccount(LockableMedium):
    """예수금계좌: number encrypted with a blind index; the 4-digit online password hashed."""
    member = ForeignKeyField(Member, backref="deposit_accounts", on_delete="CASCADE")
    number = EncryptedField("deposit.number")
    number_index = CharField(max_length=64, unique=True)
    label = CharField(default="")          # e.g. "[대출 모계좌]"
    is_primary = BooleanField(default=False)  # 주거래
    password_hash = TextField()

    class Meta:
        table_name = "deposit_account"


class OtpDevice(LockableMedium):
    """A TOTP device (or the sandbox's simulation of one): an OTP단말기 with a button, or a 스마트OTP —
    an IC card the member taps on the back of the phone, whose app then shows the number."""
    member = ForeignKeyField(Member, backref="otp_devices", on_delete="CASCADE")
    serial = CharField(max_length=20, unique=True)
    kind = CharField(default="otp")        # otp (OTP단말기) | smart (스마트OTP)
    secret = EncryptedField("otp.secret")
    digits = IntegerField(default=6)
    last_step = IntegerField(default=0)    # the last accepted 30-second step: no replay (ASVS 2.8.4)
    status = CharField(default="active")   # active | retired

    class Meta:
        table_name = "otp_device"


class SecurityCard(LockableMedium):
    """보안카드: a serial and 35 numbered 4-digit codes, all encrypted as one value."""
    member = ForeignKeyField(Member, backref="security_cards", on_delete="CASCADE")
    serial = EncryptedField("card.serial")
    codes = EncryptedField("card.codes")   # JSON list of 35 strings
    status = CharField(default="active")

    class Meta:
        table_name = "security_card"

    def code_list(self) -> list[str]:
        return json.loads(self.codes)


MEDIA_MODELS = {"account": DepositAccount, "otp": OtpDevice, "card": SecurityCard}


def account_digits(number: str) -> str:
    return "".join(c for c in number if c.isdigit())


def format_account(digits: str) -> str:
    """"1031362104750" → "103-136-2104750" (증권금융 layout: 3-3-rest)."""
    return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}" if len(digits) > 6 else digits


def mask_account(number: str) -> str:
    """"103-136-2104750" → "103-136-***4750": enough to recognise one's own account."""
    d = account_digits(number)
    if len(d) <= 4:
        return "*" * len(d)
    shown = format_account(d)
    head, tail = shown[:-4], shown[-4:]
    masked_head = "".join("*" if (c.isdigit() and i >= 8) else c for i, c in enumerate(head))
    return masked_head + tail


def spoken_account(number: str) -> str:
    """What a screen reader should say instead of "별표 별표 …"."""
    d = account_digits(number)
    return f"{d[:3]}-{d[3:6]}로 시작하고 끝자리가 {d[-4:]}인 계좌" if len(d) > 8 else f"끝자리 {d[-4:]} 계좌"


def account_index(number: str) -> str:
    return crypto.keyring().blind_index(account_digits(number), "deposit.number")


def _pepper(password: str) -> str:
    # A 4-digit secret is trivially brute-forced from a stolen hash; keying it with the index
    # key first means a stolen database alone is not enough.
    return crypto.keyring().blind_index(password, "deposit.password")


def hash_account_password(password: str) -> str:
    return passwords.hash_password(_pepper(password))


def account_password_ok(account: DepositAccount, password: str) -> bool:
    return passwords.verify_password(account.password_hash, _pepper(password))


def accounts_of(member: Member) -> list[DepositAccount]:
    return list(DepositAccount.select().where(DepositAccount.member == member)
                .order_by(DepositAccount.is_primary.desc(), DepositAccount.id))


def active_otp(member: Member) -> OtpDevice | None:
    return (OtpDevice.select().where((OtpDevice.member == member) & (OtpDevice.status == "active"))
            .order_by(OtpDevice.id.desc()).first())


def active_card(member: Member) -> SecurityCard | None:
    return (SecurityCard.select().where((SecurityCard.member == member) & (SecurityCard.status == "active"))
            .order_by(SecurityCard.id.desc()).first())


def counter_of(medium: LockableMedium) -> Counter:
    """The medium's consecutive-failure counter (security/attempts.py), locked until a branch unlocks it."""
    model = type(medium)
    return Counter(model, model.failures, MAX_FAILURES, usable=lambda: model.locked_at.is_null(),
                   lock=lambda: {model.locked_at: dt.datetime.now()})


def unlock(medium: LockableMedium) -> None:
    model = type(medium)
    model.update(failures=0, locked_at=None).where(model.id == medium.id).execute()


def locked_media(member: Member) -> list[tuple[str, LockableMedium]]:
    out = []
    for kind, model in MEDIA_MODELS.items():
        out += [(kind, row) for row in model.select().where(
            (model.member == member) & model.locked_at.is_null(False))]
    return out
