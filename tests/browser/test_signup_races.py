"""2-4 over time (issues 16 and 17): answers that arrive late or out of order, and what a screen reader says.
Playwright's routing holds an older response until a newer request has completed; the speech model
(speech.py) counts what live regions say."""
from __future__ import annotations

from browserkit import assert_no_axe_violations, wait_until
from signup_walk import walk_to_profile
from speech import Speech, texts


def _hold_first(page, pattern):
    """Hold the first request matching `pattern` (the others pass); returns the list it lands in."""
    held = []

    def handler(route):
        if held:
            route.continue_()
        else:
            held.append(route)
    page.route(pattern, handler)
    return held


def _release(page, held):
    try:
        held[0].continue_()
    except Exception:   # the page aborted it (a newer request replaced it): nothing left to answer
        pass
    page.wait_for_timeout(800)


def _wait_held(page, held):
    for _ in range(60):
        if held:
            return
        page.wait_for_timeout(50)
    raise AssertionError("the request to hold was never made")


def _result(page):
    return page.locator("#id-check-result").inner_text().strip()


def test_id_check_pressed_right_after_typing_keeps_its_answer(page, live_server):
    """Issue 16 defect 3: Enter within 0.7 s of typing; the delayed as-you-type answer may not blank it."""
    walk_to_profile(page, live_server)
    page.locator("#user_id").focus()
    page.keyboard.type("ab")
    page.keyboard.press("Enter")
    page.wait_for_selector("#id-check-result .id-result--invalid")
    page.wait_for_timeout(1500)          # well past the as-you-type delay
    assert "6~12" in _result(page), _result(page)


def test_id_check_newer_answer_wins_over_a_held_older_one(page, live_server):
    walk_to_profile(page, live_server)
    held = _hold_first(page, "**/signup/profile/id-check")
    page.locator("#user_id").focus()
    page.keyboard.type("olderid1")       # the as-you-type request: held
    _wait_held(page, held)
    page.keyboard.press("Control+A")
    page.keyboard.type("newerid2")
    page.keyboard.press("Enter")          # 중복확인 while the older answer is outstanding
    page.wait_for_selector("#id-check-result .id-result--free", timeout=5000)
    _release(page, held)
    page.wait_for_timeout(800)
    assert "newerid2" in _result(page) and "olderid1" not in _result(page), _result(page)


def test_id_check_as_you_type_speaks_once_for_a_settled_id(page, live_server):
    """Issue 17: each pause answered, but a screen reader hears the settled ID's answer once."""
    walk_to_profile(page, live_server)
    speech = Speech(page)
    page.locator("#user_id").focus()
    for part in ("kbsay1", "2", "3"):     # well-formed at every pause: three answers arrive
        page.keyboard.type(part)
        page.wait_for_timeout(1100)
    assert "kbsay123" in _result(page)    # seen at once, beside the field
    page.keyboard.press("Tab")            # on 중복확인: still about the ID, nothing said yet
    page.wait_for_timeout(300)
    assert speech.said() == [], texts(speech.said())
    page.keyboard.press("Tab")            # the member moves on: the ID has settled
    said = speech.settle()
    assert Speech.count("아이디", said) == 1, texts(said)
    Speech.assert_once("kbsay123은(는) 사용가능한 아이디", said, "settled ID")
    # 중복확인 pressed for it: asked, so said (once) again.
    page.locator("#user_id").focus()
    page.keyboard.press("Enter")
    said = speech.settle()
    Speech.assert_once("kbsay123은(는) 사용가능한 아이디", said, "중복확인")
    assert Speech.count("아이디", said) == 1, texts(said)
    assert_no_axe_violations(page, "2-4 ID answered")


def test_job_cascade_last_choice_wins_and_is_said_once(page, live_server):
    """Issue 17: arrowing through 대분류 (as screen-reader users read a select) with an older answer held."""
    walk_to_profile(page, live_server)
    held = _hold_first(page, "**/signup/profile/jobs*")
    speech = Speech(page)
    page.locator("#job_major").focus()
    page.keyboard.press("ArrowDown")      # 1 관리자: its request is held ...
    _wait_held(page, held)
    for _ in range(3):                    # ... while browsing goes on to 4 서비스 종사자
        page.keyboard.press("ArrowDown")
        page.wait_for_timeout(100)
    wait_until(page, "document.querySelector('#job_mid option[value=\"41\"]')")
    _release(page, held)
    mids = page.eval_on_selector_all("#job_mid option", "os => os.map(o => o.value).filter(Boolean)")
    assert mids and all(m.startswith("4") for m in mids), mids
    said = speech.settle()
    assert Speech.count("중분류", said) == 1 and "중분류 4개" in said[-1]["text"], texts(said)
    assert page.evaluate("() => document.activeElement.id") == "job_major"
    # The next level loads from the settled choice.
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")
    wait_until(page, "document.querySelector('#job_minor option[value^=\"41\"]')")
    minors = page.eval_on_selector_all("#job_minor option", "os => os.map(o => o.value).filter(Boolean)")
    assert minors and all(m.startswith("41") for m in minors), minors
    said = speech.settle()
    assert Speech.count("소분류", said) == 1, texts(said)
    assert page.locator("[id='job_mid']").count() == 1 and page.locator("[id='job_minor']").count() == 1
    assert_no_axe_violations(page, "2-4 job cascade settled")
