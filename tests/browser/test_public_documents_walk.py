"""약관 및 개인정보처리방침 in a real browser: from the footer by keyboard alone, axe with JS on and off."""
from __future__ import annotations

import pytest

from browserkit import assert_no_axe_violations, tab_to


def test_footer_link_by_keyboard_opens_the_privacy_policy(sized_page, live_server):
    page = sized_page
    page.goto(live_server + "/")
    tab_to(page, lambda f: f["tag"] == "A" and f["text"] == "개인정보처리방침", limit=120)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/documents/privacy-policy")
    assert page.locator("h1").inner_text() == "개인정보처리방침"
    assert page.get_by_role("table", name="개인정보처리방침 버전 목록").is_visible()
    assert_no_axe_violations(page, "privacy policy")
    tab_to(page, lambda f: f["tag"] == "A" and f["text"] == "약관 및 개인정보처리방침 목록", limit=120)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/documents/")
    assert_no_axe_violations(page, "documents index")


@pytest.mark.parametrize("path", ["/documents/", "/documents/online-service-terms/1"])
def test_documents_without_javascript(nojs_page, live_server, path):
    nojs_page.goto(live_server + path)
    assert nojs_page.locator("h1").count() == 1
    assert_no_axe_violations(nojs_page, path + " (no JS)")
