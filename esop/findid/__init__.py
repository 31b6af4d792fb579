"""아이디 찾기 (issue 16): 실명확인 → 휴대폰 본인인증 → the ID masked on screen, in full by SMS."""
from flask import Blueprint

bp = Blueprint("findid", __name__, url_prefix="/find-id")

from . import views  # noqa: E402,F401
