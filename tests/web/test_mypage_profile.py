"""고객정보 변경, 비밀번호 변경, 휴대전화번호 변경: every change and its bad inputs, with the Flask client."""
from __future__ import annotations

import json

import pytest

from esop.db import db
from esop.models.audit import AuditEvent
from esop.models.member_care import PasswordHistory
from esop.models.sandbox import SandboxMessage
from esop.models.session import LoginSession
from mypage_steps import PASSWORD, fresh, login, member, post

PROFILE = {"english_name": "KIM HANGUK", "nationality": "대한민국", "mail_to": "home",
           "home_postcode": "07330", "home_address": "서울특별시 영등포구 국제금융로8길 10",
           "home_address_jibun": "서울특별시 영등포구 여의도동 34-9", "home_address_detail": "5층",
           "home_phone": "02-3770-8800", "work_phone": "", "email": "new@example.com",
           "mail_ok": "y", "email_ok": "n", "sms_ok": "y", "job_major": "3", "job_mid": "31", "job_minor": "312",
           "company": "새회사", "department": "인사팀", "position": "대리"}


@pytest.fixture
def logged_in(app, client):
    m, rrn = member()
    assert login(client).status_code == 302
    return m, rrn


@pytest.mark.parametrize("path", ["/account/", "/account/profile", "/account/password", "/account/mobile",
                                  "/account/consents", "/account/credit-info", "/account/security",
                                  "/account/alerts", "/account/withdraw"])
def test_every_page_needs_a_login(client, path):
    r = client.get(path)
    assert r.status_code == 302 and "/login?next=" in r.headers["Location"]


def test_header_links_to_my_page_and_the_page_lists_every_section(client, logged_in):
    html = client.get("/").get_data(as_text=True)
    assert 'href="/account/"' in html and "마이페이지" in html
    page = client.get("/account/").get_data(as_text=True)
    for label in ("고객정보 변경", "비밀번호 변경", "휴대전화번호 변경", "동의 관리", "개인신용정보 수집/이용/제공현황",
                  "보안", "보안 알림", "회원탈퇴"):
        assert label in page


def test_profile_shows_current_values_never_the_rrn(client, logged_in):
    m, rrn = logged_in
    html = client.get("/account/profile").get_data(as_text=True)
    assert 'value="02-3770-8800"' in html and "tester@example.com" in html
    assert rrn[:6] not in html and rrn not in html
    assert 'name="user_id"' not in html and 'name="password"' not in html  # not editable here


def test_profile_change_saves_and_records_which_fields_not_their_values(client, logged_in):
    m, _ = logged_in
    r = post(client, "/account/profile", dict(PROFILE, name="다른이름", user_id="hacker99", mobile="010-9999-9999"))
    assert r.status_code == 302 and r.headers["Location"].endswith("/account/")
    m2 = fresh(m)
    assert (m2.email, m2.company, m2.job_code, m2.home_address_detail) == ("new@example.com", "새회사", "312", "5층")
    assert (m2.name, m2.user_id, m2.mobile) == ("김한국", "tester01", "010-2222-3333")  # not editable here
    with db.connection_context():
        row = AuditEvent.get(AuditEvent.event == "account.profile_changed")
    detail = json.loads(row.detail)
    assert "email" in detail["fields"] and "new@example.com" not in row.detail
    assert "고객정보를 변경했습니다." in client.get("/account/").get_data(as_text=True)


