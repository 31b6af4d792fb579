"""Demo data for a first run: a union with a roster and one member who can log in at once."""
from __future__ import annotations

import datetime as dt
import random

from .address.importer import ensure_sample_addresses
from .db import db
from .models.member import Member, member_by_user_id, rrn_index
from .models.union import RosterEntry, Union
from .rules.rrn import generate_valid_rrn
from .security import crypto, passwords

DEMO_UNION = "우리사주조합"
DEMO_USER_ID = "hong1234"
DEMO_PASSWORD = "Esop#2026"


def demo_people() -> list[tuple[str, str]]:
    """Roster people with valid (generated, fixed) RRNs: the demo member and people free to sign up."""
    rng = random.Random(20261126)
    births = [("홍길동", dt.date(1971, 3, 21), "M"), ("김한국", dt.date(1985, 7, 2), "M"),
              ("이영희", dt.date(1990, 11, 15), "F"), ("박민수", dt.date(1978, 1, 30), "M"),
              ("최지은", dt.date(1995, 5, 9), "F")]
    return [(name, generate_valid_rrn(birth, sex, rng=rng)) for name, birth, sex in births]


def ensure_demo_data() -> list[str]:
    out = []
    with db.atomic():
        union, created = Union.get_or_create(name=DEMO_UNION, defaults={"company": "esop 데모 주식회사"})
        out.append(f"union {DEMO_UNION}: {'created' if created else 'exists'}")
        for name, rrn in demo_people():
            index = crypto.keyring().blind_index(rrn, "rrn")
            RosterEntry.get_or_create(union=union, rrn_index=index, defaults={"name": name})
        if member_by_user_id(DEMO_USER_ID) is None:
            name, rrn = demo_people()[0]
            Member.create(user_id=DEMO_USER_ID, name=name, rrn=rrn, rrn_index=rrn_index(rrn),
                          password_hash=passwords.hash_password(DEMO_PASSWORD), union=union,
                          english_name="HONG GILDONG", sex="M", mobile="010-4784-1234",
                          email="hong@example.com")
            out.append(f"member {DEMO_USER_ID}: created (password {DEMO_PASSWORD})")
        else:
            out.append(f"member {DEMO_USER_ID}: exists")
    out.append(ensure_sample_addresses())
    from .verify.demo import ensure_verification_demo
    out += ensure_verification_demo(DEMO_PASSWORD, union)
    from .certcenter.demo import ensure_demo_certificates
    out += ensure_demo_certificates()
    return out
