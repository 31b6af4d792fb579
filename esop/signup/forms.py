"""Sign-up forms: the field rules of esop/rules as validators (esop/forms.py); what needs the flow or
the database lives in signup/service."""
from __future__ import annotations

from wtforms import BooleanField, PasswordField, RadioField, SelectMultipleField, StringField
from wtforms.validators import AnyOf
from wtforms.widgets import CheckboxInput, ListWidget

from ..adapters.phone import CARRIERS
from ..forms import Email, EsopForm, Mobile, NewPassword, NumericCode, Phone, Required, Rrn, UserId
from ..rules.userid import HINT, normalize_user_id
from .profile import ADDRESS_TARGETS, Address, Confirms, EnglishName, Job, KeptPassword, Limited

YES_NO = [("no", "동의안함"), ("yes", "동의함")]


class TermsForm(EsopForm):
    online_service_terms = BooleanField("온라인서비스 이용약관에 동의함")
    electronic_finance_terms = BooleanField("전자금융거래 기본약관에 동의함")
    privacy_policy = BooleanField("개인정보처리방침에 동의함")


class ConsentForm(EsopForm):
    all_required = BooleanField("필수항목 전체동의")
    collect = RadioField("개인(신용)정보 수집·이용 동의여부", choices=YES_NO, validate_choice=False)
    unique_collect = RadioField("고유식별정보 수집·이용 동의여부", choices=YES_NO, validate_choice=False)
    provide = RadioField("개인정보 제공 동의여부", choices=YES_NO, validate_choice=False)
    unique_provide = RadioField("고유식별정보 제공 동의여부", choices=YES_NO, validate_choice=False)
    marketing = RadioField("개인정보 수집·이용 동의여부", choices=YES_NO, validate_choice=False)
    channels = SelectMultipleField("상품 서비스 안내수단", choices=[("sms", "문자메세지"), ("email", "이메일"),
                                   ("phone", "전화"), ("mail", "우편")], validate_choice=False,
                                   widget=ListWidget(prefix_label=False), option_widget=CheckboxInput())
    all_channels = BooleanField("전체")


class RealNameForm(EsopForm):
    name = StringField("이름", validators=[Required("이름을 입력해 주십시오.")])
    rrn_front = StringField("주민등록번호 앞 6자리")
    rrn_back = PasswordField("주민등록번호 뒤 7자리", validators=[Rrn()])


class PhoneForm(EsopForm):
    error_anchors = {"carrier": "carrier-0"}
    carrier = RadioField("이용중인 통신사", choices=[(c, c) for c in CARRIERS], validate_choice=False,
                         validators=[AnyOf(CARRIERS, "이용중인 통신사를 선택해 주십시오.")])
    mobile = StringField("휴대폰번호", validators=[Mobile("휴대폰번호를 010-1234-5678 형식으로 정확히 입력해 주십시오.")])


class CodeForm(EsopForm):
    code = StringField("인증번호 6자리", validators=[NumericCode(6)])


def _address(prefix: str, box: str, label: str) -> StringField:
    label_of = dict(ADDRESS_TARGETS)[prefix]
    validators = [] if box == "address_jibun" else [Address(prefix, label_of, box)]
    return StringField(f"{label_of} {label}", validators=validators)


def _yes_no(label: str) -> RadioField:
    return RadioField(label, choices=[("y", "예"), ("n", "아니오")], validate_choice=False,
                      validators=[AnyOf(("y", "n"), f"{label}를 선택해 주십시오.")])


class ProfileForm(EsopForm):
    """2-4 고객정보입력: every field of the manual (성명 and 주민등록번호 come from 2-3), each with its
    rule, so `validate_on_submit()` says every message at once. The mobile is not among the rules: the
    member's number is the one a code verified (service.verified_mobile), never the typed one."""
    error_anchors = {"mail_to": "mail_to-home", "mail_ok": "mail_ok-y", "email_ok": "email_ok-y", "sms_ok": "sms_ok-y",
                     "carrier": "carrier-0"}
    english_name = StringField("영문명", validators=[EnglishName()])
    nationality = StringField("국적")
    user_id = StringField("아이디", description=HINT, validators=[UserId()])
    kept_password_for: str | None = None   # the view's: service.kept_password_for(flow)
    password = PasswordField("비밀번호", validators=[KeptPassword(), Required("비밀번호를 입력해 주십시오.", spaces_count=True),
                                                 NewPassword(lead="비밀번호 규칙에 맞지 않습니다: ")])
    password_confirm = PasswordField("비밀번호 확인", validators=[KeptPassword(), Confirms(
        "password", "비밀번호 확인을 입력해 주십시오.", "비밀번호와 비밀번호 확인이 일치하지 않습니다.")])
    mail_to = RadioField("우편물 수령지", choices=[("home", "자택"), ("work", "직장")], validate_choice=False,
                         validators=[AnyOf(("home", "work"), "우편물 수령지를 선택해 주십시오.")])
    home_postcode = _address("home", "postcode", "우편번호")
    home_address = _address("home", "address", "도로명주소")
    home_address_jibun = _address("home", "address_jibun", "지번주소")
    home_address_detail = _address("home", "address_detail", "상세주소")
    work_postcode = _address("work", "postcode", "우편번호")
    work_address = _address("work", "address", "도로명주소")
    work_address_jibun = _address("work", "address_jibun", "지번주소")
    work_address_detail = _address("work", "address_detail", "상세주소")
    other_postcode = _address("other", "postcode", "우편번호")
    other_address = _address("other", "address", "도로명주소")
    other_address_jibun = _address("other", "address_jibun", "지번주소")
    other_address_detail = _address("other", "address_detail", "상세주소")
    home_phone = StringField("지역전화번호", validators=[Phone(
        "지역전화번호가 올바르지 않습니다. 지역번호를 포함해 입력해 주십시오. (예: 02-3770-8800)",
        empty="지역전화번호를 입력해 주십시오. 지역전화번호가 없으시면 통화가 가능한 다른 전화번호를 입력해 주십시오.")])
    work_phone = StringField("직장전화번호", validators=[Phone(
        "직장전화번호가 올바르지 않습니다. 지역번호를 포함해 입력해 주십시오. (예: 02-3770-8800)")])
    carrier = RadioField("이용중인 통신사", choices=[(c, c) for c in CARRIERS], validate_choice=False)
    mobile = StringField("휴대전화번호")   # asked only when 본인인증 was by certificate (no number verified)
    mobile_code = StringField("인증번호 6자리")
    email = StringField("이메일", validators=[Email()])
    mail_ok = _yes_no("우편물 수신여부")
    email_ok = _yes_no("이메일 수신여부")
    sms_ok = _yes_no("SMS 수신여부")
    job_major = StringField("대분류", validators=[Job()])
    job_mid = StringField("중분류", validators=[Job()])
    job_minor = StringField("소분류", validators=[Job()])
    company = StringField("직장명", validators=[Limited("직장명")])
    department = StringField("근무부서", validators=[Limited("근무부서")])
    position = StringField("직위", validators=[Limited("직위")])

    @property
    def rule_user_id(self) -> str:
        """What NewPassword compares the password against: the ID typed beside it."""
        return normalize_user_id(self.user_id.data)