@pytest.mark.parametrize("field,value,message", [
    ("home_postcode", "123", "우편번호는 5자리 숫자"),
    ("email", "not-an-email", "이메일"),
    ("english_name", "홍길동", "영문명은 영문 대문자"),
    ("home_phone", "", "지역전화번호를 입력해 주십시오"),
    ("home_phone", "12-34", "지역번호를 포함해"),
    ("mail_ok", "maybe", "우편물 수신여부를 선택해 주십시오"),
    ("job_minor", "", "직업검색에서"),
    ("company", "가" * 101, "100자 이내"),
    ("mail_to", "moon", "우편물 수령지를 선택해 주십시오"),
])
def test_profile_bad_input_is_refused_with_summary_and_marked_field(client, logged_in, field, value, message):
    m, _ = logged_in
    r = post(client, "/account/profile", dict(PROFILE, **{field: value}))
    html = r.get_data(as_text=True)
    assert r.status_code == 422
    assert "<title>오류: " in html and 'class="error-summary"' in html and message in html
    assert 'aria-invalid="true"' in html and "-error" in html
    assert fresh(m).email == "tester@example.com"  # nothing saved


def test_profile_without_csrf_is_refused(client, logged_in):
    r = client.post("/account/profile", data=PROFILE)
    assert r.status_code == 400
    assert fresh(logged_in[0]).email == "tester@example.com"


