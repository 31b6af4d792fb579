"""The one flow engine (STYLE 15) as every wizard meets it: sign-up, 추가인증, 인증센터 registration
and the cloud link refuse a skipped step alike, expire by one rule naming its configured minutes,
answer htmx with HX-Redirect, and advance once when a step is submitted twice at the same moment."""
from __future__ import annotations

import datetime as dt
import json
import threading

import pytest
from cert_helpers import csrf
from helpers import make_member
from signup_steps import do_terms

from esop import flowengine
from esop.db import db

PASSWORD = "Abcd#2580"
HX = {"HX-Request": "true"}
MINUTES_2 = {"ESOP_SIGNUP_IDLE_SECONDS": "120", "ESOP_CERTFLOW_IDLE_SECONDS": "120",
             "ESOP_CLOUD_LINK_IDLE_SECONDS": "120", "ESOP_VERIFY_FLOW_SECONDS": "120"}


def text(r):
    return r.get_data(as_text=True)


def _member(app, user_id="engine01"):
    with app.app_context():
        return make_member(user_id=user_id, mobile="010-2222-3333")


def _identity_31(client, member, rrn):
    url = "/certcenter/financial/register"
    token = csrf(text(client.get(url)))
    r = client.post(url, data={"csrf_token": token, "user_id": member.user_id, "password": PASSWORD, "rrn": rrn})
    assert r.headers["Location"].endswith("/certcenter/financial/register/verify")


def _verification(app, client, member, purpose="engine"):
    """A 추가인증 of two slots (SMS, then OTP) bound to this client's session."""
    from esop.models import verification
    plan = [{"slot": "identity", "methods": ["sms"]}, {"slot": "medium", "methods": ["otp"]}]
    with app.app_context(), db.connection_context():
        flow, key = verification.create(member, purpose, plan, title="시험", return_to="/done-here",
                                        cancel_to="/start-here", seconds=900)
    with client.session_transaction() as s:
        s[f"verify:{purpose}"] = key
    return flow


def _refused(r, htmx: bool, where: str):
    """Plain requests get a 302, htmx gets 200 with HX-Redirect (a followed 302 would swap a page in)."""
    if htmx:
        return r.status_code == 200 and r.headers["HX-Redirect"].endswith(where) and "Location" not in r.headers
    return r.status_code == 302 and r.headers["Location"].endswith(where)


# --- the guard: a skipped step is refused, for every flow, plain and htmx ---------------------------

@pytest.mark.parametrize("htmx", [False, True])
def test_every_flow_refuses_a_skipped_step(app, client, htmx):
    headers = HX if htmx else {}
    # Sign-up at 2-1: 2-4 is out of reach.
    client.get("/signup/")
    assert _refused(client.get("/signup/profile", headers=headers), htmx, "/signup/terms")
    # 3-1 after 본인확인: the certificate step waits for 추가인증.
    member, rrn = _member(app)
    _identity_31(client, member, rrn)
    r = client.get("/certcenter/financial/register/certificate", headers=headers)
    assert _refused(r, htmx, "/certcenter/financial/register/verify")
    # The cloud link at 고객정보 입력: the 확인코드 cannot be posted yet.
    window = "/certcenter/cloud/financial/fin31/"
    token = csrf(text(client.get(window)))
    r = client.post(window + "code", data={"csrf_token": token, "code": "123456"}, headers=headers)
    assert _refused(r, htmx, window)
    # 추가인증 at its SMS slot: the OTP slot after it is out of reach.
    _verification(app, client, member)
    r = client.post("/verify/engine/otp", data={"csrf_token": token, "serial": "1", "code": "123456"},
                    headers=headers)
    assert _refused(r, htmx, "/verify/engine/sms")
    assert text(client.get("/")).count("이전 단계를 먼저 마쳐 주십시오.") >= 1


def test_without_a_flow_every_guard_sends_to_the_entry_with_a_word(app, client):
    assert _refused(client.get("/signup/consent"), False, "/signup/")
    assert "회원가입은 약관동의부터 진행해 주십시오." in text(client.get("/signup/", follow_redirects=True))
    assert _refused(client.get("/certcenter/financial/register/certificate", headers=HX), True,
                    "/certcenter/financial/register")
    assert "본인확인부터 진행해 주십시오." in text(client.get("/certcenter/financial/register"))
    assert _refused(client.get("/verify/nothing/sms"), False, "/")


def test_a_finished_registration_sends_its_steps_to_the_done_page(app, client):
    """Finished → its done page (the old guard ran the 추가인증 step of a finished registration again)."""
    from esop.models.certflow import CertFlow
    member, rrn = _member(app)
    _identity_31(client, member, rrn)
    with app.app_context(), db.connection_context():
        CertFlow.update(step="done").execute()
    for url in ("/certcenter/financial/register/verify", "/certcenter/financial/register/certificate"):
        assert _refused(client.get(url), False, "/certcenter/financial/register/done")


# --- one expiry rule, its minutes from configuration -------------------------------------------------

def _age(model, app, seconds, column="last_seen"):
    with app.app_context(), db.connection_context():
        model.update(**{column: dt.datetime.now() - dt.timedelta(seconds=seconds)}).execute()


