"""Issue 16 in Chromium: the 인증센터 menu's guide pages, 기기인증 by ARS, the OTP example and the
예방서비스 notes — axe-clean, reached by keyboard, with JavaScript on and off."""
from __future__ import annotations

import pytest

from browserkit import assert_announced, assert_no_axe_violations, key_press
from cert_walk import PEOPLE, identity, pass_verification, ui

GUIDES = [("클라우드 공동인증서 발급/재발급", "클라우드 공동인증서 발급/재발급"),
          ("클라우드 공동인증서 갱신", "클라우드 공동인증서 갱신"),
          ("공동인증서란?", "공동인증서란?"),
          ("인증서발급/재발급", "인증서발급/재발급")]


@pytest.mark.parametrize("javascript", [True, False])
def test_menu_guides_by_keyboard(page, nojs_page, live_server, javascript):
    p = page if javascript else nojs_page
    for link, heading in GUIDES:
        p.goto(live_server + "/menu")
        with p.expect_navigation():
            key_press(p, p.get_by_role("link", name=link, exact=True))
        assert p.get_by_role("heading", level=1).inner_text() == heading
        assert_no_axe_violations(p, f"{heading} ({'JS' if javascript else 'no JS'})")
    assert p.get_by_role("link", name="공동인증서 타기관인증서등록").count() == 0


def _to_device_step(p, base, user_id, keyboard):
    act = ui(p, keyboard)
    name, birth, phone = PEOPLE[user_id]
    p.goto(base + "/certcenter/cloud/joint/cloud32/")
    act.fill(p.get_by_label("이름", exact=True), name)
    act.fill(p.get_by_label("생년월일"), birth)
    act.fill(p.get_by_label("휴대폰번호"), phone)
    act.press(p.get_by_role("button", name="클라우드 재연결"))
    p.locator("#device-number, input[name=agree]").first.wait_for()   # a new subscriber agrees first
    if p.get_by_label("클라우드 인증서비스 이용약관에 동의합니다").count():
        act.check(p.get_by_label("클라우드 인증서비스 이용약관에 동의합니다"))
        act.press(p.get_by_role("button", name="다음"))
    return p.locator("#device-number").inner_text()


def _answer_call(context, base, number):
    phone = context.new_page()   # the member's phone, in the sandbox console's ARS section
    phone.goto(base + "/sandbox/#sb-ars")
    call = phone.locator(".sandbox-call").filter(has_text="클라우드 기기인증").filter(has_text="대기 중").first
    call.locator("input[name=digits]").fill(number)
    call.get_by_role("button", name="승인").click()
    phone.get_by_text("ARS 전화 응답: 승인").wait_for()
    phone.close()


def test_device_check_by_ars_with_js_by_keyboard(page, live_server):
    number = _to_device_step(page, live_server, "kang5678", keyboard=True)
    assert "자동으로 바뀝니다" in page.locator("#device-status").inner_text()
    assert_no_axe_violations(page, "기기인증 (JS)")
    key_press(page, page.get_by_role("button", name="ARS 인증 요청"))
    page.get_by_text("ARS 전화를 걸었습니다. 전화 안내에 따라 위의 인증숫자").wait_for()
    assert_announced(page, "ARS 전화를 걸었습니다")
    assert_no_axe_violations(page, "기기인증 ARS 요청 (JS)")
    _answer_call(page.context, live_server, number)
    page.locator("#device-status").get_by_text("기기인증이 완료되어 클라우드에 연결되었습니다.").wait_for(timeout=15000)
    assert_no_axe_violations(page, "기기인증 ARS 완료 (JS)")


def test_device_check_by_ars_without_js(nojs_page, live_server):
    p = nojs_page
    number = _to_device_step(p, live_server, "yoon9012", keyboard=True)
    waiting = p.locator("#device-status").inner_text()
    assert "자동으로" not in waiting and "[인증 확인]을 눌러" in waiting
    assert_no_axe_violations(p, "기기인증 (no JS)")
    with p.expect_navigation():
        key_press(p, p.get_by_role("button", name="ARS 인증 요청"))
    assert p.get_by_text("ARS 전화를 걸었습니다. 전화 안내에 따라 위의 인증숫자").is_visible()
    assert_no_axe_violations(p, "기기인증 ARS 요청 (no JS)")
    _answer_call(p.context, live_server, number)
    with p.expect_navigation():
        key_press(p, p.get_by_role("button", name="인증 확인"))
    assert p.get_by_text("클라우드에 연결되었습니다").first.is_visible()


@pytest.mark.parametrize("javascript", [True, False])
def test_registration_shows_the_manual_notes_and_otp_example(page, nojs_page, live_server, javascript):
    p = page if javascript else nojs_page
    p.goto(live_server + "/certcenter/financial/register")
    identity(p, "hong1234")
    p.wait_for_url("**/verify/certcenter.fin31/**")
    step = p.locator("#verify-step")
    assert step.get_by_text("전자금융사기 예방서비스 신청에서").is_visible()
    assert_no_axe_violations(p, "예수금 계좌 인증 notes")
    pass_verification(p, live_server, "hong1234", "notes", stop_at="보안확인 수단")
    if p.locator("#step-title").inner_text() == "보안확인 수단":   # a choice between OTP and the card
        step.locator("input[name=method][value=otp]").check()
        step.get_by_role("button", name="다음").click()
    p.locator("#step-title").get_by_text("보안확인 수단 - OTP").wait_for()
    img = p.get_by_role("img", name="OTP단말기 예시: 화면에 일회용 비밀번호 123456이 표시되어 있습니다")
    assert img.evaluate("i => i.complete && i.naturalWidth > 0")
    assert p.get_by_text("본 화면은 고객님의 이해를 돕기 위한 예시화면입니다.").is_visible()
    assert_no_axe_violations(p, "OTP example")
