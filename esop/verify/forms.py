"""추가인증 forms: the codes' shape as validators (esop/forms.py); the checks against the medium live in
media_checks and channels."""
from __future__ import annotations

from wtforms import PasswordField, RadioField, SelectField, StringField

from ..adapters.bank import BANKS
from ..forms import EsopForm, NumericCode


class ChooseForm(EsopForm):
    method = RadioField("본인확인 추가인증 선택", validate_choice=False)


class AccountForm(EsopForm):
    account = RadioField("예수금계좌번호", validate_choice=False)
    password = PasswordField("예수금계좌비밀번호", validators=[NumericCode(4, label="예수금계좌비밀번호")])


class CodeForm(EsopForm):
    code = StringField("인증번호 6자리", validators=[NumericCode(6)])


class OneTimeForm(EsopForm):
    code = StringField("1회용 인증번호 (숫자 6~8자리)", validators=[NumericCode(6, 8, label="1회용 인증번호")])


class OtpForm(EsopForm):
    serial = StringField("OTP일련번호")
    code = StringField("OTP비밀번호 (숫자 6~8자리)", validators=[NumericCode(6, 8, label="OTP비밀번호")])


class ArsForm(EsopForm):
    phone = RadioField("승인 전화를 받을 전화번호", validate_choice=False)


class CardForm(EsopForm):
    serial = StringField("보안카드 일련번호 끝 3자리")
    first = PasswordField("첫 번째 암호")
    second = PasswordField("두 번째 암호")


class TransferForm(EsopForm):
    bank = SelectField("금융기관명", choices=[("", "선택해 주십시오")] + [(b, b) for b in BANKS],
                       validate_choice=False)
    account = StringField("본인 명의 계좌번호")


class TransferCodeForm(EsopForm):
    code = StringField("입금자명의 인증번호 6자리", validators=[NumericCode(6)])
