"""Every redirect sink goes through one check (issue 13, open redirect; ASVS 5.1.5): login `next`,
시간 연장's `back`, login_required's HX-Redirect and go(). Werkzeug drops TAB/CR/LF while writing
Location and browsers read `\\` as `/`, so `/<TAB>/evil.example` used to end at //evil.example."""
from __future__ import annotations

import pytest

from esop.db import db
from esop.models.session import LoginSession
from helpers import make_member, page_csrf
from mypage_steps import login, member, post

# Values as the browser sends them in a query string (already percent-encoded once).
HOSTILE_QUERY = [
    "/%09/evil.example", "/%0d/evil.example", "/%0a/evil.example", "/%0d%0aSet-Cookie:%20x=1",
    "//evil.example", "https://evil.example/", "/%5Cevil.example", "%5C%5Cevil.example", "/%5C/evil.example",
    "/%2F%2Fevil.example", "/%252F%252Fevil.example", "/%255Cevil.example", "/%2509/evil.example",
    "javascript:alert(1)", "/%E3%80%80/evil.example", "/.//evil.example", "/%7F/evil.example",
]
# The same attacks as a form posts them (decoded once by the server already).
HOSTILE_FORM = ["/\t/evil.example", "/\r/evil.example", "/\n/evil.example", "/account\r\nX-Evil: 1",
                "//evil.example", "https://evil.example/", "/\\evil.example", "\\\\evil.example",
                "/%2F%2Fevil.example", "/%5Cevil.example", "/%09/evil.example", "/\x00/evil.example"]


@pytest.fixture
def m(app):
    return member()


@pytest.mark.parametrize("next_", HOSTILE_QUERY)
def test_login_next_never_leaves_the_site_and_never_500s(client, next_):
    make_member()
    token = page_csrf(client, "/login")
    r = client.post(f"/login?next={next_}", data={"csrf_token": token, "user_id": "tester01",
                                                  "password": "Abcd#2580"})
    assert r.status_code == 302 and r.headers["Location"] == "/"


def test_login_next_of_our_own_page_still_returns_there(client):
    make_member()
    token = page_csrf(client, "/login")
    r = client.post("/login?next=/account/security%3Ftab%3D1", data={"csrf_token": token, "user_id": "tester01",
                                                                     "password": "Abcd#2580"})
    assert r.status_code == 302 and r.headers["Location"] == "/account/security?tab=1"


@pytest.mark.parametrize("back", HOSTILE_FORM)
def test_session_extend_back_falls_back_to_the_start(client, m, back):
    login(client)
    r = post(client, "/account/session/extend", {"back": back}, page="/")
    assert r.status_code == 302 and r.headers["Location"] == "/"


@pytest.mark.parametrize("back", ["/signup/\r\nX-Evil: 1", "/signup/\t/evil.example", "/signup/%2F%2Fevil"])
def test_signup_extend_back_falls_back_to_the_terms(client, back):
    from signup_steps import do_terms
    do_terms(client)
    r = post(client, "/signup/extend", {"back": back}, page="/signup/consent")
    assert r.status_code == 302 and r.headers["Location"] == "/signup/terms"


def test_login_required_hx_redirect_carries_no_foreign_next(client, m):
    login(client)
    token = page_csrf(client, "/account/security")
    with db.connection_context():
        LoginSession.delete().execute()
    r = client.post("/account/session/extend", data={"back": "/", "csrf_token": token},
                    headers={"HX-Request": "true", "HX-Current-URL": "http://localhost//evil.example/x"})
    assert r.status_code == 200 and r.headers["HX-Redirect"] == "/login?expired=1"


@pytest.mark.parametrize("next_", ["/%09/evil.example", "//evil.example", "/%0d%0a"])
@pytest.mark.parametrize("htmx", [False, True])
def test_go_refuses_a_foreign_target_as_302_and_as_hx_redirect(client, m, next_, htmx):
    login(client)
    r = client.get(f"/account/agreements?next={next_}", headers={"HX-Request": "true"} if htmx else {})
    where = r.headers["HX-Redirect"] if htmx else r.headers["Location"]
    assert where == "/"


@pytest.mark.parametrize("next_", ["/signup/%0d%0aX-Evil:%201", "/signup/%09/evil.example"])
def test_certificate_signup_entry_refuses_a_hostile_next(client, next_):
    assert client.get(f"/certcenter/sign/joint?next={next_}").status_code == 400
