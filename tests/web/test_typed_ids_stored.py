"""Nothing typed into an ID field reaches a table unprotected (issue 13): an RRN typed as 아이디 at
login, 비밀번호 재등록 or the 인증센터 본인확인 leaves no digits in audit_event.subject or
throttle_counter.key; throttle keys keep only a readable prefix. Read from the raw database bytes."""
from __future__ import annotations

import pytest

from esop.db import db
from esop.models.audit import AuditEvent
from esop.models.throttle import ThrottleCounter, hit
from helpers import make_member, page_csrf

RRN = "9001011234568"       # typed where an ID belongs
PHONE = "01098765432"


def _post(client, url, data):
    return client.post(url, data=dict(data, csrf_token=page_csrf(client, url)))


@pytest.mark.parametrize("form", ["login", "recovery", "certcenter"])
def test_an_rrn_typed_as_the_id_is_stored_nowhere(client, raw_database, form):
    make_member()
    for _ in range(2):
        if form == "login":
            r = _post(client, "/login", {"user_id": RRN, "password": "whatever1!"})
        elif form == "recovery":
            r = _post(client, "/account-recovery/", {"user_id": RRN, "rrn_front": "850702", "rrn_back": "1234567"})
        else:
            r = _post(client, "/certcenter/financial/register",
                      {"user_id": RRN, "password": "whatever1!", "rrn": "8507021234567"})
        assert r.status_code in (200, 422)
    with db.connection_context():
        subjects = {e.subject for e in AuditEvent.select()}
        keys = [k.key for k in ThrottleCounter.select()]
    assert subjects and all(RRN not in s for s in subjects)
    assert len(subjects) == 1  # the same typed value gives the same stored mark: attempts still line up
    assert all(":" in k and RRN not in k for k in keys), keys
    dump = raw_database()
    assert RRN.encode() not in dump and f"{RRN[:6]}-{RRN[6:]}".encode() not in dump


def test_a_known_members_id_stays_readable_for_the_operator(client):
    make_member()
    _post(client, "/login", {"user_id": "Tester01", "password": "wrong-pass1"})
    with db.connection_context():
        assert [e.subject for e in AuditEvent.select()] == ["tester01"]


def test_a_phone_number_in_a_throttle_key_keeps_only_the_prefix(app, raw_database):
    with app.app_context(), db.connection_context():
        assert hit(f"sms:phone:{PHONE}", 3, 3600)[0] and hit(f"sms:phone:{PHONE}", 3, 3600)[0]
        assert hit("sms:phone:01000000000", 3, 3600)[0]
        keys = [k.key for k in ThrottleCounter.select()]
        counts = sorted(k.count for k in ThrottleCounter.select())
    assert counts == [1, 2] and all(k.startswith("sms:phone:") and PHONE not in k for k in keys)
    assert PHONE.encode() not in raw_database() and b"010-9876-5432" not in raw_database()
