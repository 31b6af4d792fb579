"""The flow engine's conditional transition against real servers: a double click of 2-4's 가입 button,
its two posts on two gunicorn instances over one database (SQLite file, or PostgreSQL with
ESOP_TEST_POSTGRES), advances the flow once — one member, both clicks land on 가입완료."""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from esop.db import db
from relkit import Walker, phone_for
from serverkit import gunicorn_servers
from signup_steps import profile_data

ROUNDS = 3


@pytest.fixture
def servers(app, database_url, tmp_path):
    db.close()
    with gunicorn_servers(database_url, tmp_path, count=2, workers=2) as pairs:
        yield [url for url, _ in pairs]


def test_a_double_click_on_two_servers_makes_one_member_and_both_land_on_done(servers):
    from esop.models.member import Member
    with ThreadPoolExecutor(2) as pool:
        for n in range(ROUNDS):
            walker = Walker(servers)
            walker.to_profile(phone_for(900 + n))
            token = walker.profile_token()
            gate = threading.Barrier(2)

            data = dict(profile_data(user_id=f"dclick{n:02d}", mobile=phone_for(900 + n)), csrf_token=token)

            def click(server):
                gate.wait()  # each click reaches its own server
                return walker.request(server + "/signup/profile", data, headers={"X-Forwarded-For": walker.ip})
            results = list(pool.map(click, servers))
            statuses = [s for s, _, _ in results]
            assert statuses == [302, 302], (statuses, [b[:600] for s, _, b in results if s != 302])
            assert all(h["Location"].endswith("/signup/done") for _, h, _ in results)
            with db.connection_context():
                assert Member.select().where(Member.user_id == f"dclick{n:02d}").count() == 1
