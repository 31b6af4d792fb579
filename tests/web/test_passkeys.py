"""패스키 (issue 16) with the Flask client and a software authenticator: registration after 추가인증,
login with nothing typed, and every refusal — wrong origin, replay, removed passkey, the login gate."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from esop.config import ConfigError, _public_url
from esop.db import db
from helpers import page_csrf
from mypage_steps import login, member, post
from soft_authenticator import UP, SoftAuthenticator

LOGIN_PAGE = "/login"


def send(client, url, body=None, page=LOGIN_PAGE):
    return client.post(url, data=json.dumps(body or {}), content_type="application/json",
                       headers={"X-CSRFToken": page_csrf(client, page)})


def pass_verification(app):
    """Stand in for the toolkit's pages (tested on their own): every slot of the plan passes."""
    from esop.models.verification import VerificationFlow, mark_passed
    with app.app_context(), db.connection_context():
        flow = (VerificationFlow.select().where(VerificationFlow.purpose == "passkey")
                .order_by(VerificationFlow.id.desc()).first())
        for slot in flow.plan_slots():
            mark_passed(flow, slot["slot"], slot["methods"][0])


def register(client, app, authenticator=None):
    authenticator = authenticator or SoftAuthenticator()
    started = post(client, "/account/passkeys/verify", {}, page="/account/passkeys")
    assert "/verify/passkey/" in started.headers["Location"]
    pass_verification(app)
    options = send(client, "/account/passkeys/options", page="/account/passkeys")
    assert options.status_code == 200, options.get_data(as_text=True)
    done = send(client, "/account/passkeys", {"credential": authenticator.create(options.get_json())},
                page="/account/passkeys")
    assert done.status_code == 200, done.get_data(as_text=True)
    return authenticator


def passkey_login(client, authenticator, **assertion):
    options = send(client, "/login/passkey/options").get_json()
    return send(client, "/login/passkey", {"credential": authenticator.get(options, **assertion)})


def logged_in_as(client):
    return client.get("/account/security").status_code == 200


def passkey_row(app):
    from esop.models.passkey import PasskeyCredential
    with app.app_context(), db.connection_context():
        return PasskeyCredential.select().order_by(PasskeyCredential.id.desc()).first()


@pytest.fixture
def registered(app, client):
    member()
    assert login(client).status_code == 302
    authenticator = register(client, app)
    post(client, "/logout", {}, page="/")
    assert not logged_in_as(client)
    return authenticator


def test_registration_needs_a_completed_verification(app, client):
    member()
    login(client)
    refused = send(client, "/account/passkeys/options", page="/account/passkeys")
    assert refused.status_code == 403
    assert refused.get_json()["message"] == "패스키를 등록하려면 먼저 추가인증을 마쳐 주십시오."
    page = client.get("/account/passkeys").get_data(as_text=True)
    assert "추가인증 후 패스키 등록" in page and "data-passkey-start" not in page


def test_registration_options_ask_for_a_discoverable_verified_passkey(app, client):
    member()
    login(client)
    post(client, "/account/passkeys/verify", {}, page="/account/passkeys")
    pass_verification(app)
    options = send(client, "/account/passkeys/options", page="/account/passkeys").get_json()
    assert options["rp"]["id"] == "localhost"
    assert options["authenticatorSelection"]["residentKey"] == "required"
    assert options["authenticatorSelection"]["userVerification"] == "required"
    assert options["attestation"] == "none"
    assert "tester01" not in options["user"]["id"]   # a keyed hash, no personal data


def test_one_verification_registers_one_passkey(app, client):
    member()
    login(client)
    register(client, app)
    again = send(client, "/account/passkeys/options", page="/account/passkeys")
    assert again.status_code == 403
    page = client.get("/account/passkeys").get_data(as_text=True)
    assert "알 수 없는 브라우저 · 알 수 없는 기기" in page and "사용 기록 없음" in page  # named by its device


def test_log_in_with_the_passkey_and_nothing_typed(app, client, registered):
    response = passkey_login(client, registered)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["redirect"] == "/"
    assert logged_in_as(client)
    from esop.models.audit import AuditEvent
    with app.app_context(), db.connection_context():
        success = AuditEvent.select().where(AuditEvent.event == "login.success").order_by(AuditEvent.id.desc()).first()
        assert json.loads(success.detail)["method"] == "passkey"
    assert passkey_row(app).sign_count == 1 and passkey_row(app).last_used_at is not None
    assert "패스키" in client.get("/account/security").get_data(as_text=True)


def test_login_options_name_no_credentials(app, client, registered):
    options = send(client, "/login/passkey/options").get_json()
    assert options.get("allowCredentials", []) == [] and options["userVerification"] == "required"


def test_a_wrong_origin_is_refused_and_counted(app, client, registered):
    response = passkey_login(client, registered, origin="https://evil.example")
    assert response.status_code == 401
    assert "패스키를 확인하지 못했습니다" in response.get_json()["message"]
    assert not logged_in_as(client)
    assert passkey_row(app).failures == 1


def test_a_replayed_assertion_is_refused(app, client, registered):
    options = send(client, "/login/passkey/options").get_json()
    with client.session_transaction() as s:
        saved = s["passkey:login"]
    assertion = registered.get(options)
    assert send(client, "/login/passkey", {"credential": assertion}).status_code == 200
    post(client, "/logout", {}, page="/")
    # The attacker replays the same assertion with the cookie of the time (the challenge's handle in it).
    with client.session_transaction() as s:
        s["passkey:login"] = saved
    replay = send(client, "/login/passkey", {"credential": assertion})
    assert replay.status_code == 400
    assert replay.get_json()["message"].startswith("요청 시간이 지났거나 이미 처리된 요청")
    assert not logged_in_as(client)


