"""로그인 form."""
from wtforms import PasswordField, StringField
from wtforms.validators import InputRequired

from ..forms import EsopForm


class LoginForm(EsopForm):
    user_id = StringField("아이디", validators=[InputRequired("아이디를 입력해 주십시오.")])
    password = PasswordField("비밀번호", validators=[InputRequired("비밀번호를 입력해 주십시오.")])
