"""Home and login in a real browser: axe, keyboard-only login, the error summary after a wrong password."""
from __future__ import annotations

from browserkit import assert_error_summary, assert_no_axe_violations, focused, tab_to, wait_summary_focused


def test_home_has_no_axe_violations_and_a_working_skip_link(sized_page, live_server):
    page = sized_page
    page.goto(live_server + "/")
    assert page.get_attribute("html", "lang") == "ko"
    assert_no_axe_violations(page, "home")
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "본문 바로가기"
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main"
    for name in ("로그인", "인증센터", "고객센터"):
        assert page.get_by_role("navigation", name="주 메뉴").get_by_role("link", name=name).count() == 1


def test_login_page_has_no_axe_violations(page, live_server):
    page.goto(live_server + "/login")
    assert_no_axe_violations(page, "login")


def test_login_by_keyboard_alone(page, live_server):
    page.goto(live_server + "/")
    tab_to(page, lambda f: f["tag"] == "A" and f["text"] == "로그인")
    page.keyboard.press("Enter")
    page.wait_for_url("**/login*")
    tab_to(page, lambda f: f["id"] == "user_id")
    page.keyboard.type("hong1234")
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "password"
    page.keyboard.type("Esop#2026")
    page.keyboard.press("Enter")
    page.wait_for_url(live_server + "/")
    assert page.get_by_text("홍길동님, 로그인되었습니다.").is_visible()
    tab_to(page, lambda f: f["tag"] == "BUTTON" and f["text"] == "로그아웃")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_text("로그아웃되었습니다.").is_visible()


def test_wrong_password_focuses_the_error_summary_and_marks_the_field(sized_page, live_server):
    page = sized_page
    page.goto(live_server + "/login")
    page.get_by_label("아이디").fill("hong1234")
    page.get_by_label("비밀번호").fill("not-the-password")
    with page.expect_navigation():
        page.get_by_role("button", name="로그인", exact=True).press("Enter")
    assert page.title().startswith("오류: ")
    summary = page.locator(".error-summary")
    assert summary.is_visible()
    wait_summary_focused(page)
    assert page.get_by_label("비밀번호").get_attribute("aria-invalid") == "true"
    assert "비밀번호 1회 오류" in summary.inner_text()
    assert page.get_by_label("아이디").input_value() == "hong1234"  # nothing typed is lost
    assert_error_summary(page, "login error state")
    assert_no_axe_violations(page, "login error state")
    # The summary links to the field.
    summary.get_by_role("link").first.press("Enter")
    # Reset the counter for other tests: the right password succeeds while not yet locked.
    page.get_by_label("비밀번호").fill("Esop#2026")
    page.get_by_role("button", name="로그인", exact=True).click()
    page.wait_for_url(live_server + "/")