def test_an_assertion_for_another_challenge_is_refused(app, client, registered):
    stale = registered.get(send(client, "/login/passkey/options").get_json())
    send(client, "/login/passkey/options")   # a fresh challenge in the session
    assert send(client, "/login/passkey", {"credential": stale}).status_code == 401
    assert not logged_in_as(client)


def test_a_sign_count_that_did_not_grow_is_refused(app, client, registered):
    assert passkey_login(client, registered).status_code == 200
    post(client, "/logout", {}, page="/")
    registered.sign_count = 0            # a clone of the authenticator, behind the original
    assert passkey_login(client, registered).status_code == 401
    assert not logged_in_as(client)


def test_user_verification_is_required(app, client, registered):
    assert passkey_login(client, registered, flags=UP).status_code == 401
    assert not logged_in_as(client)


def test_a_removed_passkey_is_refused(app, client):
    member()
    login(client)
    authenticator = register(client, app)
    row = passkey_row(app)
    removed = post(client, f"/account/passkeys/{row.id}/remove", {}, page="/account/passkeys")
    assert removed.status_code == 302
    assert "등록된 패스키가 없습니다." in client.get("/account/passkeys").get_data(as_text=True)
    post(client, "/logout", {}, page="/")
    response = passkey_login(client, authenticator)
    assert response.status_code == 401
    assert response.get_json()["message"].startswith("등록되지 않았거나 삭제된 패스키입니다.")
    assert not logged_in_as(client)


def test_another_members_passkey_cannot_be_removed(app, client, registered):
    member(user_id="other02", mobile="010-9999-0000")
    login(client, user_id="other02")
    assert post(client, f"/account/passkeys/{passkey_row(app).id}/remove", {}, page="/account/passkeys").status_code == 404
    assert passkey_row(app) is not None


def test_a_locked_member_is_refused_by_the_gate(app, client, registered):
    for _ in range(5):
        login(client, password="Wrong#0000")
    response = passkey_login(client, registered)
    assert response.status_code == 403
    assert "로그인이 제한되었습니다" in response.get_json()["message"]
    assert not logged_in_as(client)


def test_five_refused_assertions_lock_the_passkey(app, client, registered):
    for _ in range(5):
        assert passkey_login(client, registered, origin="https://evil.example").status_code == 401
    row = passkey_row(app)
    assert row.failures == 5 and row.locked_at is not None
    response = passkey_login(client, registered)   # now a right one
    assert response.status_code == 403 and "5회 연속 실패" in response.get_json()["message"]
    assert not logged_in_as(client)


def test_a_right_assertion_clears_the_count(app, client, registered):
    passkey_login(client, registered, origin="https://evil.example")
    assert passkey_login(client, registered).status_code == 200
    assert passkey_row(app).failures == 0


def test_passkey_posts_need_the_csrf_token(app, client, registered):
    for url in ("/login/passkey/options", "/login/passkey"):
        assert client.post(url, data="{}", content_type="application/json").status_code == 400


def test_login_page_offers_passkeys_and_says_they_need_javascript(client):
    page = client.get("/login").get_data(as_text=True)
    assert "패스키로 로그인" in page and "/static/passkeys." in page
    assert "패스키 로그인에는 JavaScript가 필요합니다." in page
    assert "<script>" not in page


def test_production_without_a_public_url_offers_no_passkeys(app):
    from esop.passkeys.ceremony import relying_party
    app.config.update(PRODUCTION=True, PUBLIC_URL="")   # what load_config gives production without it
    with app.test_request_context("/login"):
        assert relying_party() is None
    client = app.test_client()
    assert "패스키로 로그인" not in client.get("/login").get_data(as_text=True)
    assert send(client, "/login/passkey/options").status_code == 404
    app.config.update(PUBLIC_URL="https://bank.example")
    with app.test_request_context("/login"):
        assert relying_party().rp_id == "bank.example" and relying_party().origin == "https://bank.example"


@pytest.mark.parametrize("raw", ["bank.example", "ftp://bank.example", "https://bank.example/path",
                                 "https://user@bank.example", "https://127.0.0.1", "https://"])
def test_a_malformed_public_url_refuses_to_start(raw):
    with pytest.raises(ConfigError, match="ESOP_PUBLIC_URL"):
        _public_url({"ESOP_PUBLIC_URL": raw}, production=False)


def test_production_public_url_is_https_only():
    with pytest.raises(ConfigError, match="https only"):
        _public_url({"ESOP_PUBLIC_URL": "http://bank.example"}, production=True)
    assert _public_url({"ESOP_PUBLIC_URL": "https://bank.example:8443/"}, production=True) == "https://bank.example:8443"


def test_expired_challenges_are_refused(app, client, registered):
    options = send(client, "/login/passkey/options").get_json()
    from esop.models.passkey import PasskeyChallenge
    with app.app_context(), db.connection_context():
        PasskeyChallenge.update(expires_at=dt.datetime.now() - dt.timedelta(seconds=1)).execute()
    assert send(client, "/login/passkey", {"credential": registered.get(options)}).status_code == 400


def test_with_device_designation_a_passkey_login_from_an_unregistered_browser_is_held(app, client, registered):
    """단말기 지정 holds every way in, the passkey too (the merge of issue 16's two features)."""
    assert login(client).status_code == 302
    assert post(client, "/account/devices/apply", {}, page="/account/security").status_code == 302
    post(client, "/logout", {}, page="/")
    client.delete_cookie("esop_device")
    response = passkey_login(client, registered)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert "/verify/device-login/" in response.get_json()["redirect"]
    assert not logged_in_as(client)
