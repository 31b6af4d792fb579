"""Walk the 추가인증 steps with the Flask client (recovery is the real consumer)."""
from __future__ import annotations

import re

from esop.db import db
from helpers import page_csrf


def text(r):
    return r.get_data(as_text=True)


def summary(r):
    return re.findall(r'<li><a href="#([^"]+)">([^<]+)</a></li>', text(r))


def demo(app):
    from esop.demo import ensure_demo_data
    with db.connection_context():
        ensure_demo_data()


def rrn_of(user_id):
    from esop.models.member import member_by_user_id
    with db.connection_context():
        return member_by_user_id(user_id).rrn


def member(user_id):
    from esop.models.member import member_by_user_id
    with db.connection_context():
        return member_by_user_id(user_id)


def post(client, url, data, page=None, **kw):
    data = dict(data, csrf_token=page_csrf(client, page or "/account-recovery/"))
    return client.post(url, data=data, **kw)


def identify(client, user_id="hong1234", rrn=None, account=True):
    """본인확인; for a deposit-account holder (hong1234) also pass 예수금 계좌 인증 unless account=False."""
    rrn = rrn or rrn_of(user_id)
    r = post(client, "/account-recovery/", {"user_id": user_id, "rrn_front": rrn[:6], "rrn_back": rrn[6:]})
    if r.status_code == 302 and account and user_id == "hong1234":
        from esop.models.media import DepositAccount
        with db.connection_context():
            account_id = DepositAccount.get(DepositAccount.member == member(user_id)).id
        passed = post(client, "/verify/recovery/account", {"account": account_id, "password": "7394"})
        assert passed.status_code == 302, passed.get_data(as_text=True)
    return r


def choose(client, method, purpose="recovery"):
    return post(client, f"/verify/{purpose}/choose", {"method": method})


def last_sms(to):
    from esop.models.sandbox import SandboxMessage
    with db.connection_context():
        return SandboxMessage.select().where(SandboxMessage.to == to).order_by(SandboxMessage.id.desc()).first().code


def pass_sms(client, purpose="recovery", mobile="010-4784-1234"):
    choose(client, "sms", purpose)
    post(client, f"/verify/{purpose}/sms/send", {})
    return post(client, f"/verify/{purpose}/sms/confirm", {"code": last_sms(mobile)})


def otp_now(user_id="hong1234", delta_steps=0):
    import datetime as dt

    from esop.models.media import active_otp
    from esop.verify.media_checks import otp_code
    with db.connection_context():
        device = active_otp(member(user_id))
        return otp_code(device, dt.datetime.now() + dt.timedelta(seconds=30 * delta_steps))


def start_flow(app, client, user_id, purpose="test", **plan_options):
    """A verification for a test consumer, bound to this client's session like flows.start does."""
    from esop.models import verification
    from esop.verify.steps import plan_for
    with db.connection_context():
        m = member(user_id)
        plan = [s.as_dict() for s in plan_for(m, **plan_options)]
        flow, key = verification.create(m, purpose, plan, title="시험 추가인증", return_to="/done-here",
                                        cancel_to="/start-here", seconds=900)
    with client.session_transaction() as s:
        s[f"verify:{purpose}"] = key
    return flow


def otp_form(user_id="hong1234", delta_steps=0, code=None) -> dict:
    """The OTP step's fields: the device's serial (printed on it) and its current code (or `code`)."""
    from esop.models.media import active_otp
    with db.connection_context():
        serial = active_otp(member(user_id)).serial
    return {"serial": serial, "code": otp_now(user_id, delta_steps) if code is None else code}
