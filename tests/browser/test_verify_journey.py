"""추가인증 in Chromium: the ARS approval answered in a second page (the sandbox console) while the
member's page polls and moves on by itself; the same without JS through 승인 확인; axe on every step
and error state; the whole 비밀번호 재등록(잠금 해제) by keyboard alone."""
from __future__ import annotations

import re

import pytest

from browserkit import assert_no_axe_violations, focused, key_press, tab_to, wait_summary_focused

from esop.demo import demo_people
from esop.verify.demo import demo_rrn


def wait_js(page, expression, timeout_ms=10000):
    """Poll from the test side (page.wait_for_function uses eval, which our CSP forbids)."""
    for _ in range(timeout_ms // 50):
        if page.evaluate(f"() => Boolean({expression})"):
            return
        page.wait_for_timeout(50)
    raise AssertionError(f"timed out waiting for: {expression}")


def identify(page, base, user_id, rrn):
    page.goto(base + "/account-recovery/")
    page.get_by_label("아이디").fill(user_id)
    page.get_by_label("주민등록번호 앞 6자리").fill(rrn[:6])
    page.get_by_label("주민등록번호 뒤 7자리").fill(rrn[6:])
    with page.expect_navigation():
        page.get_by_role("button", name="다음").click()


def answer_call(console, base, approve=True):
    console.goto(base + "/sandbox/")
    call = console.locator(".sandbox-call", has=console.get_by_role("button", name="승인")).first
    digits = console.request.get(base + "/sandbox/ars.json").json()[0]["digits"]
    call.get_by_label("전화에서 누를 숫자 2자리").fill(digits)
    with console.expect_navigation():
        call.get_by_role("button", name="승인" if approve else "거절").click()


def otp_serial(page, base, user_id):
    """The serial printed on the member's OTP (the sandbox console lists it)."""
    return next(o["serial"] for o in page.request.get(base + "/sandbox/otp.json").json() if o["user_id"] == user_id)


def sms_code(page, base, phone):
    for _ in range(50):
        messages = page.request.get(f"{base}/sandbox/messages.json?to={phone}").json()
        if messages:
            return messages[0]["code"]
        page.wait_for_timeout(100)
    raise AssertionError(f"no SMS to {phone}")


def test_ars_approved_in_the_console_moves_the_polling_page_on_by_itself(page, browser, live_server):
    identify(page, live_server, "hong1234", demo_people()[0][1])
    # 예수금 계좌 인증 first (hong1234 holds a deposit account); its error state, then success.
    assert_no_axe_violations(page, "account step")
    page.get_by_label("예수금계좌비밀번호").fill("12")
    page.get_by_role("button", name="확인").click()
    page.wait_for_selector(".error-summary")
    wait_summary_focused(page)
    assert page.title().startswith("오류: ")         # the swap brought a summary: the title says so
    assert_no_axe_violations(page, "account error")
    page.get_by_label("예수금계좌비밀번호").fill("7394")
    page.get_by_role("button", name="확인").click()
    page.wait_for_selector("text=본인확인 추가인증 선택")
    wait_js(page, "document.activeElement.id === 'step-title'")
    assert not page.title().startswith("오류: ")     # ... and no longer once it is gone
    assert "예수금 계좌 인증이 완료되었습니다" in page.locator("#live-status").inner_text()
    assert_no_axe_violations(page, "choose step")

    page.get_by_label("2채널 인증(ARS승인)").check()
    page.get_by_role("button", name="다음").click()
    page.get_by_role("button", name="2채널 전화 승인요청").wait_for()
    assert_no_axe_violations(page, "ARS step")
    page.get_by_label("자택전화").check()
    page.get_by_role("button", name="2채널 전화 승인요청").click()
    page.wait_for_selector("#ars-poll[hx-trigger]")
    digits = page.locator(".ars-digits").inner_text().strip()
    assert len(digits) == 2
    assert "전화를 걸었습니다" in page.locator("#live-status").inner_text()
    assert page.locator(".countdown__left[role=timer]").count() == 1
    assert_no_axe_violations(page, "ARS pending")

    console_context = browser.new_context(locale="ko-KR")
    console = console_context.new_page()
    answer_call(console, live_server)
    assert "승인" in console.locator(".notice").inner_text()
    console_context.close()

    # Nobody touches the member's page: the poll sees the approval and swaps in the next step.
    page.wait_for_selector("text=OTP비밀번호 (숫자 6~8자리)", timeout=10000)
    assert page.locator("#ars-poll").count() == 0 and page.locator("[hx-trigger]").count() == 0
    assert "2채널 전화 승인이 확인되었습니다" in page.locator("#live-status").inner_text()
    wait_js(page, "document.activeElement.id === 'step-title'")
    assert_no_axe_violations(page, "OTP step")
    # The serial (printed on the device) first: a wrong one is named at its own field.
    page.get_by_label("OTP일련번호").fill("OTP0000000000")
    page.get_by_label("OTP비밀번호 (숫자 6~8자리)").fill("123456")
    page.get_by_role("button", name="확인").click()
    page.wait_for_selector(".error-summary")
    assert "OTP일련번호가 고객님의 OTP와 일치하지 않습니다" in page.locator(".error-summary").inner_text()
    assert page.get_by_label("OTP일련번호").get_attribute("aria-invalid") == "true"
    assert page.get_by_label("OTP일련번호").input_value() == "OTP0000000000"     # kept as typed
    assert_no_axe_violations(page, "OTP serial error")
    page.get_by_label("OTP일련번호").fill(otp_serial(page, live_server, "hong1234"))
    page.get_by_label("OTP비밀번호 (숫자 6~8자리)").fill("12")
    page.get_by_role("button", name="확인").click()
    page.wait_for_selector("#code[aria-invalid=true]")
    assert page.get_by_label("OTP일련번호").get_attribute("aria-invalid") == "false"
    assert_no_axe_violations(page, "OTP error")


def test_ars_without_javascript_through_the_approval_button(nojs_page, browser, live_server):
    page = nojs_page
    identify(page, live_server, "kang5678", demo_rrn("kang5678"))
    page.get_by_label("2채널 인증(ARS승인)").check()
    with page.expect_navigation():
        page.get_by_role("button", name="다음").click()
    with page.expect_navigation():
        page.get_by_role("button", name="2채널 전화 승인요청").click()
    assert page.locator(".ars-digits").is_visible()
    with page.expect_navigation():
        page.get_by_role("button", name="승인 확인").click()
    assert page.get_by_text("아직 전화 승인이 확인되지 않았습니다").first.is_visible()
    console_context = browser.new_context(java_script_enabled=False, locale="ko-KR")
    answer_call(console_context.new_page(), live_server)
    console_context.close()
    with page.expect_navigation():
        page.get_by_role("button", name="승인 확인").click()
    assert page.url.endswith("/verify/recovery/choose")   # 보안카드 or 1원 이체 (issue 17)
    assert page.get_by_role("heading", name="보안확인 수단").is_visible()
    assert page.get_by_text("2채널 전화 승인이 확인되었습니다.").is_visible()
    page.get_by_label("보안카드").check()
    with page.expect_navigation():
        page.get_by_role("button", name="다음").click()
    assert page.get_by_role("heading", name="보안확인 수단 - 보안카드").is_visible()
    assert page.get_by_role("link", name="계좌이체인증(1원 이체)").is_visible()


def test_sms_card_and_new_password_pages_have_no_axe_violations(page, live_server):
    rrn = demo_rrn("kang5678")
    identify(page, live_server, "kang5678", rrn)
    page.get_by_label("휴대폰 SMS 인증").check()
    page.get_by_role("button", name="다음").click()
    page.get_by_role("button", name="인증번호 요청").click()
    page.wait_for_selector("[data-countdown]")
    wait_js(page, "document.activeElement.id === 'code'")
    assert_no_axe_violations(page, "SMS code sent")
    page.keyboard.type("000000" if sms_code(page, live_server, "010-5511-2233") != "000000" else "111111")
    page.keyboard.press("Enter")
    page.wait_for_selector(".error-summary")
    assert_no_axe_violations(page, "SMS wrong code")
    page.get_by_label("인증번호 6자리").fill(sms_code(page, live_server, "010-5511-2233"))
    page.get_by_role("button", name="확인").click()
    page.get_by_label("보안카드").check()          # 보안확인 수단: 보안카드 or 1원 이체 (issue 17)
    assert_no_axe_violations(page, "보안확인 수단: 보안카드 or 1원 이체")
    page.get_by_role("button", name="다음").click()
    page.wait_for_selector("text=보안카드 일련번호 끝 3자리")
    assert_no_axe_violations(page, "card step")
    page.get_by_label("보안카드 일련번호 끝 3자리").fill("1")
    page.get_by_role("button", name="확인").click()
    page.wait_for_selector(".error-summary")
    assert_no_axe_violations(page, "card error")
    page.goto(live_server + "/account-recovery/")
    assert_no_axe_violations(page, "recovery identify")
    page.get_by_role("button", name="다음").click()
    page.wait_for_selector(".error-summary")
    assert page.title().startswith("오류: ")
    assert_no_axe_violations(page, "recovery identify error")


def test_onetime_and_transfer_pages_have_no_axe_violations(page, live_server):
    identify(page, live_server, "yoon9012", demo_rrn("yoon9012"))
    page.get_by_label("1회용 인증번호 인증").check()
    page.get_by_role("button", name="다음").click()
    page.get_by_label("1회용 인증번호 (숫자 6~8자리)").wait_for()
    assert_no_axe_violations(page, "onetime step")
    page.get_by_label("1회용 인증번호 (숫자 6~8자리)").fill("12345678")
    page.get_by_role("button", name="확인").click()
    page.wait_for_selector(".error-summary")
    assert_no_axe_violations(page, "onetime error")
    page.goto(live_server + "/verify/recovery/choose")
    page.get_by_label("휴대폰 SMS 인증").check()
    with page.expect_navigation():
        page.get_by_role("button", name="다음").evaluate("b => b.form.submit()")
    page.get_by_role("button", name="인증번호 요청").click()
    page.wait_for_selector("#code")
    page.get_by_label("인증번호 6자리").fill(sms_code(page, live_server, "010-6622-3344"))
    page.get_by_role("button", name="확인").click()
    page.wait_for_selector("text=본인 명의 계좌번호")
    assert_no_axe_violations(page, "transfer step")
    page.get_by_role("button", name="1원 보내기").click()
    page.wait_for_selector(".error-summary")
    assert_no_axe_violations(page, "transfer error")
    page.get_by_label("금융기관명").select_option("카카오뱅크")
    page.get_by_label("본인 명의 계좌번호").fill("3333-01-1234567")
    page.get_by_role("button", name="1원 보내기").click()
    page.wait_for_selector("#code")
    assert_no_axe_violations(page, "transfer sent")


def sms_by_keyboard(page, base, phone):
    """From the focused first radio of 본인확인 추가인증 (휴대폰 SMS 인증): choose it, request the code,
    type it — keys only."""
    page.keyboard.press("Space")
    tab_to(page, lambda f: f["tag"] == "BUTTON" and f["text"] == "다음")
    page.keyboard.press("Enter")
    page.wait_for_selector("#sms-send")
    wait_js(page, "document.activeElement.id === 'step-title'")
    tab_to(page, lambda f: f["id"] == "sms-send")
    page.keyboard.press("Enter")
    page.wait_for_selector("#code")
    wait_js(page, "document.activeElement.id === 'code'")
    page.keyboard.type(sms_code(page, base, phone))
    page.keyboard.press("Enter")


def test_recovery_by_keyboard_alone(page, live_server):
    rrn = demo_rrn("yoon9012")
    page.goto(live_server + "/account-recovery/")
    tab_to(page, lambda f: f["id"] == "user_id")
    page.keyboard.type("yoon9012")
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "rrn_front"
    page.keyboard.type(rrn[:6])
    page.keyboard.press("Tab")
    page.keyboard.type(rrn[6:])
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/verify/recovery/choose")

    tab_to(page, lambda f: f["tag"] == "INPUT" and f["name"] == "method")
    sms_by_keyboard(page, live_server, "010-6622-3344")

    page.wait_for_selector("#bank")
    wait_js(page, "document.activeElement.id === 'step-title'")
    assert "휴대폰 SMS 인증이 완료되었습니다" in page.locator("#live-status").inner_text()
    tab_to(page, lambda f: f["id"] == "bank")
    page.keyboard.press("ArrowDown")   # arrows change a closed select: KB국민은행, then 신한은행
    page.keyboard.press("ArrowDown")
    assert page.locator("#bank").input_value() == "신한은행"
    page.keyboard.press("Tab")
    page.keyboard.type("110123456789")
    page.keyboard.press("Enter")
    page.wait_for_selector("#code")
    wait_js(page, "document.activeElement.id === 'code'")
    memo = page.request.get(live_server + "/sandbox/transfers.json").json()[0]["memo"]
    page.keyboard.type(memo[4:])
    page.keyboard.press("Enter")

    page.wait_for_selector("text=추가인증이 모두 완료되었습니다.")
    wait_js(page, "document.activeElement.id === 'step-title'")
    tab_to(page, lambda f: f["tag"] == "A" and f["text"] == "다음")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/account-recovery/password")
    assert_no_axe_violations(page, "new password")
    tab_to(page, lambda f: f["id"] == "password")
    page.keyboard.type("Esop#2026")   # the current password is refused
    page.keyboard.press("Tab")
    page.keyboard.type("Esop#2026")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.title().startswith("오류: ")
    assert "지금 쓰고 계신 비밀번호와 다른" in page.locator(".error-summary").inner_text()
    assert_no_axe_violations(page, "new password error")
    tab_to(page, lambda f: f["id"] == "password")
    page.keyboard.type("Yoon#5821q")
    page.keyboard.press("Tab")
    page.keyboard.type("Yoon#5821q")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/account-recovery/done")
    assert page.get_by_text("새 비밀번호가 등록되었습니다.").is_visible()
    assert_no_axe_violations(page, "recovery done")


# --- 스마트OTP (manual 3-2 보안매체: OTP, 스마트OTP, 보안카드), on its own server -------------------------

SMART_OTP_SETUP = """
from esop import create_app
from esop.db import db
from esop.models.member import member_by_user_id
from esop.verify.issuance import issue_otp
app = create_app()
with app.app_context(), db.connection_context():
    issue_otp(member_by_user_id("kang5678"), kind="smart", by="test")
"""


@pytest.fixture(scope="module")
def smart_otp_server(tmp_path_factory):
    from serverkit import serve_app
    work = tmp_path_factory.mktemp("smart-otp")
    with serve_app(work, f"sqlite:///{work / 'esop.db'}", setup=SMART_OTP_SETUP) as url:
        yield url


def choose_by_keyboard(page, radio):
    """Tab into the group, arrow to the radio, Space, then Tab to 다음 and Enter (browserkit.key_press)."""
    key_press(page, radio, "Space")
    assert radio.is_checked()
    key_press(page, page.get_by_role("button", name="다음"), "Enter")


def test_smart_otp_chosen_and_passed_by_keyboard_alone(page, smart_otp_server):
    """kang5678 holds a 보안카드 and a 스마트OTP: 보안확인 수단 offers both by name; the 스마트OTP step says
    to tap the card on the phone and takes the number the app shows."""
    base = smart_otp_server
    identify(page, base, "kang5678", demo_rrn("kang5678"))
    tab_to(page, lambda f: f["tag"] == "INPUT" and f["name"] == "method")
    sms_by_keyboard(page, base, "010-5511-2233")

    page.get_by_role("group", name="보안확인 수단 선택").wait_for()
    wait_js(page, "document.activeElement.id === 'step-title'")
    smart = page.get_by_role("radio", name="스마트OTP")
    assert smart.count() == 1 and page.get_by_role("radio", name="보안카드").count() == 1
    assert "스마트OTP 카드를 태깅하면" in page.locator("#verify-step").inner_text()
    assert_no_axe_violations(page, "보안확인 수단: 스마트OTP or 보안카드")
    choose_by_keyboard(page, smart)

    page.wait_for_selector("#code")
    wait_js(page, "document.activeElement.id === 'step-title'")
    step = page.locator("#verify-step")
    assert "스마트OTP 앱을 열고" in step.inner_text() and "OTP단말기" not in step.inner_text()
    assert page.get_by_label("OTP비밀번호").get_attribute("aria-describedby") == "code-hint"
    assert "스마트OTP 앱에 표시된 숫자 6자리" in page.locator("#code-hint").inner_text()
    assert_no_axe_violations(page, "스마트OTP")
    tab_to(page, lambda f: f["id"] == "serial")
    page.keyboard.type(otp_serial(page, base, "kang5678"))
    page.keyboard.press("Tab")
    code = next(o["code"] for o in page.request.get(base + "/sandbox/otp.json").json() if o["user_id"] == "kang5678")
    page.keyboard.type(code)
    page.keyboard.press("Enter")
    page.wait_for_selector("text=추가인증이 모두 완료되었습니다.")
    assert "스마트OTP 인증이 완료되었습니다" in page.locator("#live-status").inner_text()
    assert_no_axe_violations(page, "스마트OTP passed")


def test_a_onetime_number_issued_in_the_console_passes_the_step_by_keyboard(page, smart_otp_server):
    """The sandbox console stands for the branch that hands out 1회용 인증번호 (SPEC: completable on one
    machine); the number is shown once, focused, and then passes 1회용 인증번호 인증."""
    base = smart_otp_server
    console = page.context.new_page()
    console.goto(base + "/sandbox/#sb-onetime")
    tab_to(console, lambda f: f["id"] == "sb-onetime-user")
    console.keyboard.type("kang5678")
    with console.expect_navigation():
        console.keyboard.press("Enter")
    wait_js(console, "document.activeElement && document.activeElement.getAttribute('role') === 'status'")
    notice = console.get_by_role("status").filter(has_text="1회용 인증번호")
    number = re.search(r"(\d{8})", notice.inner_text()).group(1)
    assert_no_axe_violations(console, "console: 1회용 인증번호 issued")
    console.close()
    identify(page, base, "kang5678", demo_rrn("kang5678"))
    choose_by_keyboard(page, page.get_by_role("radio", name="1회용 인증번호 인증"))
    page.wait_for_selector("#code")
    tab_to(page, lambda f: f["id"] == "code")
    page.keyboard.type(number)
    page.keyboard.press("Enter")
    page.get_by_role("group", name="보안확인 수단 선택").wait_for()
    assert "1회용 인증번호 인증이 완료되었습니다" in page.locator("#live-status").inner_text()
