"""Forms of the password re-registration: wiring only."""
from __future__ import annotations

from wtforms import PasswordField, StringField

from ..forms import EsopForm


class IdentifyForm(EsopForm):
    user_id = StringField("아이디")
    rrn_front = StringField("주민등록번호 앞 6자리")
    rrn_back = PasswordField("주민등록번호 뒤 7자리")


class NewPasswordForm(EsopForm):
    password = PasswordField("새 비밀번호")
    password_confirm = PasswordField("새 비밀번호 확인")
