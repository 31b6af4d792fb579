"""마이페이지 forms: CSRF, kept values, error order, and the field rules of esop/rules as validators;
what needs the member or the database lives in the services."""
from __future__ import annotations

from wtforms import BooleanField, PasswordField, RadioField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, EqualTo
from wtforms.widgets import CheckboxInput, ListWidget

from ..forms import Digits, EsopForm, Mobile, NewPassword, NumericCode, Required
from ..models.consent import MARKETING_CHANNELS
from ..signup.forms import ProfileForm


class PasswordChangeForm(EsopForm):
    current_password = PasswordField("현재 비밀번호", validators=[Required("현재 비밀번호를 입력해 주십시오.")])
    new_password = PasswordField("새 비밀번호", validators=[Required("새 비밀번호를 입력해 주십시오."),
                                                       NewPassword(lead="비밀번호 규칙에 맞지 않습니다: ")])
    new_password_confirm = PasswordField("새 비밀번호 확인", validators=[
        EqualTo("new_password", "새 비밀번호와 새 비밀번호 확인이 일치하지 않습니다.")])


class MobileForm(EsopForm):
    mobile = StringField("새 휴대전화번호", validators=[Mobile("휴대전화번호를 010-1234-5678 형식으로 정확히 입력해 주십시오.")])
    # Re-authentication before the change (issue 13).
    password = PasswordField("현재 비밀번호", validators=[Required("현재 비밀번호를 입력해 주십시오.")])


class MobileCodeForm(EsopForm):
    code = StringField("인증번호 6자리", validators=[NumericCode(6)])


class MarketingForm(EsopForm):
    marketing = RadioField("상품서비스 안내 동의여부", choices=[("yes", "동의함"), ("no", "동의안함")],
                           validate_choice=False)
    channel = SelectMultipleField("상품 서비스 안내수단", choices=list(MARKETING_CHANNELS), validate_choice=False,
                                  widget=ListWidget(prefix_label=False), option_widget=CheckboxInput())


class AgreementsForm(EsopForm):
    """The interruption page: one '동의함' box per document whose new version needs agreeing."""


class WithdrawForm(EsopForm):
    password = PasswordField("비밀번호", validators=[Required("비밀번호를 입력해 주십시오.")])
    rrn_front = StringField("주민등록번호 앞 6자리", validators=[Digits(6, "주민등록번호 앞 6자리를 숫자로 입력해 주십시오.")])
    rrn_back = PasswordField("주민등록번호 뒤 7자리", validators=[Digits(7, "주민등록번호 뒤 7자리를 숫자로 입력해 주십시오.")])
    confirm = BooleanField("위 내용을 확인하였으며 회원탈퇴에 동의합니다.",
                           validators=[DataRequired("회원탈퇴 안내를 확인하고 동의에 체크해 주십시오.")])


class EmptyForm(EsopForm):
    """A button that only needs the CSRF token (로그아웃 of other sessions, 본인이 아닙니다)."""


class ProfileChangeForm(ProfileForm):
    """고객정보 변경: 2-4's form and rules without what this page does not edit — 아이디 (the login
    name never changes), 비밀번호 and 휴대전화번호 (their own pages)."""
    user_id = password = password_confirm = carrier = mobile = mobile_code = None
