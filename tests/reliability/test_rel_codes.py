"""Code lifetime and reuse (reliability.md A5): every time-limited code used one second before its
expiry (accepted) and one second after (refused); an accepted code replayed (refused and logged, also
when its step has already passed and no code check runs); TOTP within ±1 step accepted, outside refused, the same step twice
refused and logged.

The clock is moved with `time-machine` (requirements-dev.txt), not libfaketime as reliability.md
suggests: the tests run in the pytest process with the Flask client, and time-machine moves that
process's clock (datetime.now, time.time) from inside a test, to the second, without LD_PRELOAD or
a subprocess. The clock is frozen (tick=False) so "2:59" is exactly 179 s after the code was made.
"""
from __future__ import annotations

import re
import time

import pytest
import time_machine

from cert_helpers import PIN, connect, issue, last_code as cloud_code, register_directly, sign_form
from esop.db import db
from helpers import make_member
from signup_steps import do_consent, do_realname, do_terms, last_code, new_rrn, post as signup_post
from verify_steps import demo, otp_form, post, start_flow, text

FIGURES: dict[str, list[int]] = {}   # name: [refused or accepted as expected, cases]


def tally(name: str, ok: bool) -> None:
    got = FIGURES.setdefault(name, [0, 0])
    got[0] += bool(ok)
    got[1] += 1
    assert ok, name


def events(name: str) -> int:
    from esop.models.audit import AuditEvent
    with db.connection_context():
        return AuditEvent.select().where(AuditEvent.event == name).count()


@pytest.fixture
def clock():
    """The process clock, frozen now; `clock.shift(seconds)` moves it."""
    with time_machine.travel(time.time(), tick=False) as traveller:
        yield traveller


@pytest.fixture
def demo_app(app):
    demo(app)
    return app


@pytest.fixture(scope="module", autouse=True)
def report():
    yield
    print("\nA5 code lifetime and reuse:")
    for name, (good, total) in FIGURES.items():
        print(f"  {name}: {good}/{total}")


# --- 2-3 본인인증 SMS (sign-up) ------------------------------------------------------------------

PHONE = "010-2345-6789"


def _signup_code(client, seed):
    assert do_terms(client).status_code == 302 and do_consent(client).status_code == 302
    assert "실명이 확인되었습니다" in do_realname(client, rrn=new_rrn(seed)).get_data(as_text=True)
    signup_post(client, "/signup/identity/send", {"carrier": "KT", "mobile": PHONE}, page="/signup/realname")
    return last_code(PHONE)


def _signup_confirm(client, code):
    return signup_post(client, "/signup/identity/confirm", {"code": code}, page="/signup/realname")


def test_a5_signup_sms_code_at_2_59_accepted_3_01_refused_replay_refused_and_logged(app, clock):
    first = app.test_client()
    code = _signup_code(first, "a5-first")
    clock.shift(179)
    r = _signup_confirm(first, code)
    tally("sign-up SMS at 2:59 accepted", r.status_code == 302 and r.headers["Location"].endswith("/signup/profile"))
    r = _signup_confirm(first, code)
    tally("sign-up SMS replay refused", r.status_code == 422 and "유효한 인증번호가 없습니다" in text(r))
    tally("sign-up SMS replay logged", events("code.replay") == 1)
    second = app.test_client()
    code = _signup_code(second, "a5-second")
    clock.shift(181)
    r = _signup_confirm(second, code)
    tally("sign-up SMS at 3:01 refused", r.status_code == 422 and "입력 시간이 지났습니다(3분)" in text(r))


# --- 추가인증: SMS, 1원 이체, 1회용 인증번호, ARS ---------------------------------------------------

