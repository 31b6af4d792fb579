"""패스키 (WebAuthn) as 간편인증 (issue 16): registered in 마이페이지 > 보안 after 추가인증, used on the
login page with nothing typed. Login goes through the one gate (account/gate.py) like every way in."""
from flask import Blueprint

bp = Blueprint("passkeys", __name__)

from . import views_login, views_manage  # noqa: E402,F401