def test_job_selects_answer_htmx_with_the_next_level(client, logged_in):
    html = client.get("/account/profile/jobs?job_major=3", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert 'id="job_mid"' in html and "hx-swap-oob" in html and "중분류" in html
    assert "<html" not in html


def test_job_and_address_without_js_keep_what_was_typed(client, logged_in):
    r = post(client, "/account/profile/jobs", dict(PROFILE, company="타이핑중", job_major="2", job_mid=""),
             page="/account/profile")
    assert r.status_code == 302 and "#job-fieldset" in r.headers["Location"]
    html = client.get("/account/profile").get_data(as_text=True)
    assert 'value="타이핑중"' in html and 'id="job_mid"' in html
    r = post(client, "/account/profile/address-search?target=work", dict(PROFILE, company="타이핑중"),
             page="/account/profile")
    assert r.status_code == 302 and "/lookup/address" in r.headers["Location"]
    assert "back=/account/profile/address" in r.headers["Location"]
    assert client.get(r.headers["Location"]).status_code == 200  # the lookup accepts /account/ as its back
    r = post(client, "/account/profile/address", {"target": "work", "postcode": "07330",
                                                   "road_address": "서울특별시 영등포구 국제금융로8길 10"},
             page="/account/profile")
    assert r.status_code == 302
    html = client.get("/account/profile").get_data(as_text=True)
    assert 'id="work_postcode" name="work_postcode" type="text" value="07330"' in html or \
        ('name="work_postcode"' in html and 'value="07330"' in html)
    assert 'value="타이핑중"' in html
    r = post(client, "/account/profile/address", {"target": "../x"}, page="/account/profile")
    assert r.status_code == 302  # a bad target is ignored, never a 500


# 비밀번호 변경 ---------------------------------------------------------------------------------

def _change(client, current, new, confirm=None):
    return post(client, "/account/password", {"current_password": current, "new_password": new,
                                              "new_password_confirm": new if confirm is None else confirm})


@pytest.mark.parametrize("current,new,confirm,message", [
    ("", "Mint#4826", None, "현재 비밀번호를 입력해 주십시오."),
    ("Wrong#1234", "Mint#4826", None, "현재 비밀번호가 일치하지 않습니다."),
    (PASSWORD, "", None, "새 비밀번호를 입력해 주십시오."),
    (PASSWORD, "short", None, "비밀번호 규칙에 맞지 않습니다"),
    (PASSWORD, "tester01#ab", None, "아이디 포함 불가"),
    (PASSWORD, PASSWORD, None, "지금 쓰고 계신 비밀번호와 다른"),
    (PASSWORD, "Mint#4826", "Mint#4827", "새 비밀번호 확인이 일치하지 않습니다."),
])
def test_password_change_bad_inputs(client, logged_in, current, new, confirm, message):
    r = _change(client, current, new, confirm)
    html = r.get_data(as_text=True)
    assert r.status_code == 422 and message in html and "<title>오류: " in html
    assert 'aria-invalid="true"' in html
    assert new not in html or not new  # a typed password is never echoed back


def test_password_change_refuses_previous_passwords_and_ends_other_sessions(app, client, logged_in):
    m, _ = logged_in
    other = app.test_client()
    assert login(other).status_code == 302
    r = _change(client, PASSWORD, "Mint#4826")
    assert r.status_code == 302
    assert other.get("/account/").status_code == 302  # the other browser was logged out
    assert client.get("/account/").status_code == 200  # this one stays
    with db.connection_context():
        assert PasswordHistory.select().where(PasswordHistory.member == m.id).count() == 1
        assert LoginSession.select().where(LoginSession.member == m.id).count() == 1
        audit = AuditEvent.get(AuditEvent.event == "account.password_changed")
    assert "Mint" not in audit.detail
    r = _change(client, "Mint#4826", PASSWORD)  # back to the previous one: refused
    assert r.status_code == 422 and "최근에 사용하신 비밀번호는 다시 사용할 수 없습니다" in r.get_data(as_text=True)
    assert _change(client, "Mint#4826", "Qmwn#5820").status_code == 302
    assert _change(client, "Qmwn#5820", "Mint#4826").status_code == 422  # two back: still refused
    client.post("/logout", data={"csrf_token": ""})
    fresh_client = app.test_client()
    assert login(fresh_client, password="Qmwn#5820").status_code == 302


def test_password_rules_fragment(client, logged_in):
    r = post(client, "/account/password/rules", {"new_password": "abc"}, page="/account/password",
             headers={"HX-Request": "true"})
    html = r.get_data(as_text=True)
    assert 'id="password-rules"' in html and "(미충족)" in html and "<html" not in html


# 휴대전화번호 변경 --------------------------------------------------------------------------------

def _sms_to(number):
    with db.connection_context():
        return list(SandboxMessage.select().where(SandboxMessage.to == number).order_by(SandboxMessage.id.desc()))


@pytest.mark.parametrize("value,message", [("", "010-1234-5678 형식"), ("02-123-4567", "010-1234-5678 형식"),
                                           ("010-2222-3333", "지금 등록된 번호와 같습니다")])
def test_mobile_bad_numbers(client, logged_in, value, message):
    r = post(client, "/account/mobile", {"mobile": value, "password": PASSWORD})
    assert r.status_code == 422 and message in r.get_data(as_text=True)
    assert "<title>오류: " in r.get_data(as_text=True)


def test_mobile_change_is_verified_by_sms_to_the_new_number(client, logged_in):
    m, _ = logged_in
    r = post(client, "/account/mobile", {"mobile": "01077778888", "password": PASSWORD})
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and "010-7777-****" in html and 'autocomplete="one-time-code"' in html
    code = _sms_to("010-7777-8888")[0].code
    assert len(code) == 6
    assert fresh(m).mobile == "010-2222-3333"  # not yet
    assert post(client, "/account/mobile", {"mobile": "010-7777-8888", "password": PASSWORD}).status_code == 422  # 30 s cooldown
    wrong = "000000" if code != "000000" else "111111"
    r = post(client, "/account/mobile/confirm", {"code": wrong}, page="/account/mobile")
    assert r.status_code == 422 and "4회 더 틀리면" in r.get_data(as_text=True)
    r = post(client, "/account/mobile/confirm", {"code": "12ab"}, page="/account/mobile")
    assert r.status_code == 422
    r = post(client, "/account/mobile/confirm", {"code": code}, page="/account/mobile")
    assert r.status_code == 302 and fresh(m).mobile == "010-7777-8888"
    r = post(client, "/account/mobile/confirm", {"code": code}, page="/account/mobile")
    assert r.status_code == 422 and "유효한 인증번호가 없습니다" in r.get_data(as_text=True)  # single use


def test_mobile_confirm_without_a_request(client, logged_in):
    r = post(client, "/account/mobile/confirm", {"code": "123456"}, page="/account/mobile")
    assert r.status_code == 422 and "유효한 인증번호가 없습니다" in r.get_data(as_text=True)


# --- 휴대전화번호 변경: re-authentication and a notice to the old number (issue 13) ------------------

def test_mobile_change_asks_for_the_password_before_any_code_is_sent(client, logged_in):
    r = post(client, "/account/mobile", {"mobile": "010-7777-9999"})
    assert r.status_code == 422 and "비밀번호를 입력해 주십시오" in r.get_data(as_text=True)
    r = post(client, "/account/mobile", {"mobile": "010-7777-9999", "password": "Wrong#1234"})
    html = r.get_data(as_text=True)
    assert r.status_code == 422 and "비밀번호가 일치하지 않습니다" in html and 'value="010-7777-9999"' in html
    assert "Wrong#1234" not in html
    assert _sms_to("010-7777-9999") == []


def test_wrong_passwords_on_mobile_change_count_on_the_login_counter_and_lock(client, logged_in):
    m, _ = logged_in
    for n in range(1, 5):
        r = post(client, "/account/mobile", {"mobile": "010-7777-9999", "password": "Wrong#1234"})
        assert r.status_code == 422 and f"{5 - n}회 더 틀리면" in r.get_data(as_text=True)
        assert fresh(m).failed_logins == n
    r = post(client, "/account/mobile", {"mobile": "010-7777-9999", "password": "Wrong#1234"})
    assert r.status_code == 302 and "/login" in r.headers["Location"]
    assert fresh(m).locked
    assert client.get("/account/mobile").status_code == 302       # the session ended with the lock
    assert login(client).status_code != 302                         # and the login is locked


def test_mobile_change_texts_the_old_number_and_raises_a_security_alert(client, logged_in):
    m, _ = logged_in
    assert post(client, "/account/mobile", {"mobile": "010-7777-6666", "password": PASSWORD}).status_code == 200
    code = _sms_to("010-7777-6666")[0].code
    r = post(client, "/account/mobile/confirm", {"code": code}, page="/account/mobile")
    assert r.status_code == 302 and fresh(m).mobile == "010-7777-6666"
    notice = _sms_to("010-2222-3333")[0]
    assert "휴대전화번호" in notice.body and "010-7777-****" in notice.body and "010-7777-6666" not in notice.body
    page = client.get("/account/alerts").get_data(as_text=True)
    assert "휴대전화번호가 변경되었습니다" in page
    assert len(_sms_to("010-7777-6666")) == 1     # the alert went to the old number, not the new one


@pytest.mark.parametrize("field,value,summary", [
    ("email", "new@example.com", "이메일 주소가 변경되었습니다"),
    ("home_phone", "02-555-1234", "자택전화번호가 변경되었습니다"),
    ("work_phone", "031-555-1234", "직장전화번호가 변경되었습니다"),
])
def test_contact_change_raises_a_security_alert_and_texts_the_registered_mobile(client, logged_in, field, value,
                                                                                 summary):
    """No e-mail is sent by esop (and a landline takes no text): the 보안 알림 is recorded and texted to the
    registered mobile, naming what changed, never the new value."""
    data = dict(PROFILE, email="tester@example.com", home_phone="02-3770-8800", work_phone="")
    data[field] = value
    assert post(client, "/account/profile", data).status_code == 302
    page = client.get("/account/alerts").get_data(as_text=True)
    assert summary in page
    texts = [m.body for m in _sms_to("010-2222-3333") if summary in m.body]
    assert len(texts) == 1 and value not in texts[0]


def test_profile_change_without_contact_change_raises_no_alert(client, logged_in):
    data = dict(PROFILE, email="tester@example.com", home_phone="02-3770-8800", work_phone="")
    assert post(client, "/account/profile", data).status_code == 302
    page = client.get("/account/alerts").get_data(as_text=True)
    assert "변경되었습니다" not in page and not _sms_to("010-2222-3333")
