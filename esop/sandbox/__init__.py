"""The sandbox console: what the simulated outside parties sent, and switches to steer them."""
from flask import Blueprint

bp = Blueprint("sandbox", __name__, url_prefix="/sandbox")

from . import views  # noqa: E402,F401