def test_a5_verification_sms_code_at_2_59_accepted_3_01_refused(demo_app, clock):
    for offset, accepted in ((179, True), (181, False)):
        client = demo_app.test_client()
        start_flow(demo_app, client, "hong1234", account=False, identity=("sms",), medium=False)
        post(client, "/verify/test/sms/send", {})
        from verify_steps import last_sms
        code = last_sms("010-4784-1234")
        clock.shift(offset)
        r = post(client, "/verify/test/sms/confirm", {"code": code})
        if accepted:
            tally("추가인증 SMS at 2:59 accepted", r.status_code == 302 and r.headers["Location"] == "/done-here")
            # The slot is passed: the same code posted again passes nothing (the code is bound to its flow),
            # and the replay is logged although no code check runs any more.
            r = post(client, "/verify/test/sms/confirm", {"code": code})
            tally("추가인증 SMS replay refused", r.status_code == 302 and r.headers["Location"] == "/done-here"
                  and events("verify.sms.passed") == 1)
            tally("추가인증 SMS replay logged", events("code.replay") == 1)
        else:
            tally("추가인증 SMS at 3:01 refused", r.status_code == 422 and "입력 시간이 지났습니다" in text(r))
        clock.shift(60)   # past the 30-second resend pause


def _last_transfer_code():
    from esop.models.sandbox_verify import SandboxTransfer
    with db.connection_context():
        return SandboxTransfer.select().order_by(SandboxTransfer.id.desc()).first().memo[4:]


def test_a5_transfer_code_at_2_59_accepted_3_01_refused(demo_app, clock):
    for offset, accepted in ((179, True), (181, False)):
        client = demo_app.test_client()
        start_flow(demo_app, client, "yoon9012", account=False, identity=())
        r = post(client, "/verify/test/transfer/send", {"bank": "신한은행", "account": "110-123-456789"})
        assert r.status_code == 200, text(r)
        code = _last_transfer_code()
        clock.shift(offset)
        r = post(client, "/verify/test/transfer/confirm", {"code": code})
        if accepted:
            tally("1원 이체 code at 2:59 accepted", r.status_code == 302 and r.headers["Location"] == "/done-here")
        else:
            tally("1원 이체 code at 3:01 refused", r.status_code == 422 and "입력 시간이 지났습니다" in text(r))
        clock.shift(60)


def _issue_onetime(app, days=1):
    out = app.test_cli_runner().invoke(args=["esop", "issue-onetime", "hong1234", "--days", str(days)]).output
    return re.search(r": (\d{8}) ", out).group(1)


def _onetime_flow(app):
    client = app.test_client()
    start_flow(app, client, "hong1234", account=False, identity=("onetime",), medium=False)
    return client


def test_a5_onetime_number_until_its_last_second_then_refused_replay_refused_and_logged(demo_app, clock):
    """A branch-issued 1회용 인증번호 of 1 day: at 23:59:59 accepted, at 24:00:01 refused."""
    code = _issue_onetime(demo_app)
    clock.shift(86400 - 1)
    client = _onetime_flow(demo_app)
    r = post(client, "/verify/test/onetime", {"code": code})
    tally("1회용 인증번호 at 23:59:59 accepted", r.status_code == 302 and r.headers["Location"] == "/done-here")
    other = _onetime_flow(demo_app)   # the same number in a second verification
    r = post(other, "/verify/test/onetime", {"code": code})
    tally("1회용 인증번호 replay refused", r.status_code == 422 and "유효한 1회용 인증번호가 없습니다" in text(r))
    tally("1회용 인증번호 replay logged", events("code.replay") == 1)
    code = _issue_onetime(demo_app)
    clock.shift(86400 + 1)
    r = post(_onetime_flow(demo_app), "/verify/test/onetime", {"code": code})
    tally("1회용 인증번호 at 24:00:01 refused", r.status_code == 422 and "입력 시간이 지났습니다" in text(r))


def _answer_last_call(client):
    from esop.models.sandbox_verify import SandboxArsCall
    with db.connection_context():
        call = SandboxArsCall.select().order_by(SandboxArsCall.id.desc()).first()
    return post(client, f"/sandbox/ars/{call.reference}/answer", {"answer": "approve", "digits": call.digits},
                page="/sandbox/")


