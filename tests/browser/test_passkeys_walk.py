"""패스키 in Chromium with its virtual authenticator (DevTools WebAuthn domain): register after 추가인증,
log out, log in with nothing typed; a removed passkey refused; axe and a keyboard walk on each page;
without JS the login page says passkeys need it. Its own server on `localhost` (an IP is no RP ID)."""
from __future__ import annotations

import pytest

from browserkit import assert_no_axe_violations, key_press, wait_until
from cert_walk import pass_verification
from serverkit import serve_app

PASSWORD = "Esop#2026"
USER = "kang5678"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    work = tmp_path_factory.mktemp("passkeys")
    with serve_app(work, f"sqlite:///{work / 'esop.db'}",
                   env={"ESOP_LIMIT_CODE_NUMBER": "1000/3600", "ESOP_CODE_RESEND_SECONDS": "1"}) as url:
        yield url.replace("127.0.0.1", "localhost")


def virtual_authenticator(page):
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    made = cdp.send("WebAuthn.addVirtualAuthenticator", {"options": {
        "protocol": "ctap2", "transport": "internal", "hasResidentKey": True, "hasUserVerification": True,
        "isUserVerified": True}})
    return cdp, made["authenticatorId"]


def password_login(page, base):
    page.goto(base + "/login")
    page.locator("#user_id").fill(USER)
    page.locator("#password").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("#password").press("Enter")


def log_out(page):
    with page.expect_navigation():
        page.get_by_role("button", name="로그아웃").click()


def test_register_after_verification_then_log_in_with_the_passkey_by_keyboard(page, server):
    cdp, authenticator = virtual_authenticator(page)
    password_login(page, server)
    page.goto(server + "/account/passkeys")
    assert_no_axe_violations(page, "패스키: 추가인증 전")
    with page.expect_navigation():
        key_press(page, page.get_by_role("button", name="추가인증 후 패스키 등록"))
    pass_verification(page, server, USER, "패스키 추가인증", keyboard=True, back_at="/account/passkeys")
    page.wait_for_load_state()
    assert_no_axe_violations(page, "패스키: 등록 가능")
    with page.expect_navigation():
        key_press(page, page.get_by_role("button", name="이 기기에 패스키 등록"))
    assert "패스키(Chrome · Linux)를 등록했습니다." in page.content()
    assert len(cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})["credentials"]) == 1
    assert_no_axe_violations(page, "패스키: 등록됨")
    log_out(page)

    page.goto(server + "/login")
    assert_no_axe_violations(page, "로그인: 패스키")
    with page.expect_navigation():
        key_press(page, page.get_by_role("button", name="패스키로 로그인"))   # no ID, no password typed
    assert "강민지님, 패스키로 로그인되었습니다." in page.content()

    # Removed in 마이페이지: the authenticator still holds it, the site no longer knows it.
    page.goto(server + "/account/passkeys")
    with page.expect_navigation():
        key_press(page, page.get_by_role("button", name="삭제"))
    assert "등록된 패스키가 없습니다." in page.content()
    log_out(page)
    page.goto(server + "/login")
    key_press(page, page.get_by_role("button", name="패스키로 로그인"))
    error = page.locator("[data-passkey-error]")
    error.wait_for()
    assert error.inner_text().startswith("등록되지 않았거나 삭제된 패스키입니다.")
    wait_until(page, "document.activeElement && document.activeElement.hasAttribute('data-passkey-error')")
    assert_no_axe_violations(page, "로그인: 삭제된 패스키")
    assert "/login" in page.url


def test_without_javascript_the_login_page_offers_the_other_ways(nojs_page, server):
    nojs_page.goto(server + "/login")
    assert nojs_page.get_by_text("패스키 로그인에는 JavaScript가 필요합니다.").is_visible()
    assert not nojs_page.get_by_role("button", name="패스키로 로그인").is_visible()
    assert nojs_page.get_by_role("link", name="금융인증서 로그인").is_visible()
    assert_no_axe_violations(nojs_page, "로그인: JS 없이")
