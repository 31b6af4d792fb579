"""추가인증: verification steps any flow can chain (manual 3-1, 3-2; issue 5)."""
from flask import Blueprint

bp = Blueprint("verify", __name__, url_prefix="/verify")

from . import views  # noqa: E402,F401
