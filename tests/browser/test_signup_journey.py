"""The whole 회원가입 wizard in Chromium: with JS by keyboard alone, and without JS; axe on every state."""
from __future__ import annotations

import re

from browserkit import assert_error_summary, assert_no_axe_violations, focused, tab_to, wait_summary_focused, wait_until
from signup_walk import fresh_person, sms_code


def press_tab_to_id(page, element_id):
    return tab_to(page, lambda f: f["id"] == element_id, limit=150)


def type_into(page, element_id, value):
    press_tab_to_id(page, element_id)
    page.keyboard.press("Control+A")
    page.keyboard.type(value)


def choose_radio(page, target_id):
    """Tab into the radio group (it takes focus on its checked or first radio), then arrow to the target."""
    tab_to(page, lambda f: f["tag"] == "INPUT" and f["name"] == target_id.rsplit("-", 1)[0], limit=150)
    for _ in range(10):
        if focused(page)["id"] == target_id:
            break
        page.keyboard.press("ArrowRight")
    page.keyboard.press("Space")
    assert page.locator("#" + target_id).is_checked()


def test_sign_up_with_javascript_by_keyboard_alone(sized_page, live_server):
    page = sized_page
    name, rrn, phone = fresh_person()
    page.goto(live_server + "/")
    tab_to(page, lambda f: f["tag"] == "A" and f["text"] == "회원가입")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_url("**/signup/terms")
    assert page.locator('[aria-current="step"]').inner_text().strip().startswith("1")
    assert_no_axe_violations(page, "2-1 terms")

    # 확인 without agreeing: the error summary takes focus (htmx swap).
    tab_to(page, lambda f: f["tag"] == "BUTTON" and f["text"] == "확인")
    page.keyboard.press("Enter")
    page.wait_for_selector(".error-summary")
    wait_summary_focused(page)
    assert_error_summary(page, "2-1 errors")
    assert_no_axe_violations(page, "2-1 errors")

    for box in ("online_service_terms", "electronic_finance_terms", "privacy_policy"):
        press_tab_to_id(page, box)
        page.keyboard.press("Space")
    tab_to(page, lambda f: f["tag"] == "BUTTON" and f["text"] == "확인")
    page.keyboard.press("Enter")

    # 2-2 opens as a modal dialog over 2-1, focus on its heading.
    page.wait_for_selector("dialog#consent-dialog[open]")
    wait_until(page, "document.activeElement.id === 'consent-dialog-title'")
    assert_no_axe_violations(page, "2-2 dialog open")
    # Escape closes it and focus returns to 확인; pressing 확인 again reopens it.
    page.keyboard.press("Escape")
    wait_until(page, "!document.querySelector('dialog#consent-dialog')")
    assert focused(page)["text"] == "확인"
    page.keyboard.press("Enter")
    page.wait_for_selector("dialog#consent-dialog[open]")
    wait_until(page, "document.activeElement.id === 'consent-dialog-title'")

    # Ticking before 전문보기: the box stays unticked and says why (issue 16); 확인 then lists what is unanswered.
    press_tab_to_id(page, "all_required")
    page.keyboard.press("Space")
    assert not page.locator("#collect-yes").is_checked()
    assert "전문보기" in page.locator("#all_required-needs-view").inner_text()
    tab_to(page, lambda f: f["tag"] == "BUTTON" and f["text"] == "확인")
    page.keyboard.press("Enter")
    page.wait_for_selector("#consent-form .error-summary")
    assert "선택해 주십시오" in page.locator("#consent-form .error-summary").inner_text()
    assert_no_axe_violations(page, "2-2 error")

    press_tab_to_id(page, "view-credit-info-consent")
    page.keyboard.press("Enter")
    wait_until(page, "document.activeElement.id === 'viewer-title'")
    assert "(전문 확인함)" in page.locator("#viewed-credit-info-consent").inner_text()
    assert "전문을 열었습니다" in page.locator("#live-status").inner_text()
    press_tab_to_id(page, "all_required")
    if not page.locator("#all_required").is_checked():
        page.keyboard.press("Space")
    choose_radio(page, "marketing-no")
    tab_to(page, lambda f: f["tag"] == "BUTTON" and f["text"] == "확인")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_url("**/signup/realname")
    assert_no_axe_violations(page, "2-3")

    # 2-3: a bad RRN first, then the real one.
    type_into(page, "name", name)
    type_into(page, "rrn_front", rrn[:6])
    type_into(page, "rrn_back", rrn[6:12] + str((int(rrn[12]) + 1) % 10))  # wrong check digit
    page.keyboard.press("Enter")
    page.wait_for_selector("#identity-area .error-summary")
    assert page.locator("#rrn_front").get_attribute("aria-invalid") == "true" or \
        page.locator("#rrn_back").get_attribute("aria-invalid") == "true"
    assert_error_summary(page, "2-3 error")
    assert_no_axe_violations(page, "2-3 error")
    type_into(page, "rrn_back", rrn[6:])
    page.keyboard.press("Enter")
    page.wait_for_selector("text=실명이 확인되었습니다.")
    wait_until(page, "document.activeElement.id === 'identity-title'")
    assert rrn not in page.content()
    choose_radio(page, "carrier-1")
    type_into(page, "mobile", phone)
    page.keyboard.press("Enter")
    page.wait_for_selector("#code")
    wait_until(page, "document.activeElement.id === 'code'")
    assert "인증번호를 보냈습니다" in page.locator("#live-status").inner_text()
    assert page.locator("#code").get_attribute("autocomplete") == "one-time-code"
    assert page.locator('[role="timer"]').count() == 1
    assert_no_axe_violations(page, "2-3 code sent")
    # A wrong code first: the swap puts the error summary in focus, its link leads back to the field.
    code = sms_code(page, live_server, phone)
    page.keyboard.type("000000" if code != "000000" else "111111")
    page.keyboard.press("Enter")
    page.wait_for_selector("#identity-area .error-summary")
    assert_error_summary(page, "2-3 wrong code (JS)")
    assert_no_axe_violations(page, "2-3 wrong code (JS)")
    type_into(page, "code", code)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_url("**/signup/profile")
    assert_no_axe_violations(page, "2-4")

    # 2-4: ID check by Enter in the field (a fragment into the status region).
    type_into(page, "user_id", "hong1234")
    page.keyboard.press("Enter")
    page.wait_for_selector("#id-check-result .id-result--taken")
    assert "중복된 아이디" in page.locator("#id-check-result").inner_text()
    assert_no_axe_violations(page, "2-4 ID taken")
    assert focused(page)["id"] == "user_id"
    user_id = "kb" + rrn[7:13]
    page.keyboard.press("Control+A")
    page.keyboard.type(user_id)
    page.keyboard.press("Enter")
    page.wait_for_selector("#id-check-result .id-result--free")
    type_into(page, "password", "Nara#7391")
    wait_until(page, "document.querySelectorAll('#password-rules .rules__item--no').length === 0")
    type_into(page, "password_confirm", "Nara#7391")
    choose_radio(page, "mail_to-home")
    type_into(page, "home_postcode", "07330")
    type_into(page, "home_address", "서울특별시 영등포구 국제금융로8길 10")
    type_into(page, "home_address_detail", "5층")
    type_into(page, "home_phone", "0237708800")
    type_into(page, "email", "kb@example.com")
    for name_ in ("mail_ok-y", "email_ok-n", "sms_ok-y"):
        choose_radio(page, name_)
    press_tab_to_id(page, "job_major")
    page.keyboard.press("ArrowDown")  # 1 관리자
    page.wait_for_selector("#job_mid option[value='11']", state="attached")
    assert focused(page)["id"] == "job_major"
    press_tab_to_id(page, "job_mid")
    page.keyboard.press("ArrowDown")
    page.wait_for_selector("#job_minor option[value='111']", state="attached")
    press_tab_to_id(page, "job_minor")
    page.keyboard.press("ArrowDown")
    assert page.locator("#job_minor").input_value() == "111"
    assert_no_axe_violations(page, "2-4 filled with job selects")
    type_into(page, "company", "esop 데모")
    tab_to(page, lambda f: f["tag"] == "BUTTON" and f["text"] == "확인")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_url("**/signup/done")
    assert "회원가입이 완료 되었습니다" in page.inner_text("main")
    assert focused(page)["id"] == "done-title"
    assert_no_axe_violations(page, "2-5")

    # Then log in with the new ID, by keyboard.
    tab_to(page, lambda f: f["tag"] == "A" and f["text"] == "로그인하러 가기")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    type_into(page, "user_id", user_id)
    type_into(page, "password", "Nara#7391")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "로그인되었습니다" in page.inner_text("main")


