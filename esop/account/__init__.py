"""로그인 / 로그아웃 and (later) the member's own pages."""
from flask import Blueprint

bp = Blueprint("account", __name__)

from . import views  # noqa: E402,F401
