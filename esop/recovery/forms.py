"""Forms of the password re-registration: the field rules of esop/rules as validators."""
from __future__ import annotations

from wtforms import PasswordField, StringField
from wtforms.validators import EqualTo

from ..forms import EsopForm, NewPassword, Required, Rrn


class IdentifyForm(EsopForm):
    user_id = StringField("아이디", validators=[Required("아이디를 입력해 주십시오.")])
    rrn_front = StringField("주민등록번호 앞 6자리")
    rrn_back = PasswordField("주민등록번호 뒤 7자리",
                             validators=[Rrn(message="주민등록번호 앞 6자리와 뒤 7자리를 숫자로 입력해 주십시오.",
                                             shape_only=True)])


class NewPasswordForm(EsopForm):
    # One message naming the failed rules, as 2-4 and 마이페이지 say it (the rule list beside marks them).
    password = PasswordField("새 비밀번호", validators=[NewPassword(lead="비밀번호 규칙에 맞지 않습니다: ")])
    password_confirm = PasswordField("새 비밀번호 확인",
                                     validators=[EqualTo("password", "새 비밀번호와 새 비밀번호 확인이 일치하지 않습니다.")])
