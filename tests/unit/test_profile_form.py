"""Issue 13: 2-4 고객정보입력's rules ride on ProfileForm, so `form.validate()` alone says every
message at once, beside its field, in form order (what signup/profile.validate_profile used to say)."""
from __future__ import annotations

from werkzeug.datastructures import MultiDict

from esop.rules.email import check_email
from esop.signup.forms import ProfileForm


def _validated(app, **values):
    app.config["WTF_CSRF_ENABLED"] = False
    with app.test_request_context(method="POST", data=MultiDict(values)):
        form = ProfileForm()
        return form.validate(), form


def test_the_form_alone_says_every_message_in_order(app):
    valid, form = _validated(app, english_name="홍길동", user_id="12345678", password="", password_confirm="x",
                             mail_to="work", home_phone="", work_phone="123", email="nope", mail_ok="?",
                             email_ok="y", sms_ok="n", job_major="3", job_mid="", company="x" * 101)
    assert not valid
    assert form.error_list() == [
        ("english_name", "영문명은 영문 대문자와 공백으로 입력해 주십시오. (예: HONG GILDONG)"),
        ("user_id", "아이디에는 영문자를 한 글자 이상 넣어 주십시오."),
        ("password", "비밀번호를 입력해 주십시오."),
        ("home_postcode", "거주주소를 우편번호 검색으로 입력해 주십시오."),
        ("work_postcode", "직장주소를 우편번호 검색으로 입력해 주십시오."),
        ("home_phone", "지역전화번호를 입력해 주십시오. 지역전화번호가 없으시면 통화가 가능한 다른 전화번호를 입력해 주십시오."),
        ("work_phone", "직장전화번호가 올바르지 않습니다. 지역번호를 포함해 입력해 주십시오. (예: 02-3770-8800)"),
        ("email", check_email("nope")),
        ("mail_ok-y", "우편물 수신여부를 선택해 주십시오."),
        ("job_mid", "직업검색에서 대분류, 중분류, 소분류를 차례로 선택해 주십시오."),
        ("company", "직장명은(는) 100자 이내로 입력해 주십시오."),
    ]
    assert form.english_name.data == "홍길동" and form.company.data == "x" * 101   # values kept


def test_a_half_typed_address_and_a_wrong_confirmation(app):
    _, form = _validated(app, password="Abcd!2345678", password_confirm="Abcd!234567", mail_to="home",
                         home_postcode="123", home_address_detail="1층")
    errors = dict(form.error_list())
    assert errors["password_confirm"] == "비밀번호와 비밀번호 확인이 일치하지 않습니다."
    assert errors["home_postcode"] == "거주주소의 우편번호는 5자리 숫자입니다. 우편번호 검색을 이용해 주십시오."
    assert errors["home_address"] == "거주주소의 도로명주소를 우편번호 검색으로 입력해 주십시오."
    assert "work_postcode" not in errors
