"""Issue 16 defects 4-6 in Chromium, by keyboard, JS on and off, axe on every state: 2-1's stale errors
behind the 2-2 dialog, 2-2's 전문보기-first rule and kept answers, 2-3's repeated 실명확인 shown open."""
from __future__ import annotations

import re

from browserkit import (announcements, assert_error_summary, assert_no_axe_violations, focused, key_fill,
                        key_press, tab_to, wait_until, watch_live_regions)
from signup_walk import fresh_person, walk_to_consent_dialog

TERMS = ("online_service_terms", "electronic_finance_terms", "privacy_policy")
NEEDS_VIEW = "전문보기를 누르셔야"


def _press_confirm(page):
    tab_to(page, lambda f: f["tag"] == "BUTTON" and f["text"] == "확인")
    page.keyboard.press("Enter")


def test_terms_success_after_a_failure_leaves_no_stale_errors(page, live_server):
    page.goto(live_server + "/signup/?restart=1")
    page.locator("#online_service_terms").check()
    _press_confirm(page)
    page.wait_for_selector("#terms-form .error-summary")
    wait_until(page, "document.title.startsWith('오류: ')")
    for box in TERMS[1:]:
        key_press(page, page.locator("#" + box), "Space")
    _press_confirm(page)
    page.wait_for_selector("dialog#consent-dialog[open]")
    wait_until(page, "document.activeElement.id === 'consent-dialog-title'")
    assert page.locator(".error-summary").count() == 0
    assert page.locator("#terms-form .field-error, #terms-form [aria-invalid=true]").count() == 0
    wait_until(page, "!document.title.startsWith('오류: ')")
    assert_no_axe_violations(page, "2-2 dialog after a failed 2-1")
    # Closing the dialog: 2-1 as answered, focus back on 확인, still no error anywhere.
    page.keyboard.press("Escape")
    wait_until(page, "!document.querySelector('dialog#consent-dialog')")
    assert focused(page)["text"] == "확인"
    assert all(page.locator("#" + box).is_checked() for box in TERMS)
    assert not page.title().startswith("오류: ")
    assert_no_axe_violations(page, "2-1 after the dialog closed")


def test_consent_dialog_errors_leave_with_the_dialog(page, live_server):
    walk_to_consent_dialog(page, live_server)
    key_press(page, page.locator("#collect-no"), "Space")
    _press_confirm(page)
    page.wait_for_selector("#consent-form .error-summary")
    wait_until(page, "document.title.startsWith('오류: ')")
    page.keyboard.press("Escape")
    wait_until(page, "!document.querySelector('dialog#consent-dialog')")
    wait_until(page, "!document.title.startsWith('오류: ')")


def test_an_item_cannot_be_ticked_before_its_full_text_with_js(page, live_server):
    walk_to_consent_dialog(page, live_server)
    watch_live_regions(page)
    key_press(page, page.locator("#all_required"), "Space")
    assert not page.locator("#all_required").is_checked() and not page.locator("#collect-yes").is_checked()
    note = page.locator("#all_required-needs-view")
    assert NEEDS_VIEW in note.inner_text() and note.is_visible()
    assert "all_required-needs-view" in page.locator("#all_required").get_attribute("aria-describedby")
    # Spoken once, through the one polite region (moved into the open modal).
    wait_until(page, f"document.querySelector('dialog #live-status').textContent.includes('{NEEDS_VIEW}')")
    page.wait_for_timeout(300)
    assert [a["region"] for a in announcements(page) if NEEDS_VIEW in a["text"]] == ["live-status"]
    key_press(page, page.locator("#marketing-yes"), "Space")
    assert not page.locator("#marketing-yes").is_checked()
    assert "전문보기" in page.locator("#marketing-needs-view").inner_text()
    assert_no_axe_violations(page, "2-2 ticked before 전문보기")
    # 동의안함 needs no full text.
    key_press(page, page.locator("#marketing-no"), "Space")
    assert page.locator("#marketing-no").is_checked()
    # After 전문보기 the same box ticks, and its note is gone.
    key_press(page, page.locator("#view-credit-info-consent"))
    wait_until(page, "document.activeElement.id === 'viewer-title'")
    key_press(page, page.locator("#all_required"), "Space")
    assert page.locator("#all_required").is_checked() and page.locator("#unique_provide-yes").is_checked()
    assert page.locator("#all_required-needs-view").inner_text().strip() == ""
    assert_no_axe_violations(page, "2-2 ticked after 전문보기")
    # 이전 from 2-3 (JS on: the 2-2 page) brings every answer back.
    _press_confirm(page)
    page.wait_for_url("**/signup/realname")
    tab_to(page, lambda f: f["tag"] == "A" and f["text"].startswith("이전"), limit=150)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    for item in ("all_required", "collect-yes", "unique_provide-yes", "marketing-no"):
        assert page.locator("#" + item).is_checked(), item
    assert_no_axe_violations(page, "2-2 page again")


