"""Accessible error pages in Korean; htmx requests get the same message as a fragment."""
from __future__ import annotations

import logging

from flask import render_template
from flask_wtf.csrf import CSRFError
from peewee import DataError, InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException

from .web import is_htmx

log = logging.getLogger(__name__)

MESSAGES = {
    400: ("요청을 처리할 수 없습니다", "입력하신 내용을 확인한 뒤 다시 시도해 주십시오."),
    403: ("접근 권한이 없습니다", "이 페이지를 볼 수 있는 권한이 없습니다."),
    404: ("페이지를 찾을 수 없습니다", "주소가 바뀌었거나 삭제된 페이지입니다. 주소를 확인하시거나 메인페이지에서 다시 찾아 주십시오."),
    405: ("허용되지 않는 요청입니다", "이 주소는 그 방식으로 요청할 수 없습니다."),
    413: ("입력 내용이 너무 깁니다", "입력하신 내용이 허용된 크기를 넘었습니다."),
    429: ("요청이 너무 많습니다", "잠시 후 다시 시도해 주십시오."),
    500: ("일시적인 오류가 발생했습니다", "불편을 드려 죄송합니다. 잠시 후 다시 시도해 주십시오. 문제가 계속되면 고객센터로 연락해 주십시오."),
    503: ("서비스를 잠시 이용할 수 없습니다", "시스템이 일시적으로 응답하지 않습니다. 입력하신 내용은 저장되지 않았을 수 있으니 잠시 후 다시 시도해 주십시오."),
}


def error_page(status: int, detail: str | None = None, retry_after: int | None = None):
    title, message = MESSAGES.get(status, MESSAGES[500])
    template = "errors/_error.html" if is_htmx() else "errors/error.html"
    body = render_template(template, status=status, title=title, message=detail or message)
    headers = {"Retry-After": str(retry_after)} if retry_after else {}
    return body, status, headers


def init_app(app) -> None:
    @app.errorhandler(CSRFError)
    def _csrf(e):
        return error_page(400, "보안 확인 정보(CSRF 토큰)가 없거나 만료되었습니다. "
                               "페이지를 새로고침한 뒤 다시 시도해 주십시오.")

    @app.errorhandler(HTTPException)
    def _http(e):
        return error_page(e.code or 500)

    @app.errorhandler(DataError)
    def _too_long(e):
        # PostgreSQL enforces column lengths that SQLite ignores; a field that slipped past its
        # form check is bad input, not a crash (and the transaction was rolled back).
        log.warning("input refused by the database: %s", e.__class__.__name__)
        return error_page(413)

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    def _db_down(e):
        log.error("database unavailable: %s", e.__class__.__name__)
        return error_page(503, retry_after=30)

    @app.errorhandler(Exception)
    def _crash(e):
        log.exception("unhandled error")
        return error_page(500)
