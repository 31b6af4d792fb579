"""Issue 13, sign-up identity swap, against real servers: A's SMS code confirmed and B's 실명확인 sent
in the same flow at one instant, over two gunicorn instances of two workers each (SQLite, or
PostgreSQL with ESOP_TEST_POSTGRES). Whichever lands first, the flow never ends with identity done
for B: the confirmation is a compare-and-set on the RRN index and number the code was issued for."""
from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from esop.db import db
from esop.models.flow import SignupFlow
from esop.models.member import rrn_index
from relkit import Walker, phone_for
from serverkit import gunicorn_servers
from signup_steps import serial_rrn

ROUNDS = 12


@pytest.fixture
def servers(app, database_url, tmp_path):
    db.close()
    with gunicorn_servers(database_url, tmp_path, count=2, workers=2) as pairs:
        yield [url for url, _ in pairs]


def _to_code(w: Walker, phone: str) -> tuple[str, str]:
    """2-1 … 2-3 up to the code sent for A; (A's RRN, the code)."""
    w.get("/signup/")
    assert w.post("/signup/terms", {"online_service_terms": "y", "electronic_finance_terms": "y",
                                    "privacy_policy": "y"})[0] == 302
    w.get("/signup/document/credit-info-consent")
    assert w.post("/signup/consent", {"all_required": "y", "marketing": "no"})[0] == 302
    a = serial_rrn()
    assert "실명이 확인되었습니다" in w.post("/signup/realname", {"name": "김에이", "rrn_front": a[:6],
                                                               "rrn_back": a[6:]})[2]
    status, _, html = w.post("/signup/identity/send", {"carrier": "SKT", "mobile": phone}, page="/signup/realname")
    assert status < 400, html[:500]
    code = json.loads(w.get(f"/sandbox/messages.json?to={phone}")[2])[0]["code"]
    return a, code


def test_a_code_confirmed_while_another_person_is_checked_never_marks_that_person(servers):
    outcomes = []
    with ThreadPoolExecutor(2) as pool:
        for n in range(ROUNDS):
            w = Walker(servers)
            phone = phone_for(90000 + n)
            a, code = _to_code(w, phone)
            b = serial_rrn()
            token = w.csrf(w.url("/signup/realname"))
            gate = threading.Barrier(2)

            def send(path, data):
                gate.wait()
                return w.request(w.url(path), dict(data, csrf_token=token), headers={"X-Forwarded-For": w.ip})
            confirm = pool.submit(send, "/signup/identity/confirm", {"code": code})
            realname = pool.submit(send, "/signup/realname", {"name": "이비", "rrn_front": b[:6], "rrn_back": b[6:]})
            statuses = (confirm.result()[0], realname.result()[0])
            assert all(s < 500 for s in statuses), statuses
            with db.connection_context():
                flow = SignupFlow.select().order_by(SignupFlow.id.desc()).get()
                done_for = None if flow.identity_at is None else flow.rrn_index
            assert done_for in (None, rrn_index(a)), f"round {n}: identity done for B with A's code"
            # B, if B's check won the flow, is never marked: identity is then either not done or A's.
            outcomes.append("A kept" if done_for else "identity cleared")
    print(f"\nidentity swap race: {ROUNDS} rounds over 2 servers x 2 workers: "
          + ", ".join(f"{k} {outcomes.count(k)}" for k in sorted(set(outcomes))) + "; B never marked")
