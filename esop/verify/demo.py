"""Demo security media: hong1234 has an account, an OTP and a landline; kang5678 a security card;
yoon9012 no medium at all (so 계좌이체인증 applies). Idempotent."""
from __future__ import annotations

import datetime as dt
import random

from ..db import db
from ..models.media import DepositAccount, account_index, active_card, active_otp
from ..models.member import Member, member_by_user_id, rrn_index
from ..rules.rrn import generate_valid_rrn
from ..security import passwords

DEMO_ACCOUNT = "103-136-2104750"
DEMO_ACCOUNT_LABEL = "[대출 모계좌]"
DEMO_ACCOUNT_PASSWORD = "7394"
DEMO_LANDLINE = "02-3770-8800"
EXTRA_MEMBERS = (  # user id, name, birth, sex, mobile
    ("kang5678", "강민지", dt.date(1988, 9, 14), "F", "010-5511-2233"),
    ("yoon9012", "윤서준", dt.date(1992, 2, 3), "M", "010-6622-3344"),
)


def demo_rrn(user_id: str) -> str:
    """The fixed RRN of an extra demo member (for the README and the browser tests)."""
    for uid, _, birth, sex, _ in EXTRA_MEMBERS:
        if uid == user_id:
            return generate_valid_rrn(birth, sex, rng=random.Random(f"esop-demo-{user_id}"))
    raise KeyError(user_id)


def _extra_member(user_id, name, birth, sex, mobile, password, union):
    member = member_by_user_id(user_id)
    if member is not None:
        return member, False
    rrn = demo_rrn(user_id)
    member = Member.create(user_id=user_id, name=name, rrn=rrn, rrn_index=rrn_index(rrn),
                           password_hash=passwords.hash_password(password), union=union, sex=sex,
                           mobile=mobile, email=f"{user_id}@example.com")
    return member, True


def ensure_verification_demo(password: str, union=None) -> list[str]:
    from .issuance import create_account, issue_card, issue_otp
    out = []
    with db.atomic():
        hong = member_by_user_id("hong1234")
        if hong is not None:
            if not hong.home_phone:
                Member.update(home_phone=DEMO_LANDLINE).where(Member.id == hong.id).execute()
            if not DepositAccount.select().where(DepositAccount.number_index == account_index(DEMO_ACCOUNT)).exists():
                create_account(hong, DEMO_ACCOUNT, DEMO_ACCOUNT_PASSWORD, label=DEMO_ACCOUNT_LABEL, primary=True,
                               by="demo")
                out.append(f"hong1234: deposit account {DEMO_ACCOUNT} {DEMO_ACCOUNT_LABEL} 주거래 "
                           f"(password {DEMO_ACCOUNT_PASSWORD}), landline {DEMO_LANDLINE}")
            if active_otp(hong) is None:
                device, _ = issue_otp(hong, by="demo")
                out.append(f"hong1234: OTP {device.serial} (current code in the sandbox console)")
        for user_id, name, birth, sex, mobile in EXTRA_MEMBERS:
            member, created = _extra_member(user_id, name, birth, sex, mobile, password, union)
            if created:
                out.append(f"member {user_id} ({name}): created (password {password})")
            if user_id == "kang5678" and active_card(member) is None:
                issue_card(member, by="demo")
                out.append(f"{user_id}: security card issued (shown in the sandbox console)")
    return out
