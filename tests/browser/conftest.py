"""Browser fixtures: the app served by a real process on a free loopback port, Debian's Chromium."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import testdb
from browserkit import AXE_RUNS, WCAG_TAGS, zoom_text
from serverkit import serve_app

CHROMIUM = os.environ.get("ESOP_CHROMIUM", "/usr/bin/chromium")


def pytest_collection_modifyitems(items):
    for item in items:
        if str(item.fspath).startswith(str(Path(__file__).parent)):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def live_database(tmp_path_factory, postgres_template):
    if not postgres_template:
        yield f"sqlite:///{tmp_path_factory.mktemp('live-db') / 'esop.db'}"
        return
    name, url = testdb.new_database()
    yield url
    testdb.drop_database(name)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory, live_database):
    """`python app.py` in its own process, as a member would reach it; yields the base URL."""
    with serve_app(tmp_path_factory.mktemp("live"), live_database, env=SESSION_LIMITS) as url:
        yield url


# One server for the whole browser session, where every journey texts the same demo members' phones:
# the code service's per-number and per-IP limits and its resend wait would refuse the later journeys.
# The limits themselves are tested with the Flask client (tests/web/test_codes.py, tests/unit).
SESSION_LIMITS = {"ESOP_LIMIT_CODE_NUMBER": "1000/3600", "ESOP_LIMIT_CODE_IP": "1000/3600",
                  "ESOP_LIMIT_CODE_SESSION": "1000/900", "ESOP_LIMIT_ALERT_NUMBER": "1000/3600",
                  "ESOP_CODE_RESEND_SECONDS": "1"}


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists() or not shutil.which(CHROMIUM):
        reason = f"Debian's Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true and " + reason)
        pytest.skip("BROWSER TESTS SKIPPED: " + reason)
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        yield browser
        browser.close()


def _context(browser, javascript: bool, reflow: bool = False):
    # reflow: 320 CSS px wide (WCAG 1.4.10) — a 640 px window at 200 % zoom has the same CSS width.
    size = {"viewport": {"width": 320, "height": 640}, "device_scale_factor": 2} if reflow else {}
    context = browser.new_context(java_script_enabled=javascript, locale="ko-KR", **size)
    context._esop_js = javascript  # browserkit runs axe on a script-free copy when JS is off
    context._esop_reflow = reflow  # browserkit checks reflow wherever it runs axe
    context.set_default_timeout(10000)
    return context


def _watched_page(context):
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    # Script errors and CSP refusals fail the test; a 4xx answer to a bad form is expected.
    page.on("console", lambda m: errors.append(m.text) if m.type == "error"
            and "status of 4" not in m.text else None)
    return page, errors


@pytest.fixture
def page(browser):
    context = _context(browser, True)
    page, errors = _watched_page(context)
    yield page
    context.close()
    assert not errors, f"browser console errors: {errors}"


@pytest.fixture
def reflow_page(browser):
    """JS on, 320 CSS px wide, text at 200 % (Chromium's font-size setting): every axe check in the
    walk also asserts no horizontal scrolling and nothing clipped."""
    context = _context(browser, True, reflow=True)
    page, errors = _watched_page(context)
    zoom_text(page)
    yield page
    context.close()
    assert not errors, f"browser console errors: {errors}"


def pytest_terminal_summary(terminalreporter):
    if AXE_RUNS["version"]:
        states = AXE_RUNS["states"]
        terminalreporter.write_line(
            f"axe-core {AXE_RUNS['version']} ({', '.join(WCAG_TAGS)} + best-practice): "
            f"{len(states)} checks of {len(set(states))} distinct pages/states, zero violations required")


@pytest.fixture
def nojs_page(browser):
    context = _context(browser, False)
    yield context.new_page()
    context.close()


@pytest.fixture(params=["desktop", "320px-text200"])
def sized_page(request):
    """The same journey at a desktop size and at 320 CSS px with 200 % text (browserkit then checks
    reflow at every state where it runs axe)."""
    return request.getfixturevalue("page" if request.param == "desktop" else "reflow_page")
