"""2-4 in Chromium: the 우편번호 검색 dialog inside the form, and the flow's timeout warning."""
from __future__ import annotations

from browserkit import assert_no_axe_violations, focused, tab_to, wait_until
from signup_walk import walk_to_profile


def test_address_dialog_fills_the_form_by_keyboard(sized_page, live_server):
    page = sized_page
    walk_to_profile(page, live_server)
    page.locator("#home_postcode").focus()
    tab_to(page, lambda f: f["tag"] == "BUTTON" and f["text"].startswith("우편번호 검색"))
    page.keyboard.press("Enter")
    page.wait_for_selector("dialog#address-dialog[open]")
    assert focused(page)["id"] == "q"
    assert_no_axe_violations(page, "address dialog open")
    # Error state (nothing typed), then an empty result, each announced inside the dialog.
    page.keyboard.press("Enter")
    page.wait_for_selector("#address-dialog .field-error, #address-results .field-error, #address-results p")
    # Issue 17: the error is the field's (aria-invalid, aria-describedby), and focus stays in the field.
    wait_until(page, "document.getElementById('q').getAttribute('aria-invalid') === 'true'")
    assert "q-error" in page.locator("#q").get_attribute("aria-describedby")
    assert focused(page)["id"] == "q"
    assert_no_axe_violations(page, "address dialog error state")
    page.locator("#q").focus()
    page.keyboard.type("없는도로명쿼리")
    page.keyboard.press("Enter")
    # This answer's own words, not any earlier status: a search still in flight would drop the next one.
    wait_until(page, "document.getElementById('address-dialog-status').textContent.includes('검색 결과가 없습니다')")
    assert_no_axe_violations(page, "address dialog empty result")
    page.locator("#q").focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("국제금융로8길")
    page.keyboard.press("Enter")
    page.wait_for_selector("#address-results .address-choice")
    assert_no_axe_violations(page, "address dialog with results")
    tab_to(page, lambda f: f["tag"] == "BUTTON" and "국제금융로8길 10" in f["text"])
    page.keyboard.press("Enter")
    wait_until(page, "!document.querySelector('dialog#address-dialog').open")
    assert focused(page)["id"] == "home_address_detail"
    assert page.locator("#home_postcode").input_value() == "07330"
    assert page.locator("#home_address").input_value() == "서울특별시 영등포구 국제금융로8길 10"
    assert "여의도동" in page.locator("#home_address_jibun").input_value()


def test_address_dialog_escape_returns_focus_to_its_opener(page, live_server):
    walk_to_profile(page, live_server)
    opener = page.locator('button[data-address-target="work"]')
    opener.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("dialog#address-dialog[open]")
    page.keyboard.press("Escape")
    wait_until(page, "!document.querySelector('dialog#address-dialog').open")
    assert page.evaluate("() => document.activeElement.dataset.addressTarget") == "work"


def test_without_js_a_password_that_passed_is_not_typed_again(page, nojs_page, live_server):
    """Issue 17: 2-4 submitted without JS with a bad e-mail keeps the password that passed (as its hash):
    the page says so beside both boxes, which stay empty, and the next submit needs no password."""
    _, rrn, _ = walk_to_profile(page, live_server)
    nojs_page.context.add_cookies(page.context.cookies())
    page = nojs_page
    page.goto(live_server + "/signup/profile")
    user_id = "pk" + rrn[7:13]
    page.get_by_label("아이디").fill(user_id)
    page.get_by_label("대분류").select_option("3")
    page.get_by_role("button", name="대분류 선택").click()
    page.get_by_label("중분류").select_option("31")
    page.get_by_role("button", name="중분류 선택").click()
    page.get_by_label("소분류").select_option("312")
    page.get_by_label("비밀번호", exact=True).fill("Sora#4820")
    page.get_by_label("비밀번호 확인").fill("Sora#4820")
    page.get_by_label("거주주소 우편번호").fill("04524")
    page.get_by_label("거주주소 도로명주소").fill("서울특별시 중구 세종대로 110")
    page.get_by_label("지역전화번호").fill("02-120-0000")
    page.get_by_label("이메일").fill("not-an-email")
    for radio in ("mail_ok-n", "email_ok-n", "sms_ok-n"):
        page.locator("#" + radio).check()
    page.get_by_role("button", name="확인", exact=True).last.click()
    assert page.title().startswith("오류: ")
    kept = "비밀번호가 입력되었습니다. 바꾸려면 새로 입력하십시오."
    assert kept in page.inner_text("#password-kept") and "Sora#4820" not in page.content()
    assert_no_axe_violations(page, "2-4 error with a kept password, no JS")
    # Keyboard: both password boxes are described by the status; then the e-mail is fixed and sent.
    page.locator("#user_id").focus()
    tab_to(page, lambda f: f["id"] == "password")
    assert "password-kept" in page.locator("#password").get_attribute("aria-describedby").split()
    assert page.locator("#password").input_value() == ""
    tab_to(page, lambda f: f["id"] == "password_confirm")
    assert "password-kept" in page.locator("#password_confirm").get_attribute("aria-describedby").split()
    tab_to(page, lambda f: f["id"] == "email")
    page.keyboard.press("Control+A")
    page.keyboard.type("pk@example.com")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_url("**/signup/done")
    page.get_by_role("link", name="로그인하러 가기").click()
    page.get_by_label("아이디").fill(user_id)
    page.get_by_label("비밀번호").fill("Sora#4820")
    page.get_by_role("button", name="로그인", exact=True).click()
    assert "로그인되었습니다" in page.inner_text("main")
