"""비밀번호 재등록(잠금 해제): 본인확인 → 추가인증 → new password → login unlocked."""
from flask import Blueprint

bp = Blueprint("recovery", __name__, url_prefix="/account-recovery")

from . import views  # noqa: E402,F401
