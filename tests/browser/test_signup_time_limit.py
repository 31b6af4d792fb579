"""The sign-up's inactivity limit on 2-4 (issue 16 defect 1, issue 17 / WCAG 2.2.1), on the page's own
clock (page.clock) kept in step with the server's (the flow row's last_seen moved back as far as the
page's clock moves on): the warning is said once and names the configured limit; '시간 연장' by keyboard
keeps focus and what was typed, and moves the server's deadline; at the end the page says so in words
and stays as it was (no reload renews the flow and wipes the form); the next action says it ended.
The limit here is 14 minutes, not the default 20, so a hard-coded '20분' cannot pass."""
from __future__ import annotations

import datetime as dt
import secrets

import pytest
from browserkit import assert_no_axe_violations, focused, wait_until
from conftest import SESSION_LIMITS
from serverkit import serve_app
from signup_walk import walk_to_profile
from speech import Speech
from testenv import TEST_ENV
from timelimit import EXPIRED, EXTENDED, WARNING, main_frame_navigations

from esop.config import load_config
from esop.db import open_database
from esop.models.flow import SignupFlow

SERVER_ENV = {**SESSION_LIMITS, "ESOP_SIGNUP_IDLE_SECONDS": "840"}


@pytest.fixture(scope="module")
def idle_limit(tmp_path_factory) -> int:
    """The server's configured idle limit, in seconds, read as the app reads it."""
    instance = tmp_path_factory.mktemp("idle-config")
    return load_config(str(instance), {**TEST_ENV, **SERVER_ENV}, save_secrets=False)["SIGNUP_IDLE_SECONDS"]


@pytest.fixture(scope="module")
def server(tmp_path_factory, live_database):
    with serve_app(tmp_path_factory.mktemp("idle-live"), live_database, env=SERVER_ENV) as url:
        yield url


@pytest.fixture(scope="module")
def flows(live_database):
    """The server's sign-up rows, so that its clock can be moved with the page's."""
    database = open_database(live_database)
    with database.bind_ctx([SignupFlow]):
        yield database
    database.close()


def advance(page, phone, seconds):
    """`seconds` pass for the page (its timers fire) and for the server (the flow's last request is
    that much further back), as if the member had left the page alone that long."""
    row = SignupFlow.select(SignupFlow.id, SignupFlow.last_seen).where(SignupFlow.mobile == phone).get()
    SignupFlow.update(last_seen=row.last_seen - dt.timedelta(seconds=seconds)).where(SignupFlow.id == row.id).execute()
    page.clock.fast_forward(seconds * 1000)


def profile_typed_into(page, server):
    """2-4 reached on the page's clock, with a few fields typed; focus in the ID field."""
    page.clock.install()
    _, _, phone = walk_to_profile(page, server)
    user_id = "clock" + secrets.token_hex(3)
    typed = {"#email": f"{user_id}@example.com", "#password": "passw0rd!x", "#user_id": user_id}
    for field, value in typed.items():
        page.locator(field).fill(value)
    page.locator("#user_id").focus()
    page.wait_for_timeout(1500)   # the as-you-type checks answered (each a request that renews the flow)
    return phone, typed


def assert_kept(page, typed):
    for field, value in typed.items():
        assert page.locator(field).input_value() == value, f"{field} lost what was typed"


def warn(page, phone, idle_limit):
    advance(page, phone, idle_limit - 115)   # the warning comes at 2 minutes left
    wait_until(page, WARNING)


def test_signup_warning_names_the_limit_and_extending_by_keyboard_moves_the_servers_deadline(page, server, flows,
                                                                                           idle_limit):
    phone, typed = profile_typed_into(page, server)
    navigations, speech = main_frame_navigations(page), Speech(page)
    warn(page, phone, idle_limit)
    said = speech.settle(quiet_ms=500)
    Speech.assert_once(f"입력 시간({idle_limit // 60}분) 중 2분이 남았습니다", said, "warning")
    assert focused(page)["text"] == "시간 연장"
    assert_no_axe_violations(page, "sign-up 2-4 time-limit warning")
    page.keyboard.press("Enter")
    wait_until(page, EXTENDED)
    assert page.locator(".timeout__warning").is_hidden()
    assert focused(page)["id"] == "user_id"   # back where the member was
    assert_kept(page, typed)
    # Past the first deadline: the server counts from the extension, so 2-4 still answers.
    advance(page, phone, 200)
    page.wait_for_timeout(300)
    assert page.locator(".timeout__expired").is_hidden()
    page.locator("#id-check-button").click()
    wait_until(page, "document.getElementById('id-check-result').textContent.includes('사용가능한 아이디')")
    assert navigations == [] and page.url.endswith("/signup/profile")
    assert_kept(page, typed)


def test_signup_expiry_is_said_in_words_and_leaves_the_page_as_it_was(page, server, flows, idle_limit):
    phone, typed = profile_typed_into(page, server)
    navigations = main_frame_navigations(page)
    warn(page, phone, idle_limit)
    speech = Speech(page)
    advance(page, phone, 120)
    page.wait_for_timeout(1000)   # the page's timer has seen the end
    assert navigations == [], f"the page navigated by itself: {navigations}"   # no reload renewed the flow
    assert page.url.endswith("/signup/profile")
    wait_until(page, EXPIRED)
    said = speech.settle(quiet_ms=500)
    ended = f"입력 시간({idle_limit // 60}분)이 지나 안전을 위해 회원가입을 처음부터 다시 시작합니다."
    Speech.assert_once(ended, said, "expiry")
    assert_kept(page, typed)
    assert page.get_by_role("button", name="시간 연장").count() == 0
    assert focused(page)["text"] == "처음부터 다시 시작"
    assert_no_axe_violations(page, "sign-up 2-4 time limit ended")
    # The server decides: the next action is refused, and the member is told why.
    with page.expect_navigation():
        page.locator("#id-check-button").click()
    assert ended in page.locator("main").inner_text()
