"""Fragments shared by flows: 우편번호 검색 (address search) and its 시도 → 시군구 selects."""
from flask import Blueprint

bp = Blueprint("lookup", __name__, url_prefix="/lookup")

from . import address  # noqa: E402,F401
