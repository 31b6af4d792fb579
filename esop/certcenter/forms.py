"""Forms of the certificate center (labels are the manual's wording)."""
from wtforms import BooleanField, HiddenField, PasswordField, StringField

from ..forms import EsopForm


class IdentityForm(EsopForm):
    """■ 본인확인 (3-1, 3-2)."""
    user_id = StringField("증권금융 인터넷뱅킹 ID")
    password = PasswordField("증권금융 인터넷뱅킹 비밀번호")
    rrn = PasswordField("주민등록번호")


class OverseasForm(EsopForm):
    consent = BooleanField("동의함")


class CloudInfoForm(EsopForm):
    """클라우드 인증서 프로그램 > 고객정보 입력 (이름, 생년월일, 휴대폰번호)."""
    name = StringField("이름")
    birth = StringField("생년월일")
    phone = StringField("휴대폰번호")
    auto = BooleanField("자동연결")


class CloudCodeForm(EsopForm):
    code = StringField("확인코드")


class SignForm(EsopForm):
    nonce = HiddenField()
    pin = PasswordField("인증서 비밀번호")
