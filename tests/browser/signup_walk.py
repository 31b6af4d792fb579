"""Shared moves of the sign-up browser tests."""
from __future__ import annotations

import datetime as dt
import random

from esop.rules.rrn import generate_valid_rrn

_seq = iter(range(10_000))


def fresh_person():
    """A valid RRN nobody on the test server has used (the server lives for the whole session)."""
    n = next(_seq)
    rng = random.Random(f"browser-{n}-{random.random()}")
    birth = dt.date(1960 + rng.randrange(40), 1 + rng.randrange(12), 1 + rng.randrange(28))
    return "김민준", generate_valid_rrn(birth, rng.choice("MF"), rng=rng), f"010-{5000 + n:04d}-{rng.randrange(10000):04d}"


def sms_code(page, live_server, phone):
    for _ in range(50):
        messages = page.request.get(f"{live_server}/sandbox/messages.json?to={phone}").json()
        if messages:
            return messages[0]["code"]
        page.wait_for_timeout(100)
    raise AssertionError(f"no SMS to {phone}")


def walk_to_consent_dialog(page, live_server):
    """2-1 answered: the 2-2 consent dialog is open over it."""
    page.goto(live_server + "/signup/?restart=1")
    for box in ("online_service_terms", "electronic_finance_terms", "privacy_policy"):
        page.locator("#" + box).check()
    page.get_by_role("button", name="확인").click()
    page.wait_for_selector("dialog#consent-dialog[open]")


def walk_to_code_sent(page, live_server):
    """2-1 to 2-3 up to the SMS code just sent (its countdown running); returns (name, rrn, phone)."""
    name, rrn, phone = fresh_person()
    walk_to_consent_dialog(page, live_server)
    page.locator("#view-credit-info-consent").click()
    page.wait_for_selector("#viewer-title")
    page.locator("#all_required").check()
    page.locator("#marketing-no").check()
    with page.expect_navigation():
        page.locator("#consent-form button.button--primary").click()
    page.locator("#name").fill(name)
    page.locator("#rrn_front").fill(rrn[:6])
    page.locator("#rrn_back").fill(rrn[6:])
    page.get_by_role("button", name="실명확인").click()
    page.wait_for_selector("#carrier-0")
    page.locator("#carrier-0").check()
    page.locator("#mobile").fill(phone)
    page.get_by_role("button", name="인증번호 요청").click()
    page.wait_for_selector("#code")
    return name, rrn, phone


def walk_to_profile(page, live_server):
    """Steps 2-1 to 2-3 with JS on, by the quickest means (the keyboard walk is its own test)."""
    name, rrn, phone = walk_to_code_sent(page, live_server)
    page.locator("#code").fill(sms_code(page, live_server, phone))
    with page.expect_navigation():
        page.locator("#code").press("Enter")
    page.wait_for_url("**/signup/profile")
    return name, rrn, phone
