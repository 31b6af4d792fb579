"""Every plain page of the site: zero axe violations, with and without JavaScript."""
from __future__ import annotations

import pytest

from browserkit import assert_no_axe_violations

PAGES = ["/menu", "/certcenter/", "/certcenter/about-financial-certificate", "/certcenter/about-cloud-certificate",
         "/certcenter/cloud-certificate/issue", "/certcenter/cloud-certificate/renew",
         "/certcenter/about-joint-certificate", "/certcenter/joint-certificate/issue",
         "/help", "/accessibility", "/loan/limit", "/sandbox/", "/no-such-page"]


# The sandbox console is a developer tool with wide data tables, not a member page: desktop only.
SIZED = [(path, size) for path in PAGES for size in ("page", "reflow_page")
         if not (path == "/sandbox/" and size == "reflow_page")]


@pytest.mark.parametrize(("path", "size"), SIZED)
def test_page_has_no_axe_violations(request, live_server, path, size):
    page = request.getfixturevalue(size)
    page.goto(live_server + path)
    assert page.get_attribute("html", "lang") == "ko"
    assert page.locator("h1").count() == 1
    assert_no_axe_violations(page, path)


@pytest.mark.parametrize("path", ["/menu", "/help", "/sandbox/"])
def test_page_without_javascript(nojs_page, live_server, path):
    nojs_page.goto(live_server + path)
    assert_no_axe_violations(nojs_page, path + " (no JS)")
