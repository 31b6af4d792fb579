"""대출가능금액 조회 (manual 2-5 가입완료 → '대출가능금액 조회'): the figures of the 우리사주 holdings/loan
system after a certificate login; a password login is sent to 인증서 로그인; a system outage is a message."""
from __future__ import annotations

import re

import pytest
from cert_helpers import cert_member, issue, login_attempt, register_directly
from helpers import page_csrf

from esop.adapters.holdings import SandboxHoldings
from esop.db import db
from esop.models.member import Member
from esop.models.sandbox import set_switch

PASSWORD = "Abcd#2580"   # helpers.make_member's default


def text(r):
    return r.get_data(as_text=True)


def cells(html):
    """The figures table as {row header: value}."""
    return {re.sub(r"<[^>]+>", "", th).strip(): re.sub(r"<[^>]+>", "", td).strip()
            for th, td in re.findall(r'<th scope="row">(.*?)</th>\s*<td>(.*?)</td>', html, re.S)}


def set_holdings(client, user_id, **values):
    data = {"user_id": user_id, "shares": "", "price": "", "existing_loan": "", **values}
    return client.post("/sandbox/holdings", data=dict(data, csrf_token=page_csrf(client, "/sandbox/")))


@pytest.fixture
def cert_client(app, client):
    member, rrn = cert_member(app)
    cert = issue(app, rrn=rrn)
    register_directly(app, member.id, cert)
    assert login_attempt(client, app, rrn, cert).status_code in (200, 302)
    return client


def test_certificate_login_shows_shares_collateral_and_limit_with_units_and_the_rule(app, cert_client):
    assert set_holdings(cert_client, "certuser1", shares="1200", price="25300",
                        existing_loan="3000000").status_code == 302
    r = cert_client.get("/loan/limit")
    html = text(r)
    assert r.status_code == 200
    figures = cells(html)
    assert figures["보유 우리사주"] == "1,200주"
    assert figures["기준가격 (1주)"] == "25,300원"
    assert figures["담보평가금액"] == "30,360,000원"           # 1,200주 × 25,300원
    assert figures["담보인정금액 (60%)"] == "18,210,000원"      # × 60 %, 만원 미만 절사
    assert figures["기존 대출잔액"] == "3,000,000원"
    assert figures["대출가능금액"] == "15,210,000원"
    assert "기준일" in html and re.search(r"\d{4}-\d{2}-\d{2}", html)
    assert "담보인정비율" in html and "60%" in html


def test_the_collateral_ratio_is_a_setting_refused_outside_1_to_100(make_app):
    from esop.config import ConfigError
    assert make_app(env={"ESOP_LOAN_COLLATERAL_PERCENT": "50"}).config["LOAN_COLLATERAL_PERCENT"] == 50
    for bad in ("0", "101", "sixty"):
        with pytest.raises(ConfigError, match="ESOP_LOAN_COLLATERAL_PERCENT"):
            make_app(env={"ESOP_LOAN_COLLATERAL_PERCENT": bad})


def test_the_limit_is_never_negative(app, cert_client):
    set_holdings(cert_client, "certuser1", shares="10", price="10000", existing_loan="5000000")
    figures = cells(text(cert_client.get("/loan/limit")))
    assert figures["대출가능금액"] == "0원"


def test_sandbox_figures_are_the_same_for_a_member_every_time_without_a_console_setting(app, cert_client):
    first, second = cells(text(cert_client.get("/loan/limit"))), cells(text(cert_client.get("/loan/limit")))
    assert first == second and first["보유 우리사주"].endswith("주")
    with app.app_context(), db.connection_context():
        a, b = SandboxHoldings().holdings(Member(user_id="aaa111")), SandboxHoldings().holdings(Member(user_id="bbb222"))
    assert (a.shares, a.price) != (b.shares, b.price)


def test_password_login_is_told_a_certificate_login_is_needed_with_the_link(app, client):
    from helpers import make_member
    with app.app_context():
        make_member(user_id="pwuser01")
    client.post("/login", data={"csrf_token": page_csrf(client, "/login"), "user_id": "pwuser01",
                                "password": PASSWORD})
    r = client.get("/loan/limit")
    html = text(r)
    assert r.status_code == 200 and cells(html) == {}
    assert "대출가능금액은 인증서로 로그인하셔야 조회하실 수 있습니다" in html
    assert 'href="/login?next=/loan/limit#cert-login-title"' in html


def test_not_logged_in_explains_and_links_to_login(client):
    html = text(client.get("/loan/limit"))
    assert cells(html) == {} and "인증서로 로그인" in html and 'href="/login?next=/loan/limit#cert-login-title"' in html


def test_the_system_being_down_is_a_clear_message_not_a_500(app, cert_client):
    with db.connection_context():
        set_switch("holdings_down", True)
    r = cert_client.get("/loan/limit")
    assert r.status_code == 503 and cells(text(r)) == {}
    assert "우리사주 잔고·대출 시스템" in text(r) and "잠시 후 다시" in text(r)


def test_the_sign_up_done_page_link_still_arrives(client):
    r = client.get("/signup/loan-limit")
    assert r.status_code == 302 and r.headers["Location"].endswith("/loan/limit")


def test_sandbox_console_shows_and_refuses_bad_figures_next_to_the_field(app, client):
    r = set_holdings(client, "nobody99", shares="12")
    assert r.status_code == 422 and "가입된 아이디를 입력해 주십시오" in text(r)
    from helpers import make_member
    with app.app_context():
        make_member(user_id="hold0001")
    r = set_holdings(client, "hold0001", shares="-3", price="abc")
    assert r.status_code == 422 and "0 이상의 정수" in text(r) and 'value="-3"' in text(r)
    assert set_holdings(client, "hold0001", shares="77", price="1000").status_code == 302
    html = text(client.get("/sandbox/"))
    assert re.search(r"<td>hold0001</td>\s*<td>77</td>\s*<td>1,000</td>\s*<td>0</td>", html)
    assert 'name="holdings_down"' in html
