"""대출가능금액 조회 in Chromium: the page before a certificate login and the sandbox console's holdings
form — axe-clean, by keyboard alone. (The figures after a certificate login: tests/web/test_loan_limit.py.)"""
from __future__ import annotations

from browserkit import (assert_error_summary, assert_no_axe_violations, key_fill, key_press,
                        wait_summary_focused)


def test_without_a_certificate_login_the_way_in_is_one_key_away(sized_page, live_server):
    page = sized_page
    page.goto(live_server + "/loan/limit")
    assert page.locator("h1").inner_text() == "대출가능금액 조회"
    assert_no_axe_violations(page, "loan limit: not logged in")
    with page.expect_navigation():
        key_press(page, page.get_by_role("link", name="인증서로 로그인"))
    assert "/login" in page.url and page.url.endswith("#cert-login-title")
    assert page.get_by_role("link", name="금융인증서 로그인").is_visible()


def test_sandbox_holdings_form_by_keyboard_with_errors_then_saved(page, live_server):
    page.goto(live_server + "/sandbox/")
    key_fill(page, page.locator("#sb-h-user_id"), "hong1234")
    key_fill(page, page.get_by_label("보유 주식 수 (주)"), "-5")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    wait_summary_focused(page)
    assert page.title().startswith("오류: ")
    assert page.locator("#sb-h-shares").get_attribute("aria-invalid") == "true"
    assert page.locator("#sb-h-shares").input_value() == "-5"
    assert_error_summary(page, "sandbox holdings error")
    assert_no_axe_violations(page, "sandbox holdings error")
    key_fill(page, page.locator("#sb-h-shares"), "1200")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_text("hong1234 회원의 우리사주 잔고·대출 정보를 저장했습니다.").is_visible()
    assert page.get_by_role("cell", name="1,200").is_visible()