def test_sign_up_without_javascript(nojs_page, live_server):
    page = nojs_page
    name, rrn, phone = fresh_person()
    page.goto(live_server + "/")
    page.get_by_role("navigation", name="주 메뉴").get_by_role("link", name="회원가입").click()
    page.wait_for_url("**/signup/terms")
    page.get_by_role("button", name="확인").click()
    assert page.title().startswith("오류: ")
    assert_no_axe_violations(page, "2-1 error, no JS")
    for label in ("온라인서비스 이용약관", "전자금융거래 기본약관", "개인정보처리방침"):
        page.get_by_label(f"동의함 ({label})").check()
    page.get_by_role("button", name="확인").click()
    page.wait_for_url("**/signup/consent")
    assert_no_axe_violations(page, "2-2 page, no JS")
    page.get_by_label("필수항목 전체동의").check()
    page.get_by_role("button", name="확인").click()
    assert "전문보기" in page.inner_text(".error-summary")
    assert_no_axe_violations(page, "2-2 error, no JS")
    page.get_by_role("button", name=re.compile("전문보기 - 개인정보 수집·이용·제공 동의서")).click()
    assert_no_axe_violations(page, "document page, no JS")
    page.get_by_role("link", name="동의 화면으로 돌아가기").click()
    page.get_by_label("필수항목 전체동의").check()
    page.locator("#marketing-no").check()
    page.get_by_role("button", name="확인").click()
    page.wait_for_url("**/signup/realname")
    page.get_by_label("이름").fill(name)
    page.get_by_label("주민등록번호 앞 6자리").fill(rrn[:6])
    page.get_by_label("주민등록번호 뒤 7자리").fill(rrn[6:])
    page.get_by_role("button", name="실명확인").click()
    assert "실명이 확인되었습니다" in page.inner_text("main")
    page.get_by_label("LG U+ 알뜰폰").check()
    page.get_by_label("휴대폰번호").fill(phone)
    page.get_by_role("button", name="인증번호 요청").click()
    page.get_by_label("인증번호 6자리").fill("000000" if sms_code(page, live_server, phone) != "000000" else "111111")
    page.get_by_role("button", name="확인").click()
    assert "4회 더 틀리면" in page.inner_text(".error-summary")
    assert_no_axe_violations(page, "2-3 wrong code, no JS")
    page.get_by_label("인증번호 6자리").fill(sms_code(page, live_server, phone))
    page.get_by_role("button", name="확인").click()
    page.wait_for_url("**/signup/profile")

    user_id = "nj" + rrn[7:13]
    page.get_by_label("아이디").fill(user_id)
    page.get_by_role("button", name="중복확인").click()
    assert "사용가능한 아이디" in page.inner_text("#id-check-result")
    assert page.get_by_label("아이디").input_value() == user_id
    # 직업검색 without JS: a button per level.
    page.get_by_label("대분류").select_option("3")
    page.get_by_role("button", name="대분류 선택").click()
    page.get_by_label("중분류").select_option("31")
    page.get_by_role("button", name="중분류 선택").click()
    page.get_by_label("소분류").select_option("312")
    assert page.get_by_label("아이디").input_value() == user_id
    # A submit with errors keeps everything and lists every problem.
    page.get_by_role("button", name="확인", exact=True).last.click()
    assert page.title().startswith("오류: ")
    assert_no_axe_violations(page, "2-4 errors, no JS")
    page.get_by_label("비밀번호", exact=True).fill("Sora#4820")
    page.get_by_label("비밀번호 확인").fill("Sora#4820")
    page.locator("#mail_to-home").check()
    page.get_by_label("거주주소 우편번호").fill("04524")
    page.get_by_label("거주주소 도로명주소").fill("서울특별시 중구 세종대로 110")
    page.get_by_label("거주주소 상세주소").fill("1층")
    page.get_by_label("지역전화번호").fill("02-120-0000")
    page.get_by_label("이메일").fill("nj@example.com")
    for radio in ("mail_ok-n", "email_ok-n", "sms_ok-n"):
        page.locator("#" + radio).check()
    page.get_by_label("소분류").select_option("312")
    page.get_by_role("button", name="확인", exact=True).last.click()
    page.wait_for_url("**/signup/done")
    assert "회원가입이 완료 되었습니다" in page.inner_text("main")
    page.get_by_role("link", name="로그인하러 가기").click()
    page.get_by_label("아이디").fill(user_id)
    page.get_by_label("비밀번호").fill("Sora#4820")
    page.get_by_role("button", name="로그인", exact=True).click()
    assert "로그인되었습니다" in page.inner_text("main")