def test_a5_ars_approval_at_2_59_accepted_3_01_refused(demo_app, clock):
    for offset, accepted in ((179, True), (181, False)):
        client = demo_app.test_client()
        start_flow(demo_app, client, "hong1234", account=False, identity=("ars",), medium=False)
        post(client, "/verify/test/ars/call", {"phone": "home"})
        clock.shift(offset)
        _answer_last_call(client)
        r = post(client, "/verify/test/ars/status", {})
        if accepted:
            tally("ARS approval at 2:59 accepted", r.status_code == 302 and r.headers["Location"] == "/done-here")
        else:
            tally("ARS approval at 3:01 refused",
                  r.status_code == 422 and "3분 안에 전화 승인이 되지 않았습니다" in text(r))


# --- OTP (TOTP, 30-second steps) -------------------------------------------------------------------

def test_a5_totp_within_one_step_accepted_outside_refused_same_step_twice_refused_and_logged(demo_app, clock):
    from esop.verify.media_checks import OTP_STEP
    clock.move_to((int(time.time()) // OTP_STEP) * OTP_STEP + 10, tick=False)   # 10 s into a step

    def attempt(delta):
        client = demo_app.test_client()
        start_flow(demo_app, client, "hong1234", account=False, identity=(), medium=True)
        return post(client, "/verify/test/otp", otp_form(delta_steps=delta))

    passed = lambda r: r.status_code == 302 and r.headers["Location"] == "/done-here"
    for delta in (-2, 2):
        tally("TOTP outside ±1 step refused", attempt(delta).status_code == 422)
    for delta in (-1, 0, 1):   # in time order, as a device would show them
        tally("TOTP within ±1 step accepted", passed(attempt(delta)))
        before = events("verify.otp.replay")
        r = attempt(delta)
        tally("TOTP same step replay refused", r.status_code == 422 and "이미 사용한 OTP비밀번호" in text(r))
        tally("TOTP same step replay logged", events("verify.otp.replay") == before + 1)


# --- certificate: cloud connection code, challenge nonce, signed proof --------------------------

CERT_PHONE = "010-2222-3333"


def test_a5_cloud_connection_code_at_2_59_accepted_3_01_refused(app, clock):
    for offset, accepted in ((179, True), (181, False)):
        client = app.test_client()
        base = "/certcenter/cloud/financial/login/"
        token = re.search(r'name="csrf-token" content="([^"]+)"', text(client.get(base))).group(1)
        client.post(base + "info", data={"csrf_token": token, "name": "김한국", "birth": "19850702",
                                          "phone": CERT_PHONE})
        code = cloud_code(app, CERT_PHONE)
        clock.shift(offset)
        r = client.post(base + "code", data={"csrf_token": token, "code": code})
        if accepted:
            tally("금융인증서 확인코드 at 2:59 accepted", r.status_code == 200 and "클라우드에 연결되었습니다" in text(r))
        else:
            tally("금융인증서 확인코드 at 3:01 refused", r.status_code == 422 and "입력 시간이 지났습니다" in text(r))
        clock.shift(60)


def _cert_member(app):
    with app.app_context():
        member, rrn = make_member(user_id="a5cert01", mobile=CERT_PHONE)
    cert = issue(app, rrn=rrn)
    register_directly(app, member.id, cert)
    return rrn, cert


def _sign(client, token, nonce, cert):
    return client.post("/certcenter/cloud/financial/login/sign",
                       data={"csrf_token": token, "nonce": nonce, "cert": cert.id, "pin": PIN})


def test_a5_certificate_challenge_at_2_59_accepted_3_01_refused_replay_refused_and_logged(app, client, clock):
    rrn, cert = _cert_member(app)
    connect(client, app, kind="financial", purpose="login", name="김한국", rrn=rrn, phone=CERT_PHONE)
    token, nonce, _, _ = sign_form(client, "financial", "login")
    clock.shift(179)
    tally("certificate challenge at 2:59 accepted", _sign(client, token, nonce, cert).status_code == 302)
    before = events("cert.refused")
    r = _sign(client, token, nonce, cert)
    tally("certificate challenge replay refused", r.status_code == 422 and "이미 사용되었거나" in text(r))
    tally("certificate challenge replay logged", events("cert.refused") == before + 1)
    token, nonce, _, _ = sign_form(client, "financial", "login")
    clock.shift(181)
    r = _sign(client, token, nonce, cert)
    tally("certificate challenge at 3:01 refused", r.status_code == 422 and "이미 사용되었거나" in text(r))


def test_a5_signed_proof_at_4_59_accepted_5_01_refused_replay_refused_and_logged(app, clock):
    """The verified signature waits at most 5 minutes for the step that consumes it (login here)."""
    rrn, cert = _cert_member(app)
    for offset, accepted in ((299, True), (301, False)):
        client = app.test_client()
        connect(client, app, kind="financial", purpose="login", name="김한국", rrn=rrn, phone=CERT_PHONE)
        token, nonce, _, _ = sign_form(client, "financial", "login")
        with client.session_transaction() as s:
            s.pop("cert_proof:login", None)
        assert _sign(client, token, nonce, cert).status_code == 302
        with client.session_transaction() as s:
            proof = s["cert_proof:login"]
        clock.shift(offset)
        r = client.get("/certcenter/login/finish")
        if accepted:
            tally("certificate proof at 4:59 accepted", r.status_code == 302)
            replay = app.test_client()     # the proof token copied into another browser
            with replay.session_transaction() as s:
                s["cert_proof:login"] = proof
            before = events("cert.proof_refused")
            tally("certificate proof replay refused", replay.get("/certcenter/login/finish").status_code == 403)
            tally("certificate proof replay logged", events("cert.proof_refused") == before + 1)
        else:
            tally("certificate proof at 5:01 refused", r.status_code == 403)
        clock.shift(60)


# --- every OneTimeCode purpose, with its own lifetime -----------------------------------------------

def _lifetimes(app):
    from esop import codes
    from esop.adapters.phone import SandboxPhoneIdentity
    from esop.verify import channels
    with app.app_context():
        lifetimes = {codes.KINDS[kind].purpose: codes.seconds_of(kind) for kind in codes.KINDS}
    return {**lifetimes, SandboxPhoneIdentity.PURPOSE: app.config["SMS_CODE_SECONDS"],
            channels.ONETIME_PURPOSE: 7 * 86400}


def test_a5_every_code_purpose_expires_to_the_second_and_logs_replays(app, clock):
    """models.verify for each purpose the app issues codes for (sign-up 본인인증, 추가인증 SMS and 1원
    이체, 1회용 인증번호, 금융인증서 확인코드, 휴대전화번호 변경), at the lifetime the app gives it."""
    from esop.models import verify
    with app.app_context(), db.connection_context():
        for purpose, seconds in _lifetimes(app).items():
            assert seconds <= 7 * 86400, purpose
            _, accepted = verify.issue(purpose, "a5:1", "", seconds)
            clock.shift(seconds - 1)
            tally("any code at lifetime − 1 s accepted", verify.check(purpose, "a5:1", accepted).ok)
            before = events("code.replay")
            tally("any code replay refused", verify.check(purpose, "a5:1", accepted).reason == "none")
            tally("any code replay logged", events("code.replay") == before + 1)
            _, newer = verify.issue(purpose, "a5:1", "", seconds)   # the accepted code after a new one was sent
            if newer != accepted:
                before = events("code.replay")
                tally("any code replay after a resend refused", verify.check(purpose, "a5:1", accepted).reason == "wrong")
                tally("any code replay after a resend logged", events("code.replay") == before + 1)
            _, code = verify.issue(purpose, "a5:2", "", seconds)
            clock.shift(seconds + 1)
            tally("any code at lifetime + 1 s refused", verify.check(purpose, "a5:2", code).reason == "expired")
