"""Issue 16 defects 4-6 through the Flask client: 2-1's errors cleared by its success, 2-2's answers kept
in the flow (전문보기 and 이전), the 전문보기-first rule said beside the item, 2-3's repeated 실명확인 shown open."""
from __future__ import annotations

import re

from signup_steps import do_consent, do_realname, do_terms, new_rrn, post

ALL_TERMS = {"online_service_terms": "y", "electronic_finance_terms": "y", "privacy_policy": "y"}
HX = {"HX-Request": "true"}


def text(r):
    return r.get_data(as_text=True)


def summary(r):
    return re.findall(r'<li><a href="#([^"]+)">([^<]+)</a></li>', text(r))


def checked(r, input_id):
    return re.search(rf'<input [^>]*id="{input_id}"[^>]*\bchecked\b', text(r)) is not None


def test_terms_success_after_a_failure_replaces_the_stale_errors(client):
    """With JS 2-2 opens as a dialog over 2-1: the same answer brings 2-1's form back without its errors."""
    client.get("/signup/")
    r = post(client, "/signup/terms", {"online_service_terms": "y"}, headers=HX)
    assert r.status_code == 422 and "error-summary" in text(r)
    r = post(client, "/signup/terms", ALL_TERMS, headers=HX)
    assert r.headers["HX-Retarget"] == "#dialog-slot" and "<dialog" in text(r)
    form = re.search(r'<form id="terms-form"[^>]*>.*?</form>', text(r), re.S)
    assert form and "hx-swap-oob" in form.group(0)
    assert "error-summary" not in form.group(0) and "field-error" not in form.group(0)
    assert 'aria-invalid="true"' not in form.group(0)
    assert checked(r, "online_service_terms") and checked(r, "privacy_policy")


def test_consent_answers_survive_the_full_text_round_trip_without_js(client):
    do_terms(client)
    client.get("/signup/document/credit-info-consent")
    r = post(client, "/signup/consent", {"collect": "yes", "unique_collect": "yes", "marketing": "no",
                                         "view": "marketing-consent"})
    assert r.status_code == 302 and r.headers["Location"].endswith("/signup/document/marketing-consent")
    r = client.get("/signup/consent")
    assert r.status_code == 200 and "error-summary" not in text(r)
    assert checked(r, "collect-yes") and checked(r, "unique_collect-yes") and checked(r, "marketing-no")
    assert not checked(r, "provide-yes")


def test_consent_answers_come_back_on_previous_from_realname(client):
    do_terms(client)
    assert do_consent(client, marketing="no").status_code == 302
    r = client.get("/signup/realname")
    assert 'href="/signup/consent"' in text(r)
    r = client.get("/signup/consent")
    for item in ("collect-yes", "unique_collect-yes", "provide-yes", "unique_provide-yes", "marketing-no"):
        assert checked(r, item), item


def test_ticking_before_the_full_text_is_said_beside_the_item_and_kept(client):
    do_terms(client)
    r = do_consent(client, view=False)
    assert r.status_code == 422
    anchor, message = summary(r)[0]
    assert anchor == "all_required" and "전문보기" in message
    # beside the item: the 필수항목 전체동의 box is invalid and described by the same words
    assert re.search(r'<p class="field-error" id="view_credit-error">.*전문보기', text(r))
    box = re.search(r'<input [^>]*id="all_required"[^>]*>', text(r)).group(0)
    assert 'aria-invalid="true"' in box and "view_credit-error" in box
    assert checked(r, "collect-yes") and checked(r, "marketing-no")


def test_items_that_need_their_full_text_first_say_so_to_the_script(client):
    """With JS a 동의함 cannot be ticked before its 전문보기: the page marks which document each waits for."""
    do_terms(client)
    r = client.get("/signup/consent")
    for item, slug in (("all_required", "credit-info-consent"), ("collect-yes", "credit-info-consent"),
                       ("marketing-yes", "marketing-consent")):
        tag = re.search(rf'<input [^>]*id="{item}"[^>]*>', text(r)).group(0)
        assert f'data-needs-view="{slug}"' in tag and "전문보기" in tag, item
    assert "data-needs-view" not in re.search(r'<input [^>]*id="collect-no"[^>]*>', text(r)).group(0)
    client.get("/signup/document/credit-info-consent")
    assert 'id="viewed-credit-info-consent" class="viewed-note" data-viewed' in text(client.get("/signup/consent"))


def test_a_failed_repeat_of_realname_shows_its_form_open(client):
    do_terms(client)
    do_consent(client)
    assert "실명이 확인되었습니다" in text(do_realname(client, rrn=new_rrn("again")))
    r = post(client, "/signup/realname", {"name": "", "rrn_front": "", "rrn_back": ""})
    assert r.status_code == 422 and summary(r)[0][0] == "name"
    assert re.search(r"<details open>\s*<summary>다른 이름", text(r))
    r = client.get("/signup/realname")
    assert re.search(r"<details>\s*<summary>다른 이름", text(r))
