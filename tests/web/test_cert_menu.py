"""Issue 16 (defects 9, 10, 11): the 인증센터 menu and its notes (manual 3, 3-1), ARS for the cloud's
기기인증 and the departure-record rule (manual 3-2), no-JS wording, the 1원 이체 account as typed."""
from __future__ import annotations

import re

from cert_helpers import PHONE, birth_of, csrf, issue
from helpers import make_member
from verify_steps import demo, start_flow, text

from esop.db import db

PASSWORD = "Abcd#2580"


# --- 11. the 인증센터 menu (manual 3, 3-2 전체메뉴) ------------------------------------------------

def test_menu_has_every_certcenter_entry_once(client):
    page = text(client.get("/menu"))
    section = page[page.index('id="menu-cert"'):page.index('id="menu-help"')]
    for label in ("클라우드 공동인증서란?", "클라우드 공동인증서 발급/재발급", "타기관 클라우드 인증서 등록",
                  "클라우드 공동인증서 갱신", "클라우드 공동인증서 관리", "공동인증서란?", "인증서발급/재발급",
                  "금융인증서란?", "금융인증서등록/재등록"):
        assert f">{label}</a>" in section, label
    hrefs = re.findall(r'href="([^"]+)"', section)
    assert len(hrefs) == len(set(hrefs)), hrefs          # no entry leads where another already does
    assert "공동인증서 타기관인증서등록" not in section
    for href in hrefs:
        assert client.get(href).status_code in (200, 302), href


def test_issue_and_renew_pages_say_where_it_is_done(client):
    issue_page = text(client.get("/certcenter/cloud-certificate/issue"))
    assert "증권금융 뱅킹Plus" in issue_page and "자동으로 폐기" in issue_page
    renew = text(client.get("/certcenter/cloud-certificate/renew"))
    assert "<h1>클라우드 공동인증서 갱신</h1>" in renew and "다시 등록" in renew
    joint = text(client.get("/certcenter/joint-certificate/issue"))
    assert "<h1>인증서발급/재발급</h1>" in joint and "증권금융 뱅킹Plus" in joint
    about = text(client.get("/certcenter/about-joint-certificate"))
    assert "<h1>공동인증서란?</h1>" in about


def test_certcenter_page_carries_the_notes_of_manual_3(client):
    page = text(client.get("/certcenter/"))
    assert "증권금융 뱅킹Plus" in page and "자동으로 폐기" in page
    assert "당사에서 금융인증서 발급은 불가" in page


# --- 11. the notes of 3-1 / 3-2 on the 추가인증 pages ----------------------------------------------

def test_account_step_of_a_registration_notes_the_fraud_prevention_service(app, client):
    demo(app)
    start_flow(app, client, "hong1234", purpose="certcenter.fin31")
    page = text(client.get("/verify/certcenter.fin31/account"))
    assert "전자금융사기 예방서비스" in page and "단말기(PC)지정" in page


def test_otp_step_shows_the_example_device_with_a_text_alternative(app, client):
    demo(app)
    start_flow(app, client, "hong1234", purpose="certcenter.fin31", account=False, identity=())
    page = text(client.get("/verify/certcenter.fin31/otp"))
    img = re.search(r'<img [^>]*src="([^"]*otp-example[.0-9a-f]*\.svg)"[^>]*>', page)
    assert img and re.search(r'alt="[^"]*123456[^"]*"', img.group(0))
    assert "본 화면은 고객님의 이해를 돕기 위한 예시화면입니다." in page
    assert client.get(img.group(1)).status_code == 200


# --- 9. 기기인증 by ARS (manual 3-2, 클라우드 미연결 상태 2/3) --------------------------------------

def _to_device_step(client, rrn):
    base = "/certcenter/cloud/joint/cloud32/"
    token = csrf(text(client.get(base)))
    client.post(base + "info", data={"csrf_token": token, "name": "김한국", "birth": birth_of(rrn), "phone": PHONE})
    page = text(client.post(base + "terms", data={"csrf_token": token, "agree": "yes"}))
    return base, token, re.search(r'id="device-number">(\d\d)<', page).group(1), page


