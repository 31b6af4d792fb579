"""The one code service (issue 13): a sign-up code confirms only the person and number it was issued
for; every path that texts a phone has the per-number, per-IP and per-session limits; limits are
named once and configured by ESOP_LIMIT_<NAME>."""
from __future__ import annotations

import pytest

from cert_helpers import birth_of, csrf
from esop.config import ConfigError
from esop.db import db
from esop.models.flow import SignupFlow
from esop.models.sandbox import SandboxMessage
from esop.results import FieldError
from signup_steps import do_consent, do_realname, do_terms, last_code, new_rrn, post

PHONE = "010-2345-6789"


def _flow() -> SignupFlow:
    with db.connection_context():
        return SignupFlow.select().order_by(SignupFlow.id.desc()).get()


def test_a_code_sent_for_one_person_does_not_confirm_another_who_took_the_flow_meanwhile(app):
    """Issue A's code, then — while A's confirmation is being checked — 실명확인 of B in the same flow:
    identity must not end up done with B's name and RRN (finding: sign-up identity swap)."""
    client = app.test_client()
    do_terms(client)
    do_consent(client)
    a, b = new_rrn("swap-a"), new_rrn("swap-b")
    assert "실명이 확인되었습니다" in do_realname(client, name="김한국", rrn=a).get_data(as_text=True)
    post(client, "/signup/identity/send", {"carrier": "KT", "mobile": PHONE}, page="/signup/realname")
    code = last_code(PHONE)
    verifier = app.extensions["esop"].phone_identity
    real_confirm = verifier.confirm

    def confirm_while_b_takes_over(**kwargs):
        answer = real_confirm(**kwargs)
        # The other request of the race lands between the code check and the write of the result.
        other = app.test_client()
        other.set_cookie("esop_session", client.get_cookie("esop_session").value)
        assert "실명이 확인되었습니다" in do_realname(other, name="이순신", rrn=b).get_data(as_text=True)
        return answer

    verifier.confirm = confirm_while_b_takes_over
    try:
        r = post(client, "/signup/identity/confirm", {"code": code}, page="/signup/realname")
    finally:
        verifier.confirm = real_confirm
    flow = _flow()
    assert flow.rrn == b
    assert flow.identity_at is None, "identity marked done for B with A's phone code"
    assert r.status_code == 422 and "실명확인 정보가 바뀌었습니다" in r.get_data(as_text=True)


def test_a_certificate_checked_for_one_rrn_does_not_confirm_the_next_persons_identity(app):
    """The certificate path: its RRN check was for A; B's 실명확인 landed before the write."""
    from esop.signup import service
    client = app.test_client()
    do_terms(client)
    do_consent(client)
    do_realname(client, name="김한국", rrn=new_rrn("cert-a"))
    stale = _flow()                          # what the certificate request read (A)
    do_realname(client, name="이순신", rrn=new_rrn("cert-b"))
    with app.app_context(), db.connection_context():
        with pytest.raises(FieldError):
            service.confirm_identity_by_certificate(stale)
    assert _flow().identity_at is None


def test_a_real_name_check_writes_only_its_own_columns(app):
    """No whole-row save: a 실명확인 that read the flow before 2-2 finished does not undo 2-2's step."""
    from esop.signup import service
    client = app.test_client()
    do_terms(client)
    do_consent(client)
    stale = _flow()
    with db.connection_context():
        SignupFlow.update(draft='{"english_name": "KIM"}').where(SignupFlow.id == stale.id).execute()
    with app.test_request_context(), db.connection_context():
        service.check_realname(stale, "김한국", *(lambda r: (r[:6], r[6:]))(new_rrn("cols")),
                               app.extensions["esop"].realname)
    assert _flow().draft == '{"english_name": "KIM"}'


def _cloud_info(client, kind, phone, rrn):
    base = f"/certcenter/cloud/{kind}/login/"
    token = csrf(client.get(base).get_data(as_text=True))
    return client.post(base + "info", data={"csrf_token": token, "name": "김한국", "birth": birth_of(rrn),
                                            "phone": phone})


def _texts_to(phone):
    with db.connection_context():
        return SandboxMessage.select().where(SandboxMessage.to == phone).count()


@pytest.mark.parametrize("kind", ["financial", "joint"])
def test_the_cloud_window_does_not_text_any_typed_number_without_limit(app, kind):
    """Finding: POST /certcenter/cloud/<kind>/<purpose>/info (no login) texted any number, 30 in 0.3 s."""
    victim, rrn = "010-9999-0001", new_rrn("victim")
    if kind == "joint":
        from cert_helpers import issue
        for phone in (victim, "010-9999-0002"):   # known subscribers: straight to the device check
            issue(app, cloud="joint", rrn=rrn, phone=phone)
    answers = [_cloud_info(app.test_client(), kind, victim, rrn) for _ in range(12)]
    assert _texts_to(victim) == 5                      # code.number: 5 an hour to one number
    assert "너무 많습니다" in answers[-1].get_data(as_text=True) and answers[-1].status_code == 422
    # The same browser asking again at once meets the resend wait.
    fresh = app.test_client()
    _cloud_info(fresh, kind, "010-9999-0002", rrn)
    r = _cloud_info(fresh, kind, "010-9999-0002", rrn)
    assert "초 후에 다시 요청" in r.get_data(as_text=True) and _texts_to("010-9999-0002") == 1


def test_limits_are_set_by_name_and_a_malformed_one_stops_the_start(make_app):
    app = make_app(env={"ESOP_LIMIT_CODE_NUMBER": "7/60"})
    assert app.config["LIMITS"]["code.number"] == (7, 60)
    for bad in ("7", "seven/60", "7/0"):
        with pytest.raises(ConfigError) as e:
            make_app(env={"ESOP_LIMIT_CODE_NUMBER": bad})
        assert "ESOP_LIMIT_CODE_NUMBER" in str(e.value)
    with pytest.raises(ConfigError) as e:
        make_app(env={"ESOP_LIMIT_NO_SUCH": "1/60"})
    assert "ESOP_LIMIT_NO_SUCH: no such limit" in str(e.value)


def test_no_view_holds_a_limit_number_or_calls_the_throttle_itself():
    """STYLE.md 17: services check named limits; no `hit(` outside the limit and code services."""
    import pathlib
    import re
    root = pathlib.Path(__file__).resolve().parents[2] / "esop"
    callers = sorted(str(p.relative_to(root)) for p in root.rglob("*.py")
                     if re.search(r"\bhit(_many)?\(", p.read_text()) and p.name != "throttle.py")
    assert callers == ["codes.py", "limits.py"]
