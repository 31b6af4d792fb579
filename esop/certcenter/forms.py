"""Forms of the certificate center (labels are the manual's wording)."""
from wtforms import BooleanField, HiddenField, PasswordField, StringField
from wtforms.validators import Length

from ..forms import BirthDate, Digits, EsopForm, Mobile, NumericCode, Required


class IdentityForm(EsopForm):
    """■ 본인확인 (3-1, 3-2). Logged in, the view puts the member's ID in `user_id` before validating."""
    user_id = StringField("증권금융 인터넷뱅킹 ID", validators=[Required("증권금융 인터넷뱅킹 ID를 입력해 주십시오.")])
    password = PasswordField("증권금융 인터넷뱅킹 비밀번호",
                             validators=[Required("증권금융 인터넷뱅킹 비밀번호를 입력해 주십시오.")])
    rrn = PasswordField("주민등록번호", validators=[Digits(13, "주민등록번호 13자리를 - 없이 입력해 주십시오.")])


class OverseasForm(EsopForm):
    consent = BooleanField("동의함")


class CloudInfoForm(EsopForm):
    """클라우드 인증서 프로그램 > 고객정보 입력 (이름, 생년월일, 휴대폰번호)."""
    name = StringField("이름", validators=[Required("이름을 입력해 주십시오."),
                                         Length(max=40, message="이름을 입력해 주십시오.")])
    birth = StringField("생년월일", validators=[BirthDate("생년월일을 8자리 숫자로 입력해 주십시오. 예) 19710321")])
    phone = StringField("휴대폰번호", validators=[Mobile("휴대폰번호를 010-1234-5678 형식으로 정확히 입력해 주십시오.")])
    auto = BooleanField("자동연결")


class CloudCodeForm(EsopForm):
    code = StringField("확인코드", validators=[NumericCode(6, label="확인코드")])


class SignForm(EsopForm):
    nonce = HiddenField()
    pin = PasswordField("인증서 비밀번호")