def test_answers_kept_through_full_text_and_back_without_js(nojs_page, live_server):
    page = nojs_page
    page.goto(live_server + "/signup/?restart=1")
    for box in TERMS:
        page.locator("#" + box).check()
    page.get_by_role("button", name="확인").click()
    page.wait_for_url("**/signup/consent")
    # Ticked before reading: refused beside the item and in the summary, nothing lost.
    page.get_by_label("필수항목 전체동의").check()
    page.locator("#collect-yes").check()
    page.locator("#marketing-no").check()
    page.get_by_role("button", name="확인", exact=True).click()
    assert NEEDS_VIEW in page.inner_text(".error-summary") and NEEDS_VIEW in page.inner_text("#view_credit-error")
    assert page.locator("#collect-yes").is_checked() and page.locator("#marketing-no").is_checked()
    assert_error_summary(page, "2-2 before 전문보기, no JS")
    assert_no_axe_violations(page, "2-2 before 전문보기, no JS")
    # 전문보기 and back: the answers are still there.
    page.get_by_role("button", name=re.compile("전문보기 - 개인정보 수집·이용·제공 동의서")).click()
    page.wait_for_url("**/signup/document/credit-info-consent")
    page.get_by_role("link", name="동의 화면으로 돌아가기").click()
    assert page.locator("#collect-yes").is_checked() and page.locator("#marketing-no").is_checked()
    assert page.locator(".error-summary").count() == 0
    assert_no_axe_violations(page, "2-2 back from 전문보기, no JS")
    page.get_by_label("필수항목 전체동의").check()
    page.get_by_role("button", name="확인", exact=True).click()
    page.wait_for_url("**/signup/realname")
    page.get_by_role("link", name=re.compile("^이전")).click()
    for item in ("collect-yes", "unique_provide-yes", "marketing-no"):
        assert page.locator("#" + item).is_checked(), item


def _realname_once(page, name, rrn):
    key_fill(page, page.locator("#name"), name)
    key_fill(page, page.locator("#rrn_front"), rrn[:6])
    key_fill(page, page.locator("#rrn_back"), rrn[6:])
    page.keyboard.press("Enter")
    page.wait_for_selector("text=실명이 확인되었습니다.")


def _to_realname(page, live_server, js):
    page.goto(live_server + "/signup/?restart=1")
    for box in TERMS:
        page.locator("#" + box).check()
    page.get_by_role("button", name="확인").click()
    if js:
        page.wait_for_selector("dialog#consent-dialog[open]")
    else:
        page.wait_for_url("**/signup/consent")
    page.locator("#view-credit-info-consent").click()
    if js:
        page.wait_for_selector("#viewer-title")
    else:
        page.get_by_role("link", name="동의 화면으로 돌아가기").click()
    page.locator("#all_required").check()
    page.locator("#marketing-no").check()
    page.locator("#consent-form button.button--primary").click()
    page.wait_for_url("**/signup/realname")


def _repeated_realname_error(page, live_server, js):
    name, rrn, _ = fresh_person()
    _to_realname(page, live_server, js)
    _realname_once(page, name, rrn)
    key_press(page, page.locator("details summary"))
    assert page.locator("details").get_attribute("open") is not None
    key_fill(page, page.locator("#name"), " ")
    key_fill(page, page.locator("#rrn_front"), "")
    page.keyboard.press("Enter")
    page.wait_for_selector("#identity-area .error-summary")
    assert page.locator("details").get_attribute("open") is not None
    assert page.locator("#name").is_visible()
    label = "2-3 repeated 실명확인 error" + ("" if js else ", no JS")
    assert_error_summary(page, label)
    assert_no_axe_violations(page, label)


def test_repeated_realname_error_shows_its_form_with_js(page, live_server):
    _repeated_realname_error(page, live_server, js=True)


def test_repeated_realname_error_shows_its_form_without_js(nojs_page, live_server):
    _repeated_realname_error(nojs_page, live_server, js=False)
