"""Sign-up forms: the field rules of esop/rules as validators (esop/forms.py); what needs the flow or
the database lives in signup/service."""
from __future__ import annotations

from wtforms import BooleanField, PasswordField, RadioField, SelectMultipleField, StringField
from wtforms.validators import AnyOf
from wtforms.widgets import CheckboxInput, ListWidget

from ..adapters.phone import CARRIERS
from ..forms import EsopForm, Mobile, NumericCode, Required, Rrn
from ..rules.userid import HINT

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


class ProfileForm(EsopForm):
    """2-4 고객정보입력: every field of the manual (성명 and 주민등록번호 come from 2-3)."""
    error_anchors = {"mail_to": "mail_to-home", "mail_ok": "mail_ok-y", "email_ok": "email_ok-y", "sms_ok": "sms_ok-y",
                     "carrier": "carrier-0"}
    english_name = StringField("영문명")
    nationality = StringField("국적")
    user_id = StringField("아이디", description=HINT)
    password = PasswordField("비밀번호")
    password_confirm = PasswordField("비밀번호 확인")
    mail_to = RadioField("우편물 수령지", choices=[("home", "자택"), ("work", "직장")], validate_choice=False)
    home_postcode = StringField("거주주소 우편번호")
    home_address = StringField("거주주소 도로명주소")
    home_address_jibun = StringField("거주주소 지번주소")
    home_address_detail = StringField("거주주소 상세주소")
    work_postcode = StringField("직장주소 우편번호")
    work_address = StringField("직장주소 도로명주소")
    work_address_jibun = StringField("직장주소 지번주소")
    work_address_detail = StringField("직장주소 상세주소")
    other_postcode = StringField("별도거주소 우편번호")
    other_address = StringField("별도거주소 도로명주소")
    other_address_jibun = StringField("별도거주소 지번주소")
    other_address_detail = StringField("별도거주소 상세주소")
    home_phone = StringField("지역전화번호")
    work_phone = StringField("직장전화번호")
    carrier = RadioField("이용중인 통신사", choices=[(c, c) for c in CARRIERS], validate_choice=False)
    mobile = StringField("휴대전화번호")   # asked only when 본인인증 was by certificate (no number verified)
    mobile_code = StringField("인증번호 6자리")
    email = StringField("이메일")
    mail_ok = RadioField("우편물 수신여부", choices=[("y", "예"), ("n", "아니오")], validate_choice=False)
    email_ok = RadioField("이메일 수신여부", choices=[("y", "예"), ("n", "아니오")], validate_choice=False)
    sms_ok = RadioField("SMS 수신여부", choices=[("y", "예"), ("n", "아니오")], validate_choice=False)
    job_major = StringField("대분류")
    job_mid = StringField("중분류")
    job_minor = StringField("소분류")
    company = StringField("직장명")
    department = StringField("근무부서")
    position = StringField("직위")
