"""동의 관리 (the ledger keeps every past state), the re-consent interruption, 개인신용정보 현황."""
from __future__ import annotations

import pytest

from esop.db import db
from esop.models import consent
from esop.models.consent import ConsentRecord, Document
from mypage_steps import login, member, post


def _signed_up(m, marketing=False):
    """The answers sign-up records (2-1, 2-2), attached to the member as the wizard does."""
    with db.connection_context():
        for slug in consent.TERMS:
            consent.record_answers("f", consent.current(slug), {"agree": True}, viewed=True, member=m)
        consent.record_answers("f", consent.current("credit-info-consent"),
                               {k: True for k, _ in consent.CREDIT_ITEMS}, viewed=True, member=m)
        answers = {"agree": marketing, **{f"channel:{c}": marketing and c == "sms"
                                          for c, _ in consent.MARKETING_CHANNELS}}
        consent.record_answers("f", consent.current("marketing-consent"), answers, viewed=True, member=m)


@pytest.fixture
def signed_up(app, client):
    m, _ = member()
    _signed_up(m)
    assert login(client).status_code == 302
    return m


def _rows(m):
    with db.connection_context():
        return list(ConsentRecord.select().where(ConsentRecord.member == m.id).order_by(ConsentRecord.id))


def test_consents_page_lists_documents_with_version_and_date(client, signed_up):
    html = client.get("/account/consents").get_data(as_text=True)
    assert "제1판" in html and "필수" in html and "선택" in html
    assert "개인(신용)정보 수집·이용 동의여부: 동의" in html and "동의 변경 이력" in html


def test_marketing_given_and_withdrawn_appends_rows_and_keeps_the_past(client, signed_up):
    before = _rows(signed_up)
    r = post(client, "/account/consents", {"marketing": "yes", "channel": ["email", "mail"]})
    assert r.status_code == 302
    r = post(client, "/account/consents", {"marketing": "no", "channel": ["email"]})
    assert r.status_code == 302
    after = _rows(signed_up)
    assert after[:len(before)] == before  # nothing rewritten
    assert [(r.answer) for r in before] == [r.answer for r in after[:len(before)]]
    new = after[len(before):]
    assert len(new) == 10  # two snapshots of agree + 4 channels
    first, second = new[:5], new[5:]
    assert {r.item: r.answer for r in first} == {"agree": True, "channel:sms": False, "channel:email": True,
                                                  "channel:phone": False, "channel:mail": True}
    assert {r.item: r.answer for r in second} == {"agree": False, "channel:sms": False, "channel:email": False,
                                                   "channel:phone": False, "channel:mail": False}
    # An unchanged answer adds nothing.
    assert post(client, "/account/consents", {"marketing": "no"}).status_code == 302
    assert len(_rows(signed_up)) == len(after)
    assert "변경된 내용이 없습니다." in client.get("/account/consents").get_data(as_text=True)


@pytest.mark.parametrize("data,message", [({"marketing": "yes"}, "안내수단을 하나 이상"),
                                          ({}, "동의여부를 선택해 주십시오"),
                                          ({"marketing": "maybe"}, "동의여부를 선택해 주십시오")])
def test_marketing_bad_inputs(client, signed_up, data, message):
    count = len(_rows(signed_up))
    r = post(client, "/account/consents", data)
    html = r.get_data(as_text=True)
    assert r.status_code == 422 and message in html and "<title>오류: " in html and 'aria-invalid="true"' in html
    assert len(_rows(signed_up)) == count


def test_marketing_by_htmx_answers_with_the_fragment_and_a_live_message(client, signed_up):
    r = post(client, "/account/consents", {"marketing": "yes", "channel": "phone"}, headers={"HX-Request": "true"})
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and 'id="marketing-block"' in html and "<html" not in html
    assert 'id="live-status" hx-swap-oob' in html and "동의를 변경했습니다" in html


def test_marketing_without_csrf_is_refused(client, signed_up):
    assert client.post("/account/consents", data={"marketing": "yes", "channel": "sms"}).status_code == 400


def _publish_v2(slug="privacy-policy"):
    with db.connection_context():
        v1 = consent.current(slug)
        return Document.create(slug=slug, version=v1.version + 1, title=v1.title, body=v1.body + "\n\n제99조 (개정)\n새 조항",
                               kind=v1.kind, required=v1.required)


def test_a_new_required_version_interrupts_the_next_login(app, client, signed_up):
    assert client.get("/account/").status_code == 200  # this login is checked once, at its first page
    v2 = _publish_v2()
    assert client.get("/account/").status_code == 200  # so a version published meanwhile waits for the next login
    client.post("/logout", data={"csrf_token": ""})
    other = app.test_client()
    r = login(other)
    assert r.status_code == 302
    r = other.get("/account/security")
    assert r.status_code == 302 and "/account/agreements?next=/account/security" in r.headers["Location"]
    page = other.get("/account/agreements?next=/account/security").get_data(as_text=True)
    assert "제2판" in page and "새 조항" in page
    r = post(other, "/account/agreements?next=/account/security", {}, page="/account/agreements")
    assert r.status_code == 422 and "<title>오류: " in r.get_data(as_text=True)
    r = post(other, "/account/agreements?next=/account/security", {"agree": "privacy-policy"},
             page="/account/agreements")
    assert r.status_code == 302 and r.headers["Location"].endswith("/account/security")
    assert other.get("/account/security").status_code == 200
    with db.connection_context():
        assert ConsentRecord.select().where((ConsentRecord.member == signed_up.id)
                                            & (ConsentRecord.document == v2.id)).count() == 1
    # The v1 answer is still there.
    assert any(r.document_id != v2.id and r.item == "agree" for r in _rows(signed_up))


def test_members_without_records_and_new_optional_versions_are_not_interrupted(app, client):
    member("noledger1")
    assert login(client, "noledger1").status_code == 302
    _publish_v2("marketing-consent")
    other = app.test_client()
    login(other, "noledger1")
    assert other.get("/account/").status_code == 200


def test_credit_info_shows_collection_and_provision_from_ledger_and_audit(client, signed_up):
    from esop.models import audit
    with db.connection_context():
        audit.record("cert.registered", member=signed_up, subject="tester01", kind="financial", serial="ab12")
        audit.record("certcenter.departure_query", member=signed_up, subject="tester01")
    html = client.get("/account/credit-info").get_data(as_text=True)
    assert "나이스평가정보" in html and "금융결제원" in html and "법무부" in html
    assert "고유식별정보 수집·이용" in html and "회원관리" in html