def test_expiry_is_one_rule_and_names_the_configured_minutes(make_app):
    """Every flow reads its limit from configuration and says it in minutes (the old registration and
    cloud link had 1200 s written in code and said nothing; 추가인증 did not name its limit)."""
    from esop.models.certcloud import CloudLink
    from esop.models.certflow import CertFlow
    from esop.models.flow import SignupFlow
    from esop.models.verification import VerificationFlow
    app = make_app(env=MINUTES_2)
    client = app.test_client()
    said = "입력 시간(2분)이 지나 안전을 위해"

    do_terms(client)
    _age(SignupFlow, app, 121)
    assert _refused(client.get("/signup/consent"), False, "/signup/")
    assert said in text(client.get("/signup/", follow_redirects=True))

    member, rrn = _member(app)
    _identity_31(client, member, rrn)
    _age(CertFlow, app, 119)
    assert _refused(client.get("/certcenter/financial/register/certificate"), False, "/verify")  # still alive
    _age(CertFlow, app, 121)
    r = client.get("/certcenter/financial/register/certificate", headers=HX)
    assert _refused(r, True, "/certcenter/financial/register")
    assert said + " 인증서 등록을" in text(client.get("/certcenter/financial/register"))

    window = "/certcenter/cloud/financial/fin31/"
    token = csrf(text(client.get(window)))
    _age(CloudLink, app, 121)
    r = client.post(window + "code", data={"csrf_token": token, "code": "123456"})
    assert _refused(r, False, window) and said + " 클라우드 연결을" in text(client.get(window))

    _verification(app, client, member)
    _age(VerificationFlow, app, 121, column="created_at")
    assert _refused(client.get("/verify/engine/sms"), False, "/start-here")
    with client.session_transaction() as s:
        flashed = [m for _, m in s.get("_flashes", [])]
    assert any(said + " 추가인증을" in m for m in flashed), flashed
    with app.app_context(), db.connection_context():
        assert VerificationFlow.select().count() == 0  # expired rows go, with what they held


def test_the_warning_names_the_configured_minutes_as_the_end_does(make_app):
    """The words app.js writes into the alert 2 minutes before the end name the configured limit (issue
    16 defect 1: the sign-up's wording had its minutes written in; the warning named none)."""
    client = make_app(env=MINUTES_2).test_client()
    do_terms(client)
    page = text(client.get("/signup/consent"))
    assert 'data-text="입력 시간(2분) 중 2분이 남았습니다.' in page
    assert 'data-text="입력 시간(2분)이 지나 안전을 위해 회원가입을' in page


def test_activity_is_written_at_most_every_15_seconds(app, client):
    """Fragments must not each cost a write (the registration used to write last_seen on every request)."""
    from esop.models.certflow import CertFlow
    member, rrn = _member(app)
    _identity_31(client, member, rrn)
    with app.app_context(), db.connection_context():
        recent = dt.datetime.now().replace(microsecond=0) - dt.timedelta(seconds=5)
        CertFlow.update(last_seen=recent).execute()
    client.get("/certcenter/financial/register/certificate")
    with app.app_context(), db.connection_context():
        assert CertFlow.get().last_seen == recent
        CertFlow.update(last_seen=recent - dt.timedelta(seconds=30)).execute()
    client.get("/certcenter/financial/register/certificate")
    with app.app_context(), db.connection_context():
        assert dt.datetime.now() - CertFlow.get().last_seen < dt.timedelta(seconds=5)


# --- transitions: a double submit advances once ------------------------------------------------------

def _race(app, attempt, copies):
    """Run `attempt(copy)` for each copy at the same moment, each thread on its own connection."""
    barrier, results = threading.Barrier(len(copies)), []

    def run(copy):
        with app.app_context(), db.connection_context():
            barrier.wait()
            results.append(attempt(copy))
    threads = [threading.Thread(target=run, args=(c,)) for c in copies]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return results


def _rows(app, flow, **fields):
    with app.app_context(), db.connection_context():
        row = flow.model.create(key_hash=flowengine.digest(flow.name), **fields)
        return [flow.model.get_by_id(row.id), flow.model.get_by_id(row.id)]


def test_a_double_submit_advances_every_linear_flow_once(app):
    from esop.models.certcloud import CLOUD_LINK
    from esop.models.certflow import CLOUD32, FIN31
    from esop.models.flow import SIGNUP
    cases = [(SIGNUP, {}, "consent"), (FIN31, {"purpose": "fin31"}, "verify"),
             (CLOUD32, {"purpose": "cloud32"}, "overseas"), (CLOUD_LINK, {"cloud": "joint"}, "terms")]
    for flow, fields, to in cases:
        copies = _rows(app, flow, **fields)
        results = _race(app, lambda row: flowengine.advance(flow, row, to), copies)
        assert sorted(results) == [False, True], (flow.name, results)
        with app.app_context(), db.connection_context():
            assert flow.model.get_by_id(copies[0].id).step == to
        # A step already passed is never entered again (revisiting 2-1 keeps 2-2's progress).
        with app.app_context(), db.connection_context():
            assert flowengine.advance(flow, flow.model.get_by_id(copies[0].id), to) is False


def test_a_double_submit_passes_a_verification_slot_once(app):
    """Passing a slot is the 추가인증's transition; the old mark_passed wrote it for both requests."""
    from esop.models.verification import VerificationFlow, mark_passed
    member, _ = _member(app)
    client = app.test_client()
    flow = _verification(app, client, member)
    with app.app_context(), db.connection_context():
        copies = [VerificationFlow.get_by_id(flow.id), VerificationFlow.get_by_id(flow.id)]
    results = _race(app, lambda row: mark_passed(row, "identity", "sms"), copies)
    assert sorted(results) == [False, True]
    with app.app_context(), db.connection_context():
        row = VerificationFlow.get_by_id(flow.id)
        assert list(json.loads(row.passed)) == ["identity"] and row.completed_at is None
        # A passed slot is not passed again, and a later slot cannot be passed before the current one.
        assert mark_passed(row, "identity", "sms") is False
        VerificationFlow.update(passed="{}").execute()
        assert mark_passed(row, "medium", "otp") is False
