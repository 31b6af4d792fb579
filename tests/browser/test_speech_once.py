"""Issue 17: after an htmx swap each message is spoken once (speech.py counts what live regions say)."""
from __future__ import annotations

from esop.verify.demo import demo_rrn

from speech import Speech, texts
from test_verify_journey import identify, sms_code, wait_js

PHONE = "010-5511-2233"   # kang5678's, the demo member with a security card


def test_a_swapped_error_is_spoken_once(page, live_server):
    identify(page, live_server, "kang5678", demo_rrn("kang5678"))
    page.get_by_label("휴대폰 SMS 인증").check()
    page.get_by_role("button", name="다음").click()
    page.get_by_role("button", name="인증번호 요청").click()
    page.wait_for_selector("[data-countdown]")
    wait_js(page, "document.activeElement.id === 'code'")
    code = sms_code(page, live_server, PHONE)
    speech = Speech(page)
    speech.settle(quiet_ms=500)
    page.keyboard.type("000000" if code != "000000" else "111111")
    page.keyboard.press("Enter")
    page.wait_for_selector(".error-summary")
    said = speech.settle()
    message = page.locator(".error-summary li").first.inner_text().strip()
    assert message and sum(message in t for t in texts(said)) == 1, (message, texts(said))
    Speech.assert_no_repeats(said, "wrong SMS code")
    # The right code (the step passes; a failure counter is not left behind for other journeys).
    page.get_by_label("인증번호 6자리").fill(code)
    page.get_by_role("button", name="확인").click()
    page.wait_for_selector("text=보안확인 수단 선택")   # 보안카드 or 1원 이체 (issue 17)
