"""단말기 지정 (issue 16): a member's registered browsers; with the service on, a login from any other
browser passes 추가인증 first (account/auth.py `log_in` asks `gate.held`)."""
from flask import Blueprint

bp = Blueprint("devices", __name__)

from . import views  # noqa: E402,F401
