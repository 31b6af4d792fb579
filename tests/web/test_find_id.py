"""아이디 찾기 (issue 16): 실명확인 → 휴대폰 본인인증 (2-3's own) → the ID masked on screen and in full by SMS;
nothing says whether someone is a member before 본인인증."""
from __future__ import annotations

import re

import pytest

from esop.db import db
from esop.findid.service import mask_user_id
from esop.models.sandbox import SandboxMessage
from esop.models.member import Member
from helpers import make_member
from signup_steps import new_rrn, post

PHONE = "010-2345-6789"


def texts(to=PHONE):
    with db.connection_context():
        return list(SandboxMessage.select().where(SandboxMessage.to == to).order_by(SandboxMessage.id))


def realname(client, rrn, name="김한국"):
    return post(client, "/find-id/", {"name": name, "rrn_front": rrn[:6], "rrn_back": rrn[6:]})


def identity(client, phone=PHONE, code=None):
    post(client, "/find-id/identity/send", {"carrier": "KT", "mobile": phone}, page="/find-id/identity")
    code = code or texts(phone)[-1].code
    return post(client, "/find-id/identity/confirm", {"code": code}, page="/find-id/identity")


@pytest.mark.parametrize("user_id,masked", [("abcd12", "ab**12"), ("hong1234", "ho****34"), ("abc12", "a***2")])
def test_mask_user_id(user_id, masked):
    assert mask_user_id(user_id) == masked


def test_a_member_sees_the_masked_id_and_gets_it_in_full_by_sms(app, client):
    rrn = new_rrn("findid")
    make_member(user_id="hong1234", rrn=rrn)
    r = realname(client, rrn)
    assert r.status_code == 302 and r.headers["Location"].endswith("/find-id/identity")
    page = client.get("/find-id/identity").get_data(as_text=True)
    assert "hong1234" not in page and "가입된" not in page            # nothing told before 본인인증
    r = identity(client)
    assert r.status_code == 302 and r.headers["Location"].endswith("/find-id/result")
    page = client.get("/find-id/result").get_data(as_text=True)
    assert "ho****34" in page and "hong1234" not in page
    assert "아이디는 hong1234" in texts()[-1].body


def test_after_identity_a_non_member_is_told_no_id_exists(app, client):
    realname(client, new_rrn("nobody"))
    identity(client)
    page = client.get("/find-id/result").get_data(as_text=True)
    assert "가입된 아이디가 없습니다" in page and len(texts()) == 1     # only the code went out


def test_the_result_needs_identity_first(app, client):
    rrn = new_rrn("findid")
    make_member(user_id="hong1234", rrn=rrn)
    assert client.get("/find-id/result").status_code == 302
    realname(client, rrn)
    r = client.get("/find-id/result")
    assert r.status_code == 302 and r.headers["Location"].endswith("/find-id/")
    assert client.get("/find-id/identity").status_code == 200


def test_member_and_non_member_get_the_same_pages_before_identity(app, client):
    rrn = new_rrn("findid")
    make_member(user_id="hong1234", rrn=rrn)
    pages = []
    for r in (rrn, new_rrn("nobody")):
        c = app.test_client()
        realname(c, r)
        body = c.get("/find-id/identity").get_data(as_text=True)
        pages.append(re.sub(r"(csrf_token\" value|csrf-token\" content)=\"[^\"]+\"", "", body))
    assert pages[0] == pages[1]


def test_a_wrong_code_is_refused_beside_the_field(app, client):
    realname(client, new_rrn("findid"))
    r = identity(client, code="000000")
    body = r.get_data(as_text=True)
    assert r.status_code == 422 and "인증번호가 일치하지 않습니다" in body and 'class="error-summary"' in body


def test_bad_realname_input_keeps_what_was_typed(app, client):
    r = post(client, "/find-id/", {"name": "김한국", "rrn_front": "12", "rrn_back": ""})
    body = r.get_data(as_text=True)
    assert r.status_code == 422 and 'class="error-summary"' in body and 'value="12"' in body


def test_realname_is_throttled_per_ip_by_its_named_limit(app, client):
    app.config["LIMITS"] = dict(app.config["LIMITS"], **{"findid.ip": (2, 900)})
    for n in range(2):
        assert realname(client, new_rrn(f"p{n}")).status_code == 302
    r = realname(client, new_rrn("p3"))
    assert r.status_code == 429 and "아이디 찾기 요청이 너무 많습니다" in r.get_data(as_text=True)


def test_the_full_id_text_has_its_own_named_limit(app, client):
    app.config["LIMITS"] = dict(app.config["LIMITS"], **{"findid.number": (1, 86400)})
    rrn = new_rrn("findid")
    make_member(user_id="hong1234", rrn=rrn)
    for _ in range(2):
        c = app.test_client()
        realname(c, rrn)
        identity(c)
        page = c.get("/find-id/result").get_data(as_text=True)
    assert "ho****34" in page and "보내지 못했습니다" in page
    assert sum("아이디는" in t.body for t in texts()) == 1


def test_a_withdrawn_member_has_no_id(app, client):
    rrn = new_rrn("findid")
    m, _ = make_member(user_id="hong1234", rrn=rrn)
    with db.connection_context():
        Member.update(status="withdrawn").where(Member.id == m.id).execute()
    realname(client, rrn)
    identity(client)
    assert "가입된 아이디가 없습니다" in client.get("/find-id/result").get_data(as_text=True)


def test_linked_from_login_and_from_the_already_member_message(app, client):
    assert 'href="/find-id/"' in client.get("/login").get_data(as_text=True)
    from signup_steps import do_consent, do_realname, do_terms
    rrn = new_rrn("findid")
    make_member(user_id="hong1234", rrn=rrn)
    do_terms(client)
    do_consent(client)
    r = do_realname(client, rrn=rrn)
    assert "이미 회원" in r.get_data(as_text=True) and 'href="/find-id/"' in r.get_data(as_text=True)


def _by_certificate(client, app, cert_rrn):
    from cert_helpers import connect, issue, sign
    cert = issue(app, cloud="financial", name="김한국", rrn=cert_rrn, phone="010-2222-3333")
    assert client.get("/certcenter/sign/financial?next=/find-id/identity/certificate").status_code == 302
    connect(client, app, kind="financial", purpose="signup", name="김한국", rrn=cert_rrn, phone="010-2222-3333")
    r = sign(client, "financial", "signup", cert.id)
    assert r.status_code == 302 and r.headers["Location"].endswith("/find-id/identity/certificate")
    return client.get("/find-id/identity/certificate")


def test_identity_by_a_certificate_texts_the_id_to_the_registered_mobile(app, client):
    rrn = new_rrn("findid")
    make_member(user_id="hong1234", rrn=rrn, mobile="010-9876-5432")
    realname(client, rrn)
    r = _by_certificate(client, app, rrn)
    assert r.status_code == 302 and r.headers["Location"].endswith("/find-id/result")
    assert "ho****34" in client.get("/find-id/result").get_data(as_text=True)
    assert "아이디는 hong1234" in texts("010-9876-5432")[-1].body


def test_another_persons_certificate_is_refused(app, client):
    rrn = new_rrn("findid")
    make_member(user_id="hong1234", rrn=rrn, mobile="010-9876-5432")
    realname(client, rrn)
    r = _by_certificate(client, app, new_rrn("someone-else"))
    body = r.get_data(as_text=True)
    assert r.status_code == 422 and 'href="#cert-identity"' in body and "hong1234" not in body
    assert client.get("/find-id/result").status_code == 302 and not texts("010-9876-5432")
