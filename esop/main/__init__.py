"""메인페이지, 전체메뉴, 인증센터 안내, 고객센터."""
from flask import Blueprint

bp = Blueprint("main", __name__)

from . import views, documents  # noqa: E402,F401
