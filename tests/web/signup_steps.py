"""Walk the sign-up wizard with the Flask client, step by step, for the web tests."""
from __future__ import annotations

import datetime as dt
import itertools
import random

from esop.db import db
from esop.models.sandbox import SandboxMessage
from esop.rules.rrn import check_digit, generate_valid_rrn
from helpers import page_csrf

PASSWORD = "Kite#8203"


def new_rrn(seed="x", birth=dt.date(1984, 4, 12), sex="M") -> str:
    return generate_valid_rrn(birth, sex, rng=random.Random(seed))


_serial = itertools.count()


def serial_rrn() -> str:
    """A valid RRN that no other call in this process returns (for walks of hundreds of sign-ups:
    new_rrn draws 5 random digits for one birth date, so a few hundred seeds meet a duplicate, which the
    app rightly refuses). Born 1970-01-01 + n // 10^5 days, a man, tail n % 10^5."""
    n = next(_serial)
    first12 = (dt.date(1970, 1, 1) + dt.timedelta(days=n // 100_000)).strftime("%y%m%d") + f"1{n % 100_000:05d}"
    return first12 + str(check_digit(first12, False))


def post(client, url, data, page=None, **kw):
    data = dict(data, csrf_token=page_csrf(client, page or url))
    return client.post(url, data=data, **kw)


def do_terms(client):
    client.get("/signup/")
    return post(client, "/signup/terms", {"online_service_terms": "y", "electronic_finance_terms": "y",
                                          "privacy_policy": "y"})


def do_consent(client, view=True, **answers):
    if view:
        client.get("/signup/document/credit-info-consent")
    data = {"collect": "yes", "unique_collect": "yes", "provide": "yes", "unique_provide": "yes", "marketing": "no"}
    data.update(answers)
    return post(client, "/signup/consent", data)


def do_realname(client, name="김한국", rrn=None):
    rrn = rrn or new_rrn()
    return post(client, "/signup/realname", {"name": name, "rrn_front": rrn[:6], "rrn_back": rrn[6:]})


def last_code(phone="010-2345-6789") -> str:
    with db.connection_context():
        return SandboxMessage.select().where(SandboxMessage.to == phone).order_by(SandboxMessage.id.desc()).get().code


def do_identity(client, phone="010-2345-6789"):
    post(client, "/signup/identity/send", {"carrier": "KT", "mobile": phone}, page="/signup/realname")
    return post(client, "/signup/identity/confirm", {"code": last_code(phone)}, page="/signup/realname")


def profile_data(**over):
    data = {"english_name": "KIM HANGUK", "nationality": "대한민국", "user_id": "kimhk2026",
            "password": PASSWORD, "password_confirm": PASSWORD, "mail_to": "home",
            "home_postcode": "07330", "home_address": "서울특별시 영등포구 국제금융로8길 10",
            "home_address_jibun": "서울특별시 영등포구 여의도동 34-9", "home_address_detail": "3층",
            "home_phone": "02-3770-8800", "work_phone": "", "mobile": "010-2345-6789",
            "email": "kim@example.com", "mail_ok": "y", "email_ok": "n", "sms_ok": "y",
            "job_major": "3", "job_mid": "31", "job_minor": "312", "company": "esop 데모", "department": "재무팀",
            "position": "과장"}
    data.update(over)
    return data


def do_profile(client, **over):
    return post(client, "/signup/profile", profile_data(**over))


def walk_to_profile(client, rrn=None, name="김한국"):
    assert do_terms(client).status_code == 302
    assert do_consent(client).status_code == 302
    r = do_realname(client, name=name, rrn=rrn)
    assert "실명이 확인되었습니다" in r.get_data(as_text=True), r.get_data(as_text=True)[:3000]
    r = do_identity(client)
    assert r.status_code == 302 and r.headers["Location"].endswith("/signup/profile")
