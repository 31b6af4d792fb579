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
