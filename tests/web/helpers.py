"""Small helpers for Flask-client tests: CSRF tokens from pages, members built by the services."""
from __future__ import annotations

import re

from esop.db import db


def csrf_from(html: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html) or \
        re.search(r'name="csrf-token" content="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def page_csrf(client, url: str) -> str:
    return csrf_from(client.get(url).get_data(as_text=True))


def make_member(user_id="tester01", password="Abcd#2580", name="김한국", rrn=None, **fields):
    import datetime as dt
    import random

    from esop.models.member import Member, rrn_index
    from esop.rules.rrn import generate_valid_rrn
    from esop.security import passwords
    rrn = rrn or generate_valid_rrn(dt.date(1985, 7, 2), "M", rng=random.Random(user_id))
    with db.connection_context():
        return Member.create(user_id=user_id, name=name, rrn=rrn, rrn_index=rrn_index(rrn),
                             password_hash=passwords.hash_password(password), **fields), rrn
