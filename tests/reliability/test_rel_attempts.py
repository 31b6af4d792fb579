"""Issue 13: guesses raced over two gunicorn servers (2 sync workers each) against the 예수금계좌 password
and the certificate cloud PIN — counted before they are checked, so no burst gets more tries than are
left, a right answer after the lock is refused, and one lock sends one alert. The checks run at the
production argon2 cost, so each is slow enough for the burst to overlap it (as a member's would).
SQLite by default; PostgreSQL with ESOP_TEST_POSTGRES."""
from __future__ import annotations

import json
import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from relkit import Walker
from serverkit import gunicorn_servers

from esop.db import db

PRODUCTION_COST = {"ESOP_ARGON2_MEMORY_KIB": "19456", "ESOP_ARGON2_TIME_COST": "2"}
BURST = 12
HONG_MOBILE = "010-4784-1234"   # esop/demo.py
CLOUD_PHONE = "010-2222-3333"


@pytest.fixture
def servers(make_app, tmp_path):
    """The demo data hashed at the production cost, then two servers of two workers each."""
    from esop.demo import ensure_demo_data
    app = make_app(env=PRODUCTION_COST)
    with app.app_context(), db.connection_context():
        ensure_demo_data()
    db.close()
    with gunicorn_servers(app.config["DATABASE_URL"], tmp_path, count=2, workers=2, env=PRODUCTION_COST) as pairs:
        yield app, [url for url, _ in pairs]
    if not db.is_closed():
        db.close()


def burst(walker: Walker, path: str, forms: list[dict]) -> list[tuple[int, str]]:
    """Every form posted at one instant (the same browser, spread over the servers)."""
    gate = threading.Barrier(len(forms))

    def fire(form):
        gate.wait()
        status, _, html = walker.request(walker.url(path), form, headers={"X-Forwarded-For": walker.ip})
        return status, html
    with ThreadPoolExecutor(len(forms)) as pool:
        return list(pool.map(fire, forms))


def token_of(walker: Walker, path: str) -> str:
    return re.search(r'name="csrf-token" content="([^"]+)"', walker.get(path)[2]).group(1)


def test_deposit_password_burst_gets_only_the_tries_left_and_one_alert(servers):
    from esop.models.audit import AuditEvent
    from esop.models.media import DepositAccount
    from esop.models.member import member_by_user_id
    from esop.models.sandbox import SandboxMessage
    from esop.models.security_event import SecurityEvent
    _, urls = servers
    with db.connection_context():
        hong = member_by_user_id("hong1234")
        rrn, account_id = hong.rrn, DepositAccount.get(DepositAccount.member == hong).id
        DepositAccount.update(failures=4).where(DepositAccount.id == account_id).execute()   # one try left
    w = Walker(urls)
    status, _, _ = w.post("/account-recovery/", {"user_id": "hong1234", "rrn_front": rrn[:6],
                                                      "rrn_back": rrn[6:]})
    assert status == 302, status
    token = token_of(w, "/verify/recovery/account")
    wrong = [{"csrf_token": token, "account": account_id, "password": f"{n:04d}"} for n in range(BURST)]
    answers = burst(w, "/verify/recovery/account", wrong)
    assert all(status == 422 for status, _ in answers), [s for s, _ in answers]
    status, _, html = w.post("/verify/recovery/account", {"account": account_id, "password": "7394"})
    assert status == 422 and "사용이 제한되었습니다" in html                      # right, but after the lock
    with db.connection_context():
        account = DepositAccount.get_by_id(account_id)
        checked = AuditEvent.select().where(AuditEvent.event.in_(("verify.account.failure",
                                                                  "verify.account.locked"))).count()
        locks = AuditEvent.select().where(AuditEvent.event == "verify.account.locked").count()
        alerts = SecurityEvent.select().where((SecurityEvent.member == hong.id)
                                              & (SecurityEvent.kind == "lockout")).count()
        sms = [m.body for m in SandboxMessage.select().where(SandboxMessage.to == HONG_MOBILE)
               if "잠겼습니다" in m.body]
    assert account.locked
    # (counter: 4 before + the one left, wrong passwords checked, lock records, alerts, alert SMS)
    assert (account.failures, checked, locks, alerts, len(sms)) == (5, 1, 1, 1, 1)
    print(f"\nattempts: {BURST} concurrent wrong 예수금계좌 passwords with 1 try left: {checked} checked, "
          f"locked, the right one refused, {len(sms)} alert SMS")


def test_cloud_pin_burst_gets_only_the_tries_left_and_locks_once(servers):
    from cert_helpers import PIN, birth_of, issue
    from helpers import make_member

    from esop.models.audit import AuditEvent
    from esop.models.cert import new_challenge
    from esop.models.certcloud import WalletCertificate
    app, urls = servers
    with app.app_context():
        _, rrn = make_member(user_id="pinrace01", mobile=CLOUD_PHONE)
    cert = issue(app, rrn=rrn, phone=CLOUD_PHONE)
    with db.connection_context():
        WalletCertificate.update(pin_failures=4).where(WalletCertificate.id == cert.id).execute()
    w = Walker(urls)
    window = "/certcenter/cloud/financial/login/"
    w.post(window + "info", {"name": "김한국", "birth": birth_of(rrn), "phone": CLOUD_PHONE}, page=window)
    code = json.loads(w.get(f"/sandbox/messages.json?to={CLOUD_PHONE}")[2])[0]["code"]
    w.post(window + "code", {"code": code}, page=window)
    token = token_of(w, window)
    assert f'id="cert-{cert.id}"' in w.get(window)[2]                           # connected, the certificate listed
    with app.app_context(), db.connection_context():
        nonces = [new_challenge("cert:login")[1] for _ in range(BURST + 1)]
    wrong = [{"csrf_token": token, "nonce": nonce, "cert": cert.id, "pin": f"{n:06d}"}
             for n, nonce in enumerate(nonces[:BURST])]
    answers = burst(w, window + "sign", wrong)
    assert all(status == 422 for status, _ in answers), [s for s, _ in answers]
    status, _, html = w.request(w.url(window + "sign"), {"csrf_token": token, "nonce": nonces[-1], "cert": cert.id,
                                                         "pin": PIN}, headers={"X-Forwarded-For": w.ip})
    assert status == 422 and "사용이 제한되었습니다" in html                      # right, but after the lock
    with db.connection_context():
        row = WalletCertificate.get_by_id(cert.id)
        locks = AuditEvent.select().where(AuditEvent.event == "cert.pin_locked").count()
    assert row.locked_at is not None
    assert (row.pin_failures, locks) == (5, 1)   # 4 before + the one left; one lock record
    print(f"\nattempts: {BURST} concurrent wrong cloud PINs with 1 try left: {row.pin_failures - 4} checked, "
          f"locked once, the right one refused")
