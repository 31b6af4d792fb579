"""Time limits on the page's own clock (Playwright's page.clock), issue 17 / WCAG 2.2.1: 추가인증's 15
minutes warned 2 minutes before with focus on '시간 연장', extended by keyboard with focus back where the
member was, and the end said in words with the page and what was typed on it left as they were;
'시간 연장' pressed before any warning keeps focus on the button."""
from __future__ import annotations

from browserkit import assert_no_axe_violations, focused, key_press, wait_until
from speech import Speech

from esop.verify.demo import demo_rrn
from test_verify_journey import identify
from timelimit import EXPIRED, EXTENDED, WARNING


def test_verify_limit_warns_extends_by_keyboard_and_ends_in_words_keeping_the_page(page, live_server):
    page.clock.install()
    identify(page, live_server, "kang5678", demo_rrn("kang5678"))
    assert "까지 마치지 않으시면 처음부터 다시 진행하셔야 합니다" in page.locator("#flow-timeout").inner_text()
    choice = page.get_by_label("휴대폰 SMS 인증")
    choice.check()
    choice.focus()
    page.clock.fast_forward("13:05")           # 15 minutes: the warning comes at 2 minutes left
    wait_until(page, WARNING)
    assert focused(page)["text"] == "시간 연장"
    assert_no_axe_violations(page, "추가인증 time-limit warning")
    page.keyboard.press("Enter")
    wait_until(page, EXTENDED)
    assert page.locator(".timeout__warning").is_hidden()
    assert choice.evaluate("e => e === document.activeElement")   # back where the member was
    # The extension counts 15 minutes from now: no warning 13 minutes on, the warning at 13:05.
    page.clock.fast_forward("12:50")
    page.wait_for_timeout(300)
    assert page.locator(".timeout__warning").is_hidden()
    page.clock.fast_forward("00:20")
    wait_until(page, WARNING)
    speech = Speech(page)
    page.clock.fast_forward("02:05")
    wait_until(page, EXPIRED)
    said = speech.settle(quiet_ms=500)
    Speech.assert_once("입력 시간(15분)이 지나 안전을 위해 추가인증을 처음부터 다시 시작합니다.", said, "expiry")
    assert page.url.endswith("/verify/recovery/choose") and choice.is_checked()   # nothing typed is lost
    assert page.get_by_role("button", name="시간 연장").count() == 0
    assert focused(page)["text"] == "처음부터 다시 시작"    # focus was on the button that went away
    assert_no_axe_violations(page, "추가인증 time limit ended")
    with page.expect_navigation():
        page.get_by_role("link", name="처음부터 다시 시작").click()


def test_extending_before_any_warning_keeps_focus_on_the_button(page, live_server):
    page.goto(live_server + "/signup/terms")
    key_press(page, page.get_by_role("button", name="시간 연장"))
    wait_until(page, EXTENDED)
    wait_until(page, "document.activeElement !== document.body")
    assert focused(page)["text"] == "시간 연장"
