"""Issue 16 in Chromium, JS on and off: 단말기 지정 in 마이페이지 > 보안 (apply, 추가인증,
register, the held login) and 아이디 찾기 (실명확인 error, 본인인증, result), each by keyboard with axe on
every state. The 추가인증 steps themselves are walked in test_verify_journey.py: here their flow is
passed in the server's database. Its own server: these tests change members."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from browserkit import assert_no_axe_violations, key_fill, key_press, tab_to, wait_summary_focused
from serverkit import ROOT, serve_app
from testenv import TEST_ENV

from esop.verify.demo import demo_rrn

PASSWORD = "Esop#2026"
PASS_FLOW = """
import sys
from esop import create_app
from esop.db import db
from esop.models.verification import VerificationFlow, mark_passed
app = create_app()
with app.app_context(), db.connection_context():
    flow = (VerificationFlow.select().where((VerificationFlow.purpose == sys.argv[1])
            & VerificationFlow.consumed_at.is_null()).order_by(VerificationFlow.id.desc()).get())
    for slot in flow.plan_slots():
        mark_passed(flow, slot["slot"], slot["methods"][0])
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    work = tmp_path_factory.mktemp("devices")
    database = f"sqlite:///{work / 'esop.db'}"
    env = dict(os.environ, **TEST_ENV, DATABASE_URL=database, ESOP_INSTANCE=str(work / "instance"))
    with serve_app(work, database) as url:
        yield url, lambda purpose: subprocess.run([sys.executable, "-c", PASS_FLOW, purpose], cwd=ROOT, env=env,
                                                  check=True, capture_output=True)


def keyboard_login(page, base, user_id):
    page.goto(base + "/login")
    key_fill(page, page.locator("#user_id"), user_id)
    key_fill(page, page.locator("#password"), PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def press(page, name):
    with page.expect_navigation():
        key_press(page, page.get_by_role("button", name=name))


@pytest.mark.parametrize("mode,user_id", [("js", "kang5678"), ("nojs", "hong1234")])
def test_device_designation_by_keyboard(request, browser, server, mode, user_id):
    base, pass_flow = server
    page = request.getfixturevalue("page" if mode == "js" else "nojs_page")
    keyboard_login(page, base, user_id)
    page.goto(base + "/account/security")
    assert_no_axe_violations(page, f"security, service off ({mode})")
    press(page, "단말기 지정 서비스 신청")
    assert page.get_by_text("단말기 지정 서비스 이용 중").is_visible()
    assert_no_axe_violations(page, f"service on ({mode})")
    press(page, "추가인증 후 단말기 지정·해지")
    assert "/verify/device/" in page.url
    pass_flow("device")
    page.goto(base + "/account/devices/verified")
    assert_no_axe_violations(page, f"verified, register form ({mode})")
    # The field's maxlength (from its Length rule) keeps a browser under 40; the refusal beyond it is
    # tested with the Flask client (test_devices.py).
    assert page.get_by_label("단말기 이름 (선택)").get_attribute("maxlength") == "40"
    key_fill(page, page.get_by_label("단말기 이름 (선택)"), "Office PC")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_text("(지금 이 브라우저)").is_visible()
    assert_no_axe_violations(page, f"device registered ({mode})")
    # Another browser (no device cookie) is held for 추가인증; this one goes straight in.
    other = browser.new_context(java_script_enabled=mode == "js", locale="ko-KR").new_page()
    keyboard_login(other, base, user_id)
    assert "/verify/device-login/" in other.url
    pass_flow("device-login")
    other.goto(base + "/login/device-check")
    assert "/login" not in other.url and other.get_by_text("로그인되었습니다").first.is_visible()
    other.context.close()
    # Removing this browser: the next login here asks again.
    press(page, "Office PC 지정 단말기 삭제")
    assert page.get_by_text("지정된 단말기가 없습니다").is_visible()
    assert_no_axe_violations(page, f"device removed ({mode})")


@pytest.mark.parametrize("mode", ["js", "nojs"])
def test_find_id_by_keyboard(request, server, mode):
    base, _ = server
    page = request.getfixturevalue("page" if mode == "js" else "nojs_page")
    page.goto(base + "/login")
    tab_to(page, lambda f: f["tag"] == "A" and f["text"] == "아이디 찾기")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/find-id/")
    assert_no_axe_violations(page, f"find-id start ({mode})")
    rrn = demo_rrn("kang5678")
    page.get_by_label("이름").fill("강민지")   # Hangul comes from an IME, which the keyboard API has not
    key_fill(page, page.get_by_label("주민등록번호 앞 6자리"), rrn[:6])
    key_fill(page, page.get_by_label("주민등록번호 뒤 7자리"), "12")
    page.keyboard.press("Enter")
    page.wait_for_selector(".error-summary")
    if mode == "js":
        wait_summary_focused(page)
    assert page.get_by_label("주민등록번호 앞 6자리").input_value() == rrn[:6]
    assert_no_axe_violations(page, f"find-id realname error ({mode})")
    key_fill(page, page.get_by_label("주민등록번호 뒤 7자리"), rrn[6:])
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/find-id/identity")
    assert_no_axe_violations(page, f"find-id identity ({mode})")
    key_press(page, page.get_by_label("KT", exact=True), "Space")
    key_fill(page, page.get_by_label("휴대폰번호"), "010-5511-2233")
    page.keyboard.press("Enter")
    page.wait_for_selector("#code")
    assert_no_axe_violations(page, f"find-id code sent ({mode})")
    code = page.request.get(f"{base}/sandbox/messages.json?to=010-5511-2233").json()[0]["code"]
    key_fill(page, page.locator("#code"), code)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/find-id/result")
    assert page.get_by_text("ka****78").is_visible()
    assert_no_axe_violations(page, f"find-id result ({mode})")
