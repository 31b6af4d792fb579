"""2-4 without JS (issue 17): a password that passed its rules and its confirmation on a submit that
failed elsewhere is kept in the flow as the member's argon2 hash, so it is not typed up to three times."""
from __future__ import annotations

from esop.db import db
from esop.models.flow import SignupFlow
from esop.models.member import Member
from helpers import page_csrf
from signup_steps import PASSWORD, do_profile, walk_to_profile

KEPT = "비밀번호가 입력되었습니다. 바꾸려면 새로 입력하십시오."


def text(r):
    return r.get_data(as_text=True)


def login(client, password):
    token = page_csrf(client, "/login")
    return client.post("/login", data={"csrf_token": token, "user_id": "kimhk2026", "password": password})


def raw_kept_hash() -> str | None:
    with db.connection_context():
        row = db.execute_sql('SELECT "kept_password_hash" FROM "signup_flow" ORDER BY "id" DESC LIMIT 1').fetchone()
    return row[0]


def test_a_valid_password_is_kept_when_another_field_fails(client):
    walk_to_profile(client)
    r = do_profile(client, email="not-an-email")
    assert r.status_code == 422
    page = text(r)
    assert KEPT in page and PASSWORD not in page
    assert 'id="password-kept"' in page and 'aria-describedby="password-kept' in page
    kept = raw_kept_hash()
    assert kept and kept.startswith("$argon2") and PASSWORD not in kept
    r = do_profile(client, password="", password_confirm="")
    assert r.status_code == 302 and r.headers["Location"].endswith("/signup/done")
    with db.connection_context():
        assert Member.get(Member.user_id == "kimhk2026").password_hash == kept
    assert raw_kept_hash() is None           # the flow ended: nothing kept beside the member
    assert login(client, PASSWORD).status_code == 302


def test_a_new_typed_password_replaces_the_kept_one(client):
    walk_to_profile(client)
    do_profile(client, email="not-an-email")
    first = raw_kept_hash()
    r = do_profile(client, password="Lark$5927", password_confirm="Lark$5927", home_phone="12")
    assert r.status_code == 422 and KEPT in text(r) and raw_kept_hash() != first
    assert do_profile(client, password="", password_confirm="").status_code == 302
    assert login(client, "Lark$5927").status_code == 302


def test_a_password_that_fails_is_not_kept_and_drops_the_kept_one(client):
    walk_to_profile(client)
    do_profile(client, email="not-an-email")
    r = do_profile(client, password="Lark$5927", password_confirm="Lark$5928")
    assert r.status_code == 422 and KEPT not in text(r) and raw_kept_hash() is None


def test_a_changed_id_asks_for_the_password_again(client):
    """The kept password was checked against the ID then typed ('아이디 포함 불가'), so it stands only for it."""
    walk_to_profile(client)
    do_profile(client, email="not-an-email")
    r = do_profile(client, user_id="kite8203", password="", password_confirm="")
    assert r.status_code == 422 and KEPT not in text(r)
    assert 'id="password-error"' in text(r) and raw_kept_hash() is None


def test_nothing_is_kept_without_a_prior_valid_password(client):
    walk_to_profile(client)
    r = do_profile(client, password="", password_confirm="")
    assert r.status_code == 422 and KEPT not in text(r) and 'id="password-error"' in text(r)
    with db.connection_context():
        assert SignupFlow.select().count() == 1


def test_the_no_js_round_trips_keep_a_password_that_passes_too(client):
    """중복확인 and 직업검색 without JS reload the page as well (issue 17: 'typed up to three times')."""
    walk_to_profile(client)
    token = page_csrf(client, "/signup/profile")
    r = client.post("/signup/profile/id-check", data={"csrf_token": token, "user_id": "kimhk2026",
                                                      "password": PASSWORD, "password_confirm": PASSWORD})
    assert KEPT in text(r) and PASSWORD not in text(r)
    r = client.post("/signup/profile/jobs", data={"csrf_token": token, "job_major": "3", "user_id": "kimhk2026",
                                                  "password": "Lark$5927", "password_confirm": "Lark$5927"})
    assert r.status_code == 302 and KEPT in text(client.get("/signup/profile"))
    assert do_profile(client, password="", password_confirm="").status_code == 302
    assert login(client, "Lark$5927").status_code == 302


def test_a_round_trip_with_a_password_that_fails_leaves_nothing_kept(client):
    walk_to_profile(client)
    token = page_csrf(client, "/signup/profile")
    client.post("/signup/profile/id-check", data={"csrf_token": token, "user_id": "kimhk2026",
                                                  "password": PASSWORD, "password_confirm": "Other#5521"})
    assert raw_kept_hash() is None
