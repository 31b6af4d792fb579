"""Input no person can type: NUL characters are refused at the door (PostgreSQL cannot store them)."""
from __future__ import annotations

from flask import request


def init_app(app) -> None:
    @app.before_request
    def _refuse_nul():
        from ..errors import error_page
        pairs = list(request.args.lists()) + (list(request.form.lists()) if request.form else [])
        if any("\x00" in key or any("\x00" in value for value in values) for key, values in pairs):
            return error_page(400, "입력 내용에 사용할 수 없는 문자가 들어 있습니다. 다시 입력해 주십시오.")
        return None
