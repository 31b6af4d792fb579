"""회원가입: 1 약관동의 → 2 실명확인 → 3 고객정보입력 → 4 가입완료 (manual 2-1 … 2-5)."""
from flask import Blueprint

bp = Blueprint("signup", __name__, url_prefix="/signup")

from . import views_terms, views_identity, views_profile  # noqa: E402,F401
