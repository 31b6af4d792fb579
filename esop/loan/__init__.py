"""대출가능금액 조회 (manual 2-5: offered on 가입완료; 대출거래 needs a certificate login)."""
from flask import Blueprint

bp = Blueprint("loan", __name__, url_prefix="/loan")

from . import views  # noqa: E402,F401