def test_device_check_can_ask_for_the_ars_call(app, client):
    from esop.adapters.ars import answer_sandbox_call
    from esop.models.sandbox_verify import SandboxArsCall
    with app.app_context():
        _, rrn = make_member(user_id="arsdev01", mobile=PHONE)
    base, token, number, page = _to_device_step(client, rrn)
    assert f'action="{base}ars"' in page
    called = client.post(base + "ars", data={"csrf_token": token})
    assert called.status_code == 200 and "ARS" in text(called)
    with app.app_context(), db.connection_context():
        call = SandboxArsCall.select().order_by(SandboxArsCall.id.desc()).first()
        assert call.digits == number
    again = client.post(base + "ars", data={"csrf_token": token})   # the code service's resend wait
    assert again.status_code == 422 and "초 후에 다시" in text(again)
    with app.app_context(), db.connection_context():
        assert answer_sandbox_call(call.reference, True, number) == "approved"
    done = text(client.get(base + "device", headers={"HX-Request": "true"}))
    assert "클라우드에 연결되었습니다" in done


def test_device_ars_refused_without_csrf(app, client):
    with app.app_context():
        _, rrn = make_member(user_id="arsdev02", mobile=PHONE)
    base, _, _, _ = _to_device_step(client, rrn)
    assert client.post(base + "ars", data={}).status_code == 400


# --- 10. without JS nothing promises to advance by itself -----------------------------------------

def _visible_without_js(html: str) -> str:
    """The page as a browser without JS shows it: the .js-only parts left out."""
    return re.sub(r'<(p|span|div) class="js-only"[^>]*>.*?</\1>', "", html, flags=re.S)


def test_device_wait_without_js_says_to_press_the_button(app, client):
    with app.app_context():
        _, rrn = make_member(user_id="arsdev03", mobile=PHONE)
    _, _, _, page = _to_device_step(client, rrn)
    plain = _visible_without_js(page)
    assert "자동으로" not in plain and "[인증 확인]을 눌러" in plain


def test_ars_wait_without_js_says_to_press_the_button(app, client):
    from verify_steps import choose, post
    demo(app)
    start_flow(app, client, "hong1234", purpose="test", account=False, medium=False)
    choose(client, "ars", "test")
    page = text(post(client, "/verify/test/ars/call", {"phone": "mobile"}))
    assert "전화 승인을 기다리고 있습니다" in page
    plain = _visible_without_js(page)
    assert "저절로" not in plain and "‘승인 확인’을 눌러" in plain


# --- 9. the departure record (manual 3-2, 해외 출국정보 조회 동의) -----------------------------------

def _overseas_plan(app, client, departed: bool, user_id: str):
    from esop.models.sandbox import set_switch
    from esop.models.verification import VerificationFlow
    with app.app_context():
        member, rrn = make_member(user_id=user_id, mobile=PHONE)
    issue(app, cloud="joint", rrn=rrn)
    with app.app_context(), db.connection_context():
        set_switch("overseas_access", True)
        set_switch("departure_record", departed)
    from cert_helpers import connect
    connect(client, app, kind="joint", purpose="cloud32", name="김한국", rrn=rrn, phone=PHONE)
    token = csrf(text(client.get("/certcenter/cloud-register")))
    body = text(client.post("/certcenter/cloud-register", data={"csrf_token": token, "user_id": user_id,
                                                                "password": PASSWORD, "rrn": rrn}))
    client.post("/certcenter/cloud-register/overseas", data={"csrf_token": csrf(body), "consent": "y"})
    client.get("/certcenter/cloud-register/verify")
    with app.app_context(), db.connection_context():
        flow = (VerificationFlow.select().where(VerificationFlow.purpose == "certcenter.cloud32")
                .order_by(VerificationFlow.id.desc()).first())
        return [s["slot"] for s in flow.plan_slots()]


def test_a_departure_record_skips_the_extra_identity_check(app, client):
    assert "identity" not in _overseas_plan(app, client, True, "depart01")


def test_overseas_without_departure_record_keeps_the_identity_check(app, client):
    assert "identity" in _overseas_plan(app, client, False, "depart02")


# --- 10. 1원 이체: the account as the member typed it --------------------------------------------

def test_transfer_shows_another_banks_account_as_typed(app, client):
    from verify_steps import post
    demo(app)
    start_flow(app, client, "yoon9012", purpose="test", account=False, identity=())
    r = post(client, "/verify/test/transfer/send", {"bank": "KB국민은행", "account": "123456-78-901234"})
    assert r.status_code == 200
    page = text(r)
    assert "123456-**-**1234" in page and "123-456-" not in page


def test_typed_account_masking_keeps_the_members_grouping():
    from esop.rules.digits import mask_typed_account
    assert mask_typed_account("123456-78-901234") == "123456-**-**1234"
    assert mask_typed_account("12345678901234") == "123456****1234"
    assert mask_typed_account("110-123-456789") == "110-123-**6789"
    assert mask_typed_account("１００２ ３４５ ６７８９０１") == "1002-34*-**8901"
