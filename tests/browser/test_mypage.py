"""마이페이지 in a real browser: axe on every page and error state (JS on and off), the session
timeout warning announced with focus on '시간 연장' and extended by keyboard, the re-consent
interruption, 본인이 아닙니다 and 회원탈퇴 without JS. Its own server: these tests change members."""
from __future__ import annotations

import pytest

from browserkit import (assert_error_summary, assert_no_axe_violations, focused, key_press, tab_to, wait_summary_focused,
                        wait_until)
from serverkit import serve_app

PASSWORD = "Esop#2026"
PAGES = ["/account/", "/account/profile", "/account/password", "/account/mobile", "/account/consents",
         "/account/credit-info", "/account/security", "/account/alerts", "/account/withdraw"]

# hong1234 agreed to version 1 of the required documents; then 개인정보처리방침 version 2 is published.
SETUP = """
from esop import create_app
from esop.db import db
from esop.models import consent
from esop.models.consent import Document
from esop.models.member import member_by_user_id
app = create_app()
with app.app_context(), db.connection_context():
    hong = member_by_user_id("hong1234")
    for slug in consent.TERMS:
        consent.record_answers("demo", consent.current(slug), {"agree": True}, viewed=True, member=hong)
    consent.record_answers("demo", consent.current("credit-info-consent"),
                           {k: True for k, _ in consent.CREDIT_ITEMS}, viewed=True, member=hong)
    v1 = consent.current("privacy-policy")
    Document.create(slug=v1.slug, version=v1.version + 1, title=v1.title, kind=v1.kind, required=True,
                    body=v1.body + "\\n\\n제20조 (개정 조항)\\n개정된 내용입니다.")
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    work = tmp_path_factory.mktemp("mypage")
    with serve_app(work, f"sqlite:///{work / 'esop.db'}", setup=SETUP) as url:
        yield url


def login(page, base, user_id, password=PASSWORD):
    page.goto(base + "/login")
    page.locator("#user_id").fill(user_id)
    page.locator("#password").fill(password)
    with page.expect_navigation():
        page.locator("#password").press("Enter")


@pytest.mark.parametrize("mode", ["js", "nojs", "320px-text200"])
def test_every_page_and_error_state_is_axe_clean(request, server, mode):
    js = mode != "nojs"
    page = request.getfixturevalue({"js": "page", "nojs": "nojs_page"}.get(mode, "reflow_page"))
    login(page, server, "kang5678")
    for path in PAGES:
        page.goto(server + path)
        assert page.locator("h1").count() == 1
        assert_no_axe_violations(page, f"{path} js={js}")
    # Error states: the summary, the marked field, the title prefix.
    page.goto(server + "/account/profile")
    page.locator("#home_postcode").fill("12")
    page.locator("#email").fill("not-an-email")
    with page.expect_navigation():
        page.locator("#profile-form button.button--primary").click()
    assert page.title().startswith("오류: ")
    assert page.locator("#home_postcode").get_attribute("aria-invalid") == "true"
    assert "home_postcode-error" in page.locator("#home_postcode").get_attribute("aria-describedby")
    if js:
        wait_summary_focused(page)
    assert_error_summary(page, f"profile errors {mode}")
    assert_no_axe_violations(page, "profile errors")
    page.goto(server + "/account/password")
    page.locator("#current_password").fill("Wrong#0000")
    with page.expect_navigation():
        page.locator("#current_password").press("Enter")
    assert page.title().startswith("오류: ")
    assert_no_axe_violations(page, "password errors")
    page.goto(server + "/account/consents")
    page.locator("#marketing-yes").check()
    for box in page.locator("input[name=channel]").all():
        box.uncheck()
    page.get_by_role("button", name="동의 내용 저장").click()
    page.wait_for_selector(".error-summary")
    assert page.locator("#channel-sms").get_attribute("aria-invalid") == "true"
    assert_error_summary(page, f"consent errors {mode}")
    assert_no_axe_violations(page, "consent errors")
    page.locator("#channel-email" if js else "#channel-phone").check()
    page.get_by_role("button", name="동의 내용 저장").click()
    page.wait_for_selector("text=상품서비스 안내 동의를 변경했습니다.")
    assert_no_axe_violations(page, "consent saved")
    page.goto(server + "/account/withdraw")
    with page.expect_navigation():
        page.get_by_role("button", name="회원탈퇴").click()
    assert page.title().startswith("오류: ")
    assert_no_axe_violations(page, "withdraw errors")


def test_session_timeout_warning_is_announced_focused_and_extended_by_keyboard(page, server):
    page.clock.install()
    login(page, server, "kang5678")
    page.goto(server + "/account/security")
    box = page.locator("#session-timeout")
    assert "자동으로 로그아웃됩니다" in box.inner_text()
    warning = box.locator(".timeout__warning")
    assert warning.get_attribute("role") == "alert" and warning.is_hidden()
    page.locator("h1").click()
    page.clock.fast_forward("08:05")   # 10-minute limit: the warning comes at 2 minutes left
    wait_until(page, "!document.querySelector('#session-timeout .timeout__warning').hidden")
    assert "남았습니다" in warning.inner_text()
    assert focused(page)["text"] == "시간 연장"
    assert_no_axe_violations(page, "timeout warning")
    page.keyboard.press("Enter")
    wait_until(page, "document.getElementById('live-status').textContent.includes('연장했습니다')")
    assert "로그인 시간을 연장했습니다." in page.locator("#session-timeout").inner_text()
    assert page.locator("#session-timeout .timeout__warning").is_hidden()
    assert focused(page)["text"] != "시간 연장"   # back where the member was
    # Still logged in after the server-side extension; then idle to the end: logged out with a message.
    page.clock.fast_forward("10:05")
    page.wait_for_url("**/login?expired=1*")
    assert page.get_by_text("일정 시간 동안 사용하지 않아 안전을 위해 로그아웃되었습니다").is_visible()


def test_extending_the_session_before_any_warning_keeps_focus_on_the_button(page, server):
    """Issue 17: '시간 연장' pressed early swaps its box; focus stays on the button, not <body>."""
    login(page, server, "kang5678")
    page.goto(server + "/account/security")
    key_press(page, page.get_by_role("button", name="시간 연장"))
    wait_until(page, "document.getElementById('live-status').textContent.includes('연장했습니다')")
    page.wait_for_timeout(300)
    assert focused(page)["text"] == "시간 연장"


def test_session_timeout_without_js_shows_the_time_and_extends_by_a_form(nojs_page, server):
    login(nojs_page, server, "kang5678")
    nojs_page.goto(server + "/account/alerts")
    text = nojs_page.locator("#session-timeout").inner_text()
    assert "시" in text and "분" in text and "자동으로 로그아웃됩니다" in text
    with nojs_page.expect_navigation():
        nojs_page.locator("#session-timeout button").click()
    assert nojs_page.url.endswith("/account/alerts")
    assert nojs_page.get_by_text("로그인 시간을 연장했습니다.").first.is_visible()


def test_new_required_version_interrupts_login_and_is_agreed_by_keyboard(page, server):
    login(page, server, "hong1234")
    page.goto(server + "/account/security")
    assert "/account/agreements" in page.url, page.url + page.locator("main").inner_text()[:500]
    assert "개정된 내용입니다." in page.content()
    assert_no_axe_violations(page, "interruption page")
    tab_to(page, lambda f: f["id"] == "agree-privacy-policy")
    page.keyboard.press("Space")
    tab_to(page, lambda f: f["text"] == "동의하고 계속")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/account/security")
    assert page.get_by_text("변경된 약관에 동의하셨습니다.").is_visible()


def test_not_me_and_withdrawal_without_js(browser, nojs_page, server):
    # A second browser (another device) logs in as yoon9012: the alert appears.
    login(nojs_page, server, "yoon9012")
    other = browser.new_context(java_script_enabled=False, locale="ko-KR",
                                user_agent="Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) Gecko/20100101 Firefox/131.0")
    other_page = other.new_page()
    login(other_page, server, "yoon9012")
    other.close()
    nojs_page.goto(server + "/account/alerts")
    assert nojs_page.get_by_text("새 기기 또는 브라우저에서 로그인되었습니다").first.is_visible()
    assert_no_axe_violations(nojs_page, "alerts with one")
    with nojs_page.expect_navigation():
        nojs_page.get_by_role("button", name="본인이 아닙니다").first.click()
    assert nojs_page.url.endswith("/account/alerts/locked")
    assert nojs_page.get_by_role("link", name="비밀번호 재등록(잠금 해제)").get_attribute("href") == "/account-recovery/"
    assert_no_axe_violations(nojs_page, "locked page")
    login(nojs_page, server, "yoon9012")
    assert "로그인이 제한되었습니다" in nojs_page.content()


def test_withdrawal_by_keyboard_with_identity_recheck(page, server):
    from esop.verify.demo import demo_rrn
    rrn = demo_rrn("kang5678")
    login(page, server, "kang5678")
    page.goto(server + "/account/withdraw")
    page.locator("#password").fill(PASSWORD)
    page.locator("#rrn_front").fill(rrn[:6])
    page.locator("#rrn_back").fill("1234567")
    page.locator("#confirm").check()
    with page.expect_navigation():
        page.locator("#rrn_back").press("Enter")
    assert "주민등록번호가 회원정보와 일치하지 않습니다" in page.locator(".error-summary").inner_text()
    assert_no_axe_violations(page, "withdraw rrn mismatch")
    page.locator("#password").fill(PASSWORD)
    page.locator("#rrn_front").fill(rrn[:6])
    page.locator("#rrn_back").fill(rrn[6:])
    page.locator("#confirm").check()
    with page.expect_navigation():
        page.locator("#rrn_back").press("Enter")
    assert page.url.endswith("/account/withdrawn")
    assert_no_axe_violations(page, "withdrawn")
    login(page, server, "kang5678")
    assert page.title().startswith("오류: ")
