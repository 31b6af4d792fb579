"""Moves of the 마이페이지 web tests: log in with the Flask client, post with the page's CSRF token."""
from __future__ import annotations

from esop.db import db
from helpers import csrf_from, make_member, page_csrf

PASSWORD = "Kite#8203"
UA_CHROME_WIN = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36"
UA_FIREFOX_MAC = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:131.0) Gecko/20100101 Firefox/131.0"


def member(user_id="tester01", **fields):
    fields.setdefault("mobile", "010-2222-3333")
    fields.setdefault("home_phone", "02-3770-8800")
    fields.setdefault("email", "tester@example.com")
    return make_member(user_id=user_id, password=PASSWORD, **fields)


def login(client, user_id="tester01", password=PASSWORD, ua=UA_CHROME_WIN):
    token = page_csrf(client, "/login")
    return client.post("/login", data={"user_id": user_id, "password": password, "csrf_token": token},
                       headers={"User-Agent": ua})


def post(client, url, data, page=None, **kw):
    token = page_csrf(client, page or url)
    return client.post(url, data=dict(data, csrf_token=token), **kw)


def fresh(model_row):
    with db.connection_context():
        return type(model_row).get_by_id(model_row.id)


__all__ = ["PASSWORD", "csrf_from", "fresh", "login", "member", "post"]
